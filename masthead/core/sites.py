from django.http import HttpRequest
from wagtail.models import Site


def site_for_request(request: HttpRequest | None) -> Site | None:
    """The Wagtail site a request is for, else the default site (None before one exists)."""
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).select_related("root_page").first()


def translations_live(page) -> list:
    """The published translations of a page, itself included, read once per page object."""
    if "_translations_live" not in page.__dict__:
        page.__dict__["_translations_live"] = list(
            page.get_translations(inclusive=True).live().select_related("locale")
        )
    return page.__dict__["_translations_live"]
