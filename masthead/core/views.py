from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.static import serve

from masthead.core import health


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database, the cache and the task queue all answer and a task
    worker was seen lately, else 503 with which did not (details go to the log, not to
    whoever asks)."""
    outcome = health.readiness()
    body = {name: "ok" if passed else "failing" for name, passed in outcome.items()}
    return JsonResponse(body, status=200 if all(outcome.values()) else 503)


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
