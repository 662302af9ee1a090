"""Reads for live pages: each a fixed number of queries, however many updates a page has."""

from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale, Page

from masthead.core.pagecache.fragments import remembered
from masthead.live.models import BreakingNews, LivePage, LiveUpdate
from masthead.newsroom.models import ArticlePage
from masthead.people.models import AuthorPage

PAGE_SIZE = 20  # the newest updates on the page and in the poll answer; older ones by link
KEY_EVENTS = 30


@dataclass(frozen=True)
class UpdatesPage:
    """A run of updates, newest first, and where the older ones start (None: no more)."""

    updates: list[LiveUpdate]
    older: int | None
    newest: bool  # the page's first run, which polling keeps current


@dataclass(frozen=True)
class KeyEvent:
    pk: int
    label: str
    published_at: datetime
    on_page: bool  # among the updates shown, so the link is a jump within the page


def updates_published(*, page: LivePage) -> QuerySet[LiveUpdate]:
    """The updates readers see, newest first, with what an update shows loaded up front."""
    return (
        LiveUpdate.objects.filter(page=page, state=LiveUpdate.State.PUBLISHED)
        .select_related("image", "translation__page__locale", "story")
        .prefetch_related(
            "image__renditions",
            Prefetch("authors", queryset=AuthorPage.objects.order_by("title")),
        )
        .order_by("-published_at", "-pk")
    )


def _ascii_id(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise Http404("There is no such update.")
    return int(raw)


def updates_page(*, page: LivePage, request: HttpRequest) -> UpdatesPage:
    """The run the request asks for: the newest, `?before=ID` (those older than update ID:
    "Show older updates"), or `?update=ID` (from that update on: a key event's or an
    update's own link)."""
    before, start = request.GET.get("before"), request.GET.get("update")
    updates = updates_published(page=page)
    if before or start:
        pk = _ascii_id(before or start or "")
        cursor = (
            LiveUpdate.objects.filter(page=page, state=LiveUpdate.State.PUBLISHED, pk=pk)
            .values_list("published_at", flat=True)
            .first()
        )
        if cursor is None:
            raise Http404("There is no such update on this page.")
        older = Q(published_at__lt=cursor) | Q(published_at=cursor, pk__lt=pk)
        updates = updates.filter(older | Q(pk=pk) if start else older)
    rows = list(updates[: PAGE_SIZE + 1])
    shown = rows[:PAGE_SIZE]
    return UpdatesPage(
        updates=shown,
        older=shown[-1].pk if len(rows) > PAGE_SIZE else None,
        newest=not (before or start),
    )


def key_events(*, page: LivePage, shown: list[LiveUpdate]) -> list[KeyEvent]:
    """The newest key events, for the list at the top that jumps to each."""
    on_page = {update.pk for update in shown}
    rows = (
        LiveUpdate.objects.filter(page=page, state=LiveUpdate.State.PUBLISHED, key_event=True)
        .order_by("-published_at", "-pk")
        .values_list("pk", "title", "body", "published_at")[:KEY_EVENTS]
    )
    return [
        KeyEvent(
            pk=pk,
            label=title or excerpt(body, words=14),
            published_at=published_at,
            on_page=pk in on_page,
        )
        for pk, title, body, published_at in rows
    ]


def pinned(*, page: LivePage) -> LiveUpdate | None:
    """The update an editor pinned under the summary (the newest pinned, if several)."""
    return updates_published(page=page).filter(pinned=True).first()


def excerpt(html: str, *, words: int) -> str:
    """Plain text from rich text (entities decoded: templates escape it again)."""
    return Truncator(unescape(strip_tags(html)).replace("\n", " ")).words(words)


def live_pages_live() -> QuerySet[LivePage]:
    """Published live pages whose coverage is live (the News sitemap keeps them)."""
    pages: QuerySet[LivePage] = LivePage.objects.live().filter(status=LivePage.Status.LIVE)
    return pages


def live_marked(articles: list[ArticlePage]) -> None:
    """LIVE on the cards of live pages whose coverage is live (newsroom's story marks): a
    query only for a list that holds a live page at all."""
    kind = ContentType.objects.get_for_model(LivePage).pk
    candidates = [article.pk for article in articles if article.content_type_id == kind]
    if not candidates:
        return
    live = set(live_pages_live().filter(pk__in=candidates).values_list("pk", flat=True))
    for article in articles:
        article.__dict__["live_now"] = article.pk in live


def authors_last_named(*, user: Any, page: LivePage) -> list[AuthorPage]:
    """The bylines this user put on their last update of the page (the form's default)."""
    if not getattr(user, "pk", None):
        return []
    last = LiveUpdate.objects.filter(page=page, created_by=user).order_by("-created_at").first()
    return list(last.authors.all()) if last else []


def translation_of(*, page: LivePage) -> Page | None:
    """The page's published translation in another edition (the first, if several)."""
    return page.get_translations().live().select_related("locale").first()


def updates_for_admin(
    *, page: LivePage, before: int | None = None, limit: int = 30
) -> dict[str, Any]:
    """The live updates screen: waiting for review first, then everything newest first."""
    base = (
        LiveUpdate.objects.filter(page=page)
        .select_related("image", "created_by", "story")
        .prefetch_related("authors")
        .order_by("-published_at", "-pk")
    )
    listed = base.filter(state=LiveUpdate.State.PUBLISHED)
    if before:
        cursor = base.filter(pk=before).values_list("published_at", flat=True).first()
        if cursor is not None:
            listed = listed.filter(
                Q(published_at__lt=cursor) | Q(published_at=cursor, pk__lt=before)
            )
    rows = list(listed[: limit + 1])
    return {
        "waiting": list(base.filter(state=LiveUpdate.State.SUBMITTED)),
        "updates": rows[:limit],
        "older": rows[limit - 1].pk if len(rows) > limit else None,
        "count": LiveUpdate.objects.filter(page=page).count(),
    }


@dataclass(frozen=True)
class Breaking:
    headline: str
    href: str
    expires_at: datetime


def breaking_now(*, locale_id: int | None, language: str | None) -> Breaking | None:
    """The edition's breaking news shown now (the newest, if several): known once per
    publish-like change, its expiry checked at each render."""
    if locale_id is None:  # a page that is not one of the tree's (search, join)
        locale_id = remembered(f"locale-id:{language}", lambda: Locale.get_active().pk)

    def build() -> Breaking | None:
        item = (
            BreakingNews.objects.filter(locale_id=locale_id, on=True, expires_at__gt=timezone.now())
            .select_related("page")
            .order_by("-created_at")
            .first()
        )
        if item is None:
            return None
        href = item.page.url if item.page and item.page.live else item.url
        if not href:
            return None
        return Breaking(headline=item.headline, href=href, expires_at=item.expires_at)

    found = remembered(f"breaking:{locale_id}", build)
    return found if found and found.expires_at > timezone.now() else None


def pages_with_updates_waiting(*, limit: int = 20) -> list[tuple[LivePage, int]]:
    """Live pages with contributors' updates waiting for review, and how many."""
    counts = dict(
        LiveUpdate.objects.filter(state=LiveUpdate.State.SUBMITTED)
        .values_list("page_id")
        .annotate(waiting=Count("pk"))
        .values_list("page_id", "waiting")[:limit]
    )
    pages = LivePage.objects.filter(pk__in=counts).order_by("title")
    return [(page, counts[page.pk]) for page in pages]
