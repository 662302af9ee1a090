"""Response headers every page carries beyond Django's own security headers."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Permissions-Policy: no camera, microphone, location or payment APIs for any page or
    anything embedded in it (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
