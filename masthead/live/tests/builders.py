"""Builders for live coverage tests."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from masthead.live.models import LivePage, LiveUpdate
from masthead.newsroom.models import ArticleAuthor, SectionPage
from masthead.newsroom.tests.builders import publish
from masthead.people.models import AuthorPage

_numbers = count(1)


def live_page_make(
    *,
    section: SectionPage,
    title: str | None = None,
    authors: list[AuthorPage] = (),
    status: str = LivePage.Status.LIVE,
    summary: str = "<p>What we know so far: the river is rising.</p>",
    **fields,
) -> LivePage:
    number = next(_numbers)
    page = LivePage(
        title=title or f"Live coverage {number}",
        slug=f"live-{number}",
        standfirst=fields.pop("standfirst", "Updates as they come in."),
        summary=summary,
        status=status,
        body="[]",
        **fields,
    )
    page.authors = [ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)]
    return publish(page, parent=section)


def updates_make(
    *, page: LivePage, count: int, key_every: int = 0, minutes_apart: float = 1.0
) -> list[LiveUpdate]:
    """`count` published updates, the newest now, one every `minutes_apart` before it."""
    now = timezone.now()
    return LiveUpdate.objects.bulk_create(
        LiveUpdate(
            page=page,
            published_at=now - timedelta(minutes=minutes_apart * (count - n)),
            title=f"Update {n}" if n % 3 == 0 else "",
            body=f"<p>What happened at step {n}.</p>",
            key_event=bool(key_every and n % key_every == 0),
        )
        for n in range(1, count + 1)
    )
