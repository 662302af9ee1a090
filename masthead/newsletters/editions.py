"""An edition's life before and around its send: filling it, starting, scheduling, cancelling,
and a test copy. The send itself (exactly once to each reader) is sending.py, run by a task
(tasks.py); nothing here is imported back by them."""

import logging
import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from masthead.newsletters import queries, rendering, tasks
from masthead.newsletters.models import Delivery, Edition, EditionStory
from masthead.newsletters.sending import Envelope, sender_for
from masthead.newsletters.services import NewsletterError
from masthead.newsroom.models import ArticlePage

log = logging.getLogger(__name__)
Status = Delivery.Status


def edition_fill(edition: Edition) -> list[ArticlePage]:
    """The edition's stories; with none picked, the section's latest, saved as its picks so
    the archive shows what went out."""
    articles = rendering.edition_articles(edition)
    if articles:
        return articles
    articles = rendering.articles_for_fill(
        section=edition.fill_section,
        hours=edition.fill_hours,
        limit=edition.newsletter.auto_limit,
        language=edition.newsletter.language,
    )
    EditionStory.objects.filter(edition=edition).delete()
    EditionStory.objects.bulk_create(
        EditionStory(edition=edition, article=article, sort_order=index)
        for index, article in enumerate(articles)
    )
    return articles


def edition_start(*, edition: Edition, chunk: int = 5000) -> int:
    """Queue the edition for every current recipient and hand it to a worker. Returns the
    number of deliveries queued (0 if it was sending already)."""
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update().select_related("newsletter").get(pk=edition.pk)
        )
        if edition.status == Edition.Status.SENDING:
            queued = 0
        elif not edition.is_editable:
            raise NewsletterError(f"This edition is {edition.get_status_display()} already.")
        else:
            sender_for(newsletter=edition.newsletter)
            if not edition_fill(edition):
                raise NewsletterError(
                    "The edition has no stories: pick some, or fill it from a section that "
                    f"published in the last {edition.fill_hours} hours."
                )
            now = timezone.now()
            edition.status, edition.started_at, edition.heartbeat_at = (
                Edition.Status.SENDING,
                now,
                now,
            )
            edition.save(update_fields=["status", "started_at", "heartbeat_at"])
            queued, rows = 0, []
            for subscriber_id, email in queries.recipients(newsletter=edition.newsletter).iterator(
                chunk_size=chunk
            ):
                rows.append(Delivery(edition=edition, subscriber_id=subscriber_id, email=email))
                if len(rows) >= chunk:
                    queued += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
                    rows = []
            queued += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
        transaction.on_commit(lambda: tasks.edition_send_task.enqueue(edition.pk))
    log.info("edition %s: %s deliveries queued", edition.pk, queued)
    return queued


def edition_test_send(*, edition: Edition, email: str) -> None:
    """One copy to an editor, marked as a test; its unsubscribe links lead nowhere."""
    envelope = Envelope(edition)
    message = envelope.message(Delivery(edition=edition, subscriber_id=0, email=email, pk=0))
    message.subject = f"[Test] {message.subject}"
    message.extra_headers["Message-ID"] = (
        f"<edition-{edition.pk}.test.{time.time_ns()}@{envelope.domain}>"
    )
    message.send()


def edition_schedule(*, edition: Edition, at: datetime) -> None:
    if not edition.is_editable:
        raise NewsletterError(f"This edition is {edition.get_status_display()} already.")
    sender_for(newsletter=edition.newsletter)  # refused now, not when nobody is looking
    if at <= timezone.now():
        raise NewsletterError("Choose a time in the future, or send it now.")
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SCHEDULED, send_at=at)


def edition_unschedule(*, edition: Edition) -> None:
    Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
        status=Edition.Status.DRAFT, send_at=None
    )


def edition_cancel(*, edition: Edition) -> int:
    """Stop a send (or a schedule): what is still queued is skipped. Returns how many."""
    with transaction.atomic():
        Edition.objects.filter(
            pk=edition.pk, status__in=[Edition.Status.SENDING, Edition.Status.SCHEDULED]
        ).update(status=Edition.Status.CANCELED, finished_at=timezone.now())
        return Delivery.objects.filter(edition=edition, status=Status.QUEUED).update(
            status=Status.SKIPPED, error="the send was stopped"
        )
