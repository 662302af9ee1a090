from django.http import HttpRequest
from wagtail.models import Site


def site_for_request(request: HttpRequest | None) -> Site | None:
    """The Wagtail site a request is for, else the default site (None before one exists)."""
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
