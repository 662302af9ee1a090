from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from masthead.operations import health


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
