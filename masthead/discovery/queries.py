"""What each feed and sitemap lists: the site, a section, an author or a tag."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from wagtail.models import Locale, Site
from wagtail.query import PageQuerySet

from masthead.core.sites import site_for_request
from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage, SectionPage
from masthead.people.models import AuthorPage

FEED_SIZE = 50
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_SIZE = 1000


@dataclass(frozen=True)
class FeedScope:
    title: str
    link: str
    description: str
    language: str
    articles: QuerySet[ArticlePage]


def feed_scope(*, request: HttpRequest, scope: str = "site", slug: str = "") -> FeedScope:
    """The stories of one feed, in the edition (language) the URL asks for."""
    site = site_for_request(request)
    if site is None:  # no site set up yet
        raise Http404("no site")
    locale = Locale.get_active()
    name = site.site_name or "Masthead"
    home = site.root_page.localized
    articles = newsroom_queries.articles_live(locale=locale).prefetch_related("tags")
    if scope == "site":
        return FeedScope(name, home.full_url, _tagline(site), locale.language_code, articles)
    if scope == "section":
        section = SectionPage.objects.live().filter(locale=locale, slug=slug).first()
        if section is None:
            raise Http404("No such section.")
        return FeedScope(
            f"{section.title} — {name}",
            section.full_url,
            section.intro,
            locale.language_code,
            articles.child_of(section),
        )
    if scope == "author":
        author = AuthorPage.objects.live().filter(locale=locale, slug=slug).first()
        if author is None:
            raise Http404("No such author.")
        return FeedScope(
            f"{author.title} — {name}",
            author.full_url,
            author.bio,
            locale.language_code,
            articles.filter(authors__author=author),
        )
    if scope == "tag":
        tag = newsroom_queries.tag_by_slug(slug)
        tag_index = newsroom_queries.page_links(locale_id=locale.pk)["tag_index"]
        link = f"{tag_index.full_url}{tag.slug}/" if tag_index else home.full_url
        return FeedScope(
            f"{tag.name} — {name}", link, "", locale.language_code, articles.filter(tags=tag)
        )
    raise Http404("No such feed.")


def _tagline(site: Site) -> str:
    from masthead.core.models import NewsroomSettings

    newsroom = NewsroomSettings.for_site(site)
    return str(newsroom.description or newsroom.tagline)


_news_sitemap_also: dict[str, Callable[[], QuerySet[Any]]] = {}


def news_sitemap_also_register(*, name: str, ids: Callable[[], QuerySet[Any]]) -> None:
    """Stories an app keeps in the News sitemap whatever their age (`ids`: a query of their
    pks), as live coverage while it is live."""
    _news_sitemap_also[name] = ids


def articles_for_news_sitemap() -> PageQuerySet:
    """Google News: stories first published in the last 48 hours, and those the apps above
    keep there (live coverage while live), at most 1,000."""
    since = timezone.now() - timedelta(hours=NEWS_SITEMAP_HOURS)
    recent = Q(first_published_at__gte=since)
    for ids in _news_sitemap_also.values():
        recent |= Q(pk__in=ids())
    return (
        newsroom_queries.articles_public()
        .filter(recent)
        .select_related("locale")
        .order_by("-first_published_at")[:NEWS_SITEMAP_SIZE]
    )
