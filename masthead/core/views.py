from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.views.static import serve


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: the failure may lie in what that context needs.
    return HttpResponseServerError(loader.render_to_string("500.html"))


INLINE_MEDIA = ("image/", "video/", "audio/")


def media(request, path):
    """Uploaded media from MEDIA_ROOT. Never run as a page: sandboxed and not sniffed, and
    anything but a picture, video or sound is sent as a download."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    if not response.get("Content-Type", "").startswith(INLINE_MEDIA):
        response["Content-Disposition"] = "attachment"
    return response
