"""Reads for the public pages: every list is a bounded number of queries, whatever the archive."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.query import PageQuerySet

from masthead.core.pagecache.fragments import remembered
from masthead.core.pagecache.serving import public_only

# Imported as a module: models.py imports this one too, and only reaches it at call time.
from masthead.newsroom import hooks, models

if TYPE_CHECKING:
    from masthead.people.models import AuthorPage

FEED_PAGE_SIZE = 10
HOME_SECONDARY = 4
HOME_SECTION_ROW = 4
HOME_VIDEOS = 3
HOME_FRONT_KEYS = (
    "news_feed_page",
    "tag_index",
    "top_story",
    "secondary_stories",
    "news_feed",
    "news_feed_more",
    "section_rows",
    "videos",
    "video_index",
)


@dataclass(frozen=True)
class Listing:
    """One page of a list, with a link to the next one when there is more."""

    items: list[Any]
    number: int
    has_next: bool

    @property
    def next_number(self) -> int:
        return self.number + 1


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    # ASCII digits only: "²".isdigit() is true, and int("²") fails.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or int(raw) < 1:
        raise Http404("There is no such page of this list.")
    return int(raw)


def listing(
    queryset: QuerySet[Any], *, request: HttpRequest, size: int = FEED_PAGE_SIZE
) -> Listing:
    """Slice without COUNT(*): fetch one extra row to learn whether a next page exists."""
    number = page_number(request)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    if number > 1 and not rows:
        raise Http404("There is no such page of this list.")
    items = rows[:size]
    if items and isinstance(items[0], models.ArticlePage):
        sections_attach(items)
    return Listing(items=items, number=number, has_next=len(rows) > size)


def articles_public(*, locale: Locale | None = None) -> PageQuerySet:
    """The stories an anonymous reader may find: published, and not behind Wagtail's privacy
    settings. Every list, feed, search and sitemap starts here."""
    queryset = public_only(models.ArticlePage.objects.live())
    return queryset if locale is None else queryset.filter(locale=locale)


def articles_live(*, locale: Locale | None = None) -> PageQuerySet:
    """Published public articles, newest first, with what a story card shows loaded up front."""
    queryset = articles_public(locale=locale)
    return (
        queryset.select_related("lead_image")
        .prefetch_related(
            "lead_image__renditions",
            Prefetch(
                "authors",
                queryset=models.ArticleAuthor.objects.select_related("author").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
        .order_by("-first_published_at", "-path")  # on the page table: its index serves
    )


def articles_by_author(*, author: "AuthorPage") -> PageQuerySet:
    return articles_live(locale=author.locale).filter(authors__author=author)


def videos_live(*, locale: Locale | None = None) -> PageQuerySet:
    queryset = public_only(models.VideoPage.objects.live())
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return (
        queryset.select_related("poster")
        .prefetch_related("poster__renditions")
        .order_by("-first_published_at", "-path")  # on the page table: its index serves
    )


def sections_attach(articles: list["models.ArticlePage"]) -> list["models.ArticlePage"]:
    """Give each article its `section` (its parent page) with one query for the whole list,
    and the marks the apps above put on listed stories."""
    steplen = Page.steplen
    parent_paths = {article.path[:-steplen] for article in articles}
    sections = {
        section.path: section
        for section in models.SectionPage.objects.filter(path__in=parent_paths)
    }
    for article in articles:
        article.__dict__["section"] = sections.get(article.path[:-steplen])
    hooks.stories_mark(articles=articles)
    return articles


def bylines(*, article: "models.ArticlePage") -> list["AuthorPage"]:
    return [
        byline.author
        for byline in article.authors.select_related("author", "author__avatar")
        .prefetch_related("author__avatar__renditions")
        .order_by("sort_order", "pk")  # the order they were added in, when two tie
        if byline.author.live
    ]


def related_for(*, article: "models.ArticlePage", limit: int = 4) -> list["models.ArticlePage"]:
    """Editors' picks if there are any, else the stories computed when this one was published
    (by the app that computes them: `hooks.related_source_set`)."""
    ids = list(
        models.ArticleRelatedPick.objects.filter(page=article)
        .order_by("sort_order")
        .values_list("article_id", flat=True)
    ) or hooks.related_computed_ids(article=article, limit=limit)
    if not ids:
        return []
    found = {story.pk: story for story in articles_live().filter(pk__in=ids)}
    return sections_attach([found[pk] for pk in ids if pk in found][:limit])


def home_front(*, home: "models.HomePage") -> dict[str, Any]:
    """Everything the home page shows: top story, secondary stories, feed, sections, video."""
    latest = articles_live(locale=home.locale)
    chosen = [home.top_story] if home.top_story and home.top_story.live else []
    chosen += [
        item.article
        for item in home.featured.select_related("article").order_by("sort_order")
        if item.article.live
    ]
    chosen_ids = [article.pk for article in chosen]
    # Reload the picks through the same query as every list so cards have what they need.
    picked = {article.pk: article for article in latest.filter(pk__in=chosen_ids)}
    ordered = [picked[pk] for pk in chosen_ids if pk in picked]
    fill = HOME_SECONDARY + 1 - len(ordered)
    if fill > 0:
        ordered += list(latest.exclude(pk__in=chosen_ids)[:fill])
    sections_attach(ordered)
    top, secondary = (ordered[0], ordered[1:]) if ordered else (None, [])

    # A story appears once on the home page: the feed leaves out the lead stories (it is the
    # first page of the News Feed without them, so that its Show More, page 2, goes on where
    # the page leaves off), and the section rows leave out both.
    shown = {story.pk for story in ordered}
    feed_first = sections_attach(list(latest[: FEED_PAGE_SIZE + 1]))
    feed = [story for story in feed_first[:FEED_PAGE_SIZE] if story.pk not in shown]
    shown |= {story.pk for story in feed}
    rows = []
    for section in models.SectionPage.objects.live().child_of(home).filter(show_on_home=True):
        stories = list(latest.child_of(section).exclude(pk__in=shown)[:HOME_SECTION_ROW])
        for story in stories:
            story.__dict__["section"] = section
        hooks.stories_mark(articles=stories)
        if stories:
            rows.append((section, stories))

    return {
        **page_links(locale_id=home.locale_id),
        "top_story": top,
        "secondary_stories": secondary,
        "news_feed": feed,
        "news_feed_more": len(feed_first) > FEED_PAGE_SIZE,
        "section_rows": rows,
        "videos": list(videos_live(locale=home.locale)[:HOME_VIDEOS]),
        "video_index": models.VideoIndexPage.objects.live().child_of(home).first(),
    }


def page_links(*, locale_id: int) -> dict[str, Any]:
    """The pages that story lists link to: the News Feed and the tag pages."""
    return remembered(
        f"page-links:{locale_id}",
        lambda: {
            # A handful of pages, picked here: a locale filter in SQL walks every page.
            "news_feed_page": _one_per_locale(models.NewsFeedPage, locale_id),
            "tag_index": _one_per_locale(models.TagIndexPage, locale_id),
            "feed_page_size": FEED_PAGE_SIZE,
        },
    )


def _one_per_locale(model: type[Page], locale_id: int) -> Page | None:
    pages = model.objects.live().order_by("pk")  # by its own small table, not by path
    return next((page for page in pages if page.locale_id == locale_id), None)


def more_news(*, article: "models.ArticlePage", count: int = 6) -> list["models.ArticlePage"]:
    """The latest stories under an article (itself left out): one list shared by every
    article until the next publish."""
    latest = remembered(
        f"latest:{article.locale_id}:{count + 1}",
        lambda: sections_attach(list(articles_live(locale=article.locale)[: count + 1])),
    )
    return [story for story in latest if story.pk != article.pk][:count]


def tags_in_use(*, limit: int = 200) -> QuerySet[Tag]:
    live_ids = articles_public().values("pk")
    tags: QuerySet[Tag] = (  # taggit has no types
        Tag.objects.filter(newsroom_articletag_items__content_object__in=live_ids)
        .annotate(stories=Count("newsroom_articletag_items"))
        .order_by("-stories", "name")[:limit]
    )
    return tags


def tag_by_slug(slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No stories have this tag.")
    return tag
