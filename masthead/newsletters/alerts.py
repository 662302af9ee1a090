"""A key event or a breaking item as a newsletter edition (to the "Breaking news" list, say):
a draft edition leading to the live page or story, sent through the edition's own screen
(preview, test, the confirmation naming the list) like any other."""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from masthead.live.models import BreakingNews, LiveUpdate
from masthead.newsletters.models import Edition, EditionStory, Newsletter
from masthead.newsroom.models import ArticlePage


def _edition(
    *, newsletter: Newsletter, subject: str, intro: str, article: ArticlePage | None
) -> Edition:
    with transaction.atomic():
        edition = Edition.objects.create(
            newsletter=newsletter,
            subject=subject[:150],
            preheader=intro[:150],
            intro=intro,
            fill_hours=1,
        )
        if article is not None:
            EditionStory.objects.create(edition=edition, article=article, sort_order=0)
    return edition


def edition_from_update(*, update: LiveUpdate, newsletter: Newsletter) -> Edition:
    """The update's words as the edition's note, its live page as the one story."""
    text = " ".join(strip_tags(update.body).split())
    return _edition(
        newsletter=newsletter,
        subject=update.title or text[:120],
        intro=text,
        article=update.page,
    )


def edition_from_breaking(*, item: BreakingNews, newsletter: Newsletter) -> Edition:
    article = item.page.specific if item.page is not None else None
    return _edition(
        newsletter=newsletter,
        subject=item.headline,
        intro=item.headline if isinstance(article, ArticlePage) else f"{item.headline} {item.url}",
        article=article if isinstance(article, ArticlePage) else None,
    )


def update_link(update: LiveUpdate, user: Any) -> tuple[str, str] | None:
    """On the live updates screen, for a published key event."""
    if not update.key_event or update.state != LiveUpdate.State.PUBLISHED:
        return None
    if not user.has_perm("newsletters.add_edition"):
        return None
    return "Send as a newsletter…", reverse("newsletters_edition:alert", args=["update", update.pk])


def breaking_link(item: BreakingNews, user: Any) -> tuple[str, str] | None:
    if not user.has_perm("newsletters.add_edition"):
        return None
    return "Send as a newsletter…", reverse("newsletters_edition:alert", args=["breaking", item.pk])
