"""Newsletter work that falls due with time, run by `masthead scheduler`: editions scheduled
for now, automatic editions of the newsletters' schedules, and sends whose worker died."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from masthead.newsletters import editions, sending, tasks
from masthead.newsletters.models import Edition, Newsletter
from masthead.newsletters.services import NewsletterError

log = logging.getLogger(__name__)
# An automatic edition whose time passed while the scheduler was down goes out late, within
# this window; older slots are skipped (yesterday's briefing is not news).
LATE_WINDOW = timedelta(hours=2)


def _start(edition: Edition) -> bool:
    try:
        editions.edition_start(edition=edition)
    except NewsletterError as error:
        log.warning("edition %s not sent: %s", edition.pk, error)
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
        return False
    return True


def scheduled_editions_start(*, now: datetime) -> int:
    due = Edition.objects.filter(status=Edition.Status.SCHEDULED, send_at__lte=now)
    return sum(_start(edition) for edition in due.select_related("newsletter"))


def slot_due(newsletter: Newsletter, *, now: datetime) -> datetime | None:
    """The latest scheduled moment of this newsletter within the late window, if any."""
    if not newsletter.schedule_weekdays or newsletter.schedule_time is None:
        return None
    local = timezone.localtime(now)
    for days_back in (0, 1):
        day = local.date() - timedelta(days=days_back)
        slot = timezone.make_aware(datetime.combine(day, newsletter.schedule_time))
        if day.weekday() in newsletter.schedule_weekdays and now - LATE_WINDOW <= slot <= now:
            return slot
    return None


def automatic_editions_start(*, now: datetime) -> int:
    started = 0
    for newsletter in Newsletter.objects.exclude(schedule_days="").exclude(
        schedule_time__isnull=True
    ):
        slot = slot_due(newsletter, now=now)
        if slot is None:
            continue
        day = timezone.localtime(slot).strftime("%-d %B %Y")
        subject = (newsletter.auto_subject or f"{newsletter.name}, {{date}}").replace("{date}", day)
        try:
            with transaction.atomic():
                edition = Edition.objects.create(
                    newsletter=newsletter,
                    subject=subject[:150],
                    scheduled_for=slot,
                    fill_section=newsletter.auto_section,
                    fill_hours=newsletter.auto_hours,
                )
        except IntegrityError:
            continue  # this slot's edition exists: made by an earlier run
        started += _start(edition)
    return started


def stalled_sends_resume(*, now: datetime) -> int:
    """Sends nobody worked on for the lease: hand back their claims and queue a worker."""
    lease = timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE)
    stalled = Edition.objects.filter(status=Edition.Status.SENDING, heartbeat_at__lt=now - lease)
    resumed = 0
    for edition in stalled:
        released = sending.claims_release(edition=edition, older_than=lease, now=now)
        Edition.objects.filter(pk=edition.pk).update(heartbeat_at=now)
        tasks.edition_send_task.enqueue(edition.pk)
        log.warning(
            "edition %s: resumed a stalled send (%s claims handed back)", edition.pk, released
        )
        resumed += 1
    return resumed


def due_run(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    done = {
        "scheduled editions started": scheduled_editions_start(now=now),
        "automatic editions started": automatic_editions_start(now=now),
        "stalled sends resumed": stalled_sends_resume(now=now),
    }
    if any(done.values()):
        log.info("newsletters: %s", ", ".join(f"{k} {v}" for k, v in done.items() if v))
    return done
