"""Cross-site request protection without a per-page token, for forms on cached pages: the
browser's Origin (or, failing that, Referer) header must name this site."""

from functools import wraps
from urllib.parse import urlsplit

from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt


def _same_origin(request) -> bool:
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def same_origin_required(view):
    """For POSTs: Django's CSRF token check is replaced by an Origin check, so the form can
    sit on a page the page cache shares between readers."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and not _same_origin(request):
            return HttpResponseForbidden(
                "This form must be sent from this site's own pages.", content_type="text/plain"
            )
        return view(request, *args, **kwargs)

    return checked
