"""Old addresses that name a page by a query (WordPress's /?p=123, /?page_id=4,
/?attachment_id=9, /?cat=3): the home page answers those paths, so Wagtail's redirects,
which act on a 404, never see them. This answers them first, from the same redirects."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect

QUERY_KEYS = frozenset({"p", "page_id", "attachment_id", "cat", "tag", "author"})


class OldQueryAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if query and request.method in ("GET", "HEAD"):
            names = {part.split("=", 1)[0] for part in query.split("&")}
            if names & QUERY_KEYS:
                old = Redirect.normalise_path(request.get_full_path())
                redirect = (
                    Redirect.objects.filter(old_path=old, site=None)
                    .select_related("redirect_page")
                    .first()
                )
                if redirect is not None and redirect.link:
                    return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)
