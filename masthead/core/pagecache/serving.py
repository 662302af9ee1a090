"""The way from a request to a page: the lookups Wagtail makes for each request (the site,
the page at the path, its privacy settings), done in fewer queries."""

from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from masthead.core.pagecache.fragments import remembered

if TYPE_CHECKING:  # the mixins below go before Page in a page model's bases
    from wagtail.models import Page as _PageMixin
else:
    _PageMixin = object


def restricted_paths() -> tuple[str, ...]:
    """The tree paths of pages with Wagtail privacy settings (a password, signing in, groups):
    they and every page under them. Known once per publish: saving or deleting a restriction
    bumps the page-cache generation. Most newsrooms have none."""
    return remembered(
        "restricted-paths",
        lambda: tuple(
            PageViewRestriction.objects.order_by("page__path").values_list("page__path", flat=True)
        ),
    )


def public_only(pages: PageQuerySet) -> PageQuerySet:
    """`pages` without those behind Wagtail's privacy settings: what an anonymous reader may
    see listed anywhere (feeds, search, sitemaps, lists, related, most read, newsletters).
    Members-only stories stay: they are listed, with their body kept to the page."""
    paths = restricted_paths()
    if not paths:
        return pages
    return pages.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))


class PublicPage(_PageMixin):
    """A mixin for the site's page models (before `Page` in the bases)."""

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """Wagtail looks for privacy settings on the page and every ancestor at each view;
        most newsrooms have none, which is known once per publish."""
        restrictions: QuerySet[PageViewRestriction] = (  # Wagtail's models have no types
            super().get_view_restrictions()
            if restricted_paths()
            else PageViewRestriction.objects.none()
        )
        return restrictions


def descendant_at(root: Page, path_components: list[str]) -> Page | None:
    """The page at this path under `root`, found by its stored URL path in two queries rather
    than two per level; None when no page has that path (a sub-route of a routable page)."""
    url_path = f"{root.url_path}{'/'.join(path_components)}/"
    # No ORDER BY: there is at most one such page, and building the ordering costs more
    # than the query itself.
    rows = (
        Page.objects.filter(path__startswith=root.path, url_path=url_path)
        .order_by()
        .values_list("pk", "content_type_id")[:1]
    )
    if not rows:
        return None
    pk, content_type = rows[0]
    model = ContentType.objects.get_for_id(content_type).model_class()
    if model is None:
        return None
    return model._default_manager.select_related("locale").filter(pk=pk).order_by()[:1][0]


class SiteLookupMiddleware:
    """Wagtail looks up the site for every request with a query of its own; the answer
    changes only when a site is saved (which bumps the page-cache generation), so it is
    remembered per host and port. After CommonMiddleware, which refuses hosts that are not
    in ALLOWED_HOSTS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Wagtail keeps its answer on the request under this name (Site.find_for_request).
        if not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request.get_host())[0]
            request._wagtail_site = remembered(  # type: ignore[attr-defined]
                f"site:{hostname}:{request.get_port()}", lambda: _site_for(request)
            )
        return self.get_response(request)


def _site_for(request: HttpRequest) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        # Every route starts from the home page in full (`root_page.localized.specific`).
        site.root_page = site.root_page.specific
    return site


class SiteRoot(_PageMixin):
    """A mixin for the model of the site's root page: its translation in the reader's
    language, where every request is routed from, found once per publish."""

    @property
    def localized(self) -> Page:
        return remembered(
            f"localized:{self.pk}:{translation.get_language()}",
            lambda: super(SiteRoot, self).localized.specific,
        )
