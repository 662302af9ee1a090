"""Editions that go out by themselves: scheduled ones, and the newsletters' daily slots."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from masthead.newsletters import jobs
from masthead.newsletters.models import Edition
from masthead.newsletters.tests.builders import edition_make, subscribed

pytestmark = pytest.mark.django_db


def kyiv(day: str, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02}:{minute:02}"))


def test_a_scheduled_edition_starts_when_its_time_comes(briefing, stories):
    subscribed("reader@example.org", briefing)
    edition = edition_make(briefing, articles=stories)
    edition.status, edition.send_at = "scheduled", timezone.now() + timedelta(minutes=5)
    edition.save()
    assert jobs.due_run()["scheduled editions started"] == 0
    later = timezone.now() + timedelta(minutes=6)
    assert jobs.due_run(now=later)["scheduled editions started"] == 1
    edition.refresh_from_db()
    assert edition.status == "sending" and edition.deliveries.count() == 1


def test_the_daily_briefing_goes_out_once_at_seven_kyiv_time(briefing, stories, newsroom):
    subscribed("reader@example.org", briefing)
    briefing.schedule_days, briefing.schedule_time = "01234", time(7, 0)
    briefing.auto_subject = "Morning briefing, {date}"
    briefing.save()
    wednesday = timezone.localdate() + timedelta(days=(2 - timezone.localdate().weekday()) % 7)
    day = wednesday.isoformat()

    assert jobs.automatic_editions_start(now=kyiv(day, 6, 59)) == 0
    assert jobs.automatic_editions_start(now=kyiv(day, 7, 1)) == 1
    assert jobs.automatic_editions_start(now=kyiv(day, 7, 2)) == 0  # once per slot
    edition = Edition.objects.get()
    assert edition.subject == f"Morning briefing, {wednesday.day} {wednesday:%B %Y}"
    assert edition.scheduled_for == kyiv(day, 7)
    assert edition.status == "sending" and edition.stories.count() == 2

    saturday = (wednesday + timedelta(days=3)).isoformat()
    assert jobs.automatic_editions_start(now=kyiv(saturday, 7, 1)) == 0  # not a weekday
    # A scheduler that was down for more than two hours skips the stale slot.
    thursday = (wednesday + timedelta(days=1)).isoformat()
    assert jobs.automatic_editions_start(now=kyiv(thursday, 9, 30)) == 0


def test_an_automatic_edition_with_no_news_stays_a_draft(briefing, newsroom):
    subscribed("reader@example.org", briefing)
    briefing.schedule_days, briefing.schedule_time = "0123456", time(7, 0)
    briefing.auto_section = newsroom["city"]
    briefing.save()
    today = timezone.localdate().isoformat()
    assert jobs.automatic_editions_start(now=kyiv(today, 7, 1)) == 0
    edition = Edition.objects.get()
    assert edition.status == "draft" and not edition.deliveries.exists()
