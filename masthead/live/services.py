"""Writes for live coverage. An update is its own row: posting, correcting, pinning or deleting
one never saves a revision of the page, and it makes stale only this page's stored copies
(its topic in the page cache, and a CDN's copies by purge), not the whole site."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from masthead.core.models import MastheadImage
from masthead.core.pagecache.topics import TOPICS
from masthead.live import queries
from masthead.live.models import LivePage, LiveUpdate
from masthead.newsroom.models import ArticleAuthor, ArticlePage
from masthead.people.models import AuthorPage


class UpdateConflict(Exception):
    """Someone else changed the update since the editor opened it."""


@dataclass(frozen=True)
class UpdateFields:
    """What an editor writes in an update."""

    body: str
    title: str = ""
    image: MastheadImage | None = None
    image_caption: str = ""
    quote: str = ""
    quote_source: str = ""
    embed_url: str = ""
    key_event: bool = False
    pinned: bool = False


def may_publish(*, page: LivePage, user: Any) -> bool:
    """Whether the user's updates go straight to readers (else they wait for review): the
    same right as publishing the page itself."""
    return bool(page.permissions_for_user(user).can_publish())


def page_changed(*, page: LivePage) -> None:
    """This page's stored copies are stale: in the page cache at once, at a CDN by purge."""
    TOPICS.changed(page.topic)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None) and page.full_url:
        url = page.full_url
        transaction.on_commit(lambda: PurgeBatch([url, f"{url}updates/", f"{url}feed/"]).purge())


def update_post(
    *,
    page: LivePage,
    user: Any,
    fields: UpdateFields,
    authors: list[AuthorPage] | None = None,
    at: datetime | None = None,
) -> LiveUpdate:
    """A new update, published at once by those who may publish the page, else submitted for
    review. With no authors named, those the writer named on their last update here."""
    state = (
        LiveUpdate.State.PUBLISHED
        if may_publish(page=page, user=user)
        else LiveUpdate.State.SUBMITTED
    )
    with transaction.atomic():
        update = LiveUpdate.objects.create(
            page=page,
            state=state,
            published_at=at or timezone.now(),
            created_by=user if getattr(user, "pk", None) else None,
            **fields.__dict__,
        )
        update.authors.set(
            authors if authors is not None else queries.authors_last_named(user=user, page=page)
        )
        if update.pinned:
            _others_unpinned(update=update)
        if state == LiveUpdate.State.PUBLISHED:
            page_changed(page=page)
    return update


def update_edit(
    *,
    update: LiveUpdate,
    fields: UpdateFields,
    authors: list[AuthorPage],
    seen_version: str,
    correction: str = "",
    corrected: bool = False,
) -> LiveUpdate:
    """Change an update. `seen_version`: the version the editor opened, so that one editor
    never silently overwrites another's change. `corrected`: readers see "Updated" on it,
    with the `correction` note when there is one."""
    with transaction.atomic():
        current = LiveUpdate.objects.select_for_update().get(pk=update.pk)
        if current.version != seen_version:
            raise UpdateConflict
        for name, value in fields.__dict__.items():
            setattr(current, name, value)
        if corrected:
            current.corrected_at = timezone.now()
            current.correction = correction
        current.save()
        current.authors.set(authors)
        if current.pinned:
            _others_unpinned(update=current)
        if current.state == LiveUpdate.State.PUBLISHED:
            page_changed(page=current.page)
    return current


def update_approve(*, update: LiveUpdate) -> LiveUpdate:
    """A contributor's update goes to readers, timed from now (its place at the top)."""
    with transaction.atomic():
        update.state = LiveUpdate.State.PUBLISHED
        update.published_at = timezone.now()
        update.save(update_fields=["state", "published_at", "modified_at"])
        page_changed(page=update.page)
    return update


