"""Requests carrying a NUL character (`%00`) are refused before any view reads them.

PostgreSQL can neither store nor compare text holding one (psycopg raises before the query
is sent), so a NUL in a token, a query or a form field would be a 500 wherever the value
reaches a lookup. No address, name or token of ours holds one: one check here instead of one
in every view. JSON bodies (webhooks) are left to their views, which verify them first.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def request_holds_nul(request: HttpRequest) -> bool:
    """A NUL in the path, the query, a cookie, a form field or an uploaded file's name."""
    if NUL in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    if ("%00" in query or NUL in query) and _any_nul(request.GET):
        return True
    if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
        if _any_nul(request.POST):
            return True
        return any(
            NUL in (upload.name or "") for _, uploads in request.FILES.lists() for upload in uploads
        )
    return False


def _any_nul(data) -> bool:
    return any(
        NUL in name or any(NUL in value for value in values) for name, values in data.lists()
    )


class NulBytesMiddleware:
    """Answers 400 to a request that holds a NUL character (placed early in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_holds_nul(request):
            return HttpResponseBadRequest(
                "Bad request: the address or a form field holds a NUL character (%00).",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
