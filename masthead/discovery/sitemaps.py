"""The sitemaps: the index (Django's view, through Wagtail's), the pages of every edition (our
own writer, below) and the News sitemap (views.news_sitemap).

The pages' file is written from each page's stored URL path, as `Page.get_full_url` would
make its address, in one query and without the page's model: 50,000 addresses in well under
a second, streamed, then kept until the next publish. Each page lists its published
translations (hreflang), itself included, as search engines ask."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, PageQuerySet, Site

from masthead.core.pagecache.serving import public_only
from masthead.discovery import queries

SITEMAP_URLS = 50_000  # the most the sitemap protocol allows in one file
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted in a path
_UNQUOTED = re.compile(rf"[-\w.{re.escape(_SAFE)}]*", re.ASCII)  # a path quote() keeps
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def edition_pages(site: Site) -> PageQuerySet:
    """Every live, public page of every edition of `site`, in the tree's order (Wagtail's
    own sitemap covers one locale's tree)."""
    roots = site.root_page.get_translations(inclusive=True)
    in_an_edition = Q()
    for root in roots:
        in_an_edition |= Q(path__startswith=root.path)
    pages: PageQuerySet = public_only(Page.objects.live()).filter(in_an_edition)
    return pages.order_by("path")


class EditionsSitemap(Sitemap):
    """For the index: how many files the pages fill and when they last changed. The files
    themselves are `pages_sitemap`'s."""

    limit = SITEMAP_URLS

    def items(self):
        return edition_pages(self.get_wagtail_site())

    def get_latest_lastmod(self):
        # Django would call lastmod() on every page for the index; one aggregate does it.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class PageAddresses:
    """Pages' full addresses from their URL paths, as `Page.get_full_url` makes them (the
    most specific site root first, the edition's prefix, the path quoted as reverse()
    quotes it), with one reverse() an edition rather than one a page."""

    def __init__(self) -> None:
        self.roots: list[tuple[str, str]] = []
        for root in Site.get_site_root_paths():
            with translation.override(root.language_code):
                prefix = reverse("wagtail_serve", args=("",))
            self.roots.append((root.root_path, f"{root.root_url}{prefix}"))
        self.slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def __call__(self, url_path: str) -> str | None:
        for root_path, base in self.roots:
            if url_path.startswith(root_path):
                rest = url_path[len(root_path) :]
                if rest and not self.slash:
                    rest = rest.rstrip("/")
                return base + (rest if _UNQUOTED.fullmatch(rest) else quote(rest, _SAFE))
        return None


def pages_sitemap_count(site: Site) -> int:
    """How many files the pages of `site` fill (one, empty, when it has none)."""
    return max(1, -(-edition_pages(site).count() // SITEMAP_URLS))


def pages_sitemap(*, site: Site, number: int) -> Iterator[str]:
    """The `number`th file (from 1) of the pages sitemap, in pieces of a few hundred kB."""
    pages = edition_pages(site)
    addresses = PageAddresses()
    translations: dict[str, list[tuple[str, str]]] = {}
    shared = (
        pages.order_by()
        .values("translation_key")
        .annotate(editions=Count("pk"))
        .filter(editions__gt=1)
        .values("translation_key")
    )
    for key, language, url_path in pages.filter(translation_key__in=shared).values_list(
        "translation_key", "locale__language_code", "url_path"
    ):
        if (location := addresses(url_path)) is not None:
            translations.setdefault(str(key), []).append((language, escape(location)))
    start = (number - 1) * SITEMAP_URLS
    rows = pages[start : start + SITEMAP_URLS].values_list(
        "url_path", "translation_key", "last_published_at", "latest_revision_created_at"
    )
    piece = [HEAD]
    for url_path, key, published, revised in rows.iterator(chunk_size=2000):
        location = addresses(url_path)
        if location is None:  # not under any site's root: not reachable
            continue
        piece.append(f"<url><loc>{escape(location)}</loc>")
        if changed := published or revised:
            piece.append(f"<lastmod>{_w3c(changed)}</lastmod>")
        if len(others := translations.get(str(key), ())) > 1:
            piece.extend(
                f'<xhtml:link rel="alternate" hreflang="{language}" href="{href}"/>'
                for language, href in others
            )
        piece.append("</url>\n")
        if len(piece) >= 4000:
            yield "".join(piece)
            piece = []
    piece.append("</urlset>\n")
    yield "".join(piece)


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class NewsSitemap(DjangoSitemap):
    """Listed by the index; its file is rendered by views.news_sitemap in Google's format."""

    def items(self):
        return queries.articles_for_news_sitemap()

    def lastmod(self, article):
        return article.last_published_at

    def get_latest_lastmod(self):
        return max((article.last_published_at for article in self.items()), default=None)