def _others_unpinned(*, update: LiveUpdate) -> None:
    """One pinned update at a time, under the summary."""
    LiveUpdate.objects.filter(page_id=update.page_id, pinned=True).exclude(pk=update.pk).update(
        pinned=False, modified_at=timezone.now()
    )


def update_pin(*, update: LiveUpdate, pinned: bool) -> LiveUpdate:
    with transaction.atomic():
        if pinned:
            _others_unpinned(update=update)
        update.pinned = pinned
        update.save(update_fields=["pinned", "modified_at"])
        page_changed(page=update.page)
    return update


def update_delete(*, update: LiveUpdate) -> None:
    with transaction.atomic():
        page = update.page
        update.delete()
        page_changed(page=page)


def coverage_status_set(*, page: LivePage, status: str, user: Any) -> LivePage:
    """Live, paused or ended, published as a new revision of the page (every list shows the
    LIVE mark, so this one change does reach the whole site). Ending sets the end time and
    freezes the page as an archive. A draft an editor has open is not published with it: it
    gets the new status too and stays their latest draft."""
    published: LivePage = LivePage.objects.get(pk=page.pk)
    draft = published.get_latest_revision_as_object() if published.has_unpublished_changes else None
    for version in filter(None, (published, draft)):
        version.status = status
        if status == LivePage.Status.ENDED:
            version.coverage_end = published.coverage_end or timezone.now()
        else:
            version.coverage_end = None
    published.save_revision(user=user, log_action=True).publish(user=user)
    if draft is not None:
        draft.save_revision(user=user, log_action=True)
    page_changed(page=published)
    return published


def update_to_story(*, update: LiveUpdate, user: Any) -> ArticlePage:
    """A draft story in the live page's section made from the update, linking back to the
    coverage; the update links to the story once it is published."""
    page = update.page
    section = page.get_parent()
    headline = update.title or queries.excerpt(update.body, words=12)
    link_back = format_html(
        '<p><i>This story grew from our live coverage: <a linktype="page" id="{}">{}</a>.</i></p>',
        page.pk,
        page.title,
    )
    body = [{"type": "paragraph", "value": update.body}, {"type": "paragraph", "value": link_back}]
    if update.quote:
        body.insert(
            1, {"type": "quote", "value": {"text": update.quote, "source": update.quote_source}}
        )
    story = ArticlePage(
        title=headline,
        standfirst=queries.excerpt(update.body, words=40)[:400],
        lead_image=update.image,
        lead_image_caption=update.image_caption,
        body=body,
        owner=user,
        live=False,
        locale_id=page.locale_id,
    )
    with transaction.atomic():
        section.add_child(instance=story)
        authors = list(update.authors.all()) or [a.author for a in page.authors.all()]
        for order, author in enumerate(authors):
            ArticleAuthor.objects.create(page=story, author=author, sort_order=order)
        story.save_revision(user=user, log_action=True)
        update.story = story
        update.save(update_fields=["story", "modified_at"])
        page_changed(page=page)
    return story


def translations_choices(*, update: LiveUpdate, limit: int = 40) -> list[LiveUpdate]:
    """Updates of the page's translation that this one may name as its own."""
    other = queries.translation_of(page=update.page)
    if other is None:
        return []
    return list(
        LiveUpdate.objects.filter(page_id=other.pk, state=LiveUpdate.State.PUBLISHED).order_by(
            "-published_at"
        )[:limit]
    )


def update_translation_set(*, update: LiveUpdate, translation: LiveUpdate | None) -> None:
    """Name the same update in the other edition (each then links to the other)."""
    with transaction.atomic():
        # One to one: whatever named either of the two before lets go of it.
        partners = [found for found in (update, translation) if found is not None]
        LiveUpdate.objects.filter(translation__in=partners).update(translation=None)
        update.translation = translation
        update.save(update_fields=["translation", "modified_at"])
        if translation is not None:
            translation.translation = update
            translation.save(update_fields=["translation", "modified_at"])
            page_changed(page=translation.page)
        page_changed(page=update.page)
