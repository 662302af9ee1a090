"""A send stopped anywhere resumes where it stopped: nobody gets an edition twice, nobody
is skipped. The mail server goes away mid-send; the worker process is killed mid-send."""

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from masthead.conftest import background_tasks_run
from masthead.newsletters import editions, jobs, sending
from masthead.newsletters.models import Delivery
from masthead.newsletters.tests.builders import edition_make, subscribed

ADDRESSES = [f"reader{n:02}@example.org" for n in range(40)]


def audience(briefing):
    for address in ADDRESSES:
        subscribed(address, briefing)


def assert_each_got_it_once(mailbox):
    counts = Counter(address for message in mailbox for address in message.envelope_to)
    assert set(counts) == set(ADDRESSES)
    assert max(counts.values()) == 1
    assert Delivery.objects.filter(status="sent").count() == len(ADDRESSES)


@pytest.mark.django_db
def test_a_mail_server_that_goes_away_mid_send(briefing, stories, smtp_server, settings):
    settings.NEWSLETTER_BATCH_SIZE = 7
    audience(briefing)
    edition = edition_make(briefing, articles=stories)
    editions.edition_start(edition=edition)
    accepted = []

    def going_down(message):
        accepted.append(message)
        if 12 < len(accepted) <= 15:
            return "421 4.3.2 Service shutting down"
        return None

    smtp_server.on_data = going_down
    assert sending.edition_send_run(edition_id=edition.pk) == "interrupted"
    assert len(smtp_server) == 12
    # The rest waits in the queue, nothing is lost or half-claimed.
    assert Delivery.objects.filter(status="queued").count() == 28
    assert not Delivery.objects.filter(status__in=["sending", "failed"]).exists()

    # Still down: the next try stops at once.
    assert sending.edition_send_run(edition_id=edition.pk) == "interrupted"
    assert sending.edition_send_run(edition_id=edition.pk) == "interrupted"
    assert sending.edition_send_run(edition_id=edition.pk) == "sent"
    assert_each_got_it_once(smtp_server)


@pytest.mark.django_db
def test_a_mail_server_that_cannot_be_reached(briefing, stories, settings, smtp_server):
    audience(briefing)
    edition = edition_make(briefing, articles=stories)
    editions.edition_start(edition=edition)
    settings.EMAIL_PORT = 9  # discard: nothing listens there
    assert sending.edition_send_run(edition_id=edition.pk) == "interrupted"
    assert Delivery.objects.filter(status="queued", attempts=0).count() == len(ADDRESSES)
    settings.EMAIL_PORT = smtp_server.port
    assert sending.edition_send_run(edition_id=edition.pk) == "sent"
    assert_each_got_it_once(smtp_server)


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_send(briefing, stories, smtp_server):
    """The real worker (`masthead db_worker`) in its own process, killed with SIGKILL while
    a message is on the wire; the scheduler's resume and another worker finish the send."""
    audience(briefing)
    edition = edition_make(briefing, articles=stories)
    editions.edition_start(edition=edition)  # commits, and queues the send task
    worker = None

    def kill_on_the_eighteenth(message):
        if len(smtp_server) == 17:
            os.kill(worker.pid, signal.SIGKILL)
            return "451 4.3.0 Try again later"  # the worker is gone: never accepted
        return None

    smtp_server.on_data = kill_on_the_eighteenth
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "NEWSLETTER_BATCH_SIZE": "5",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [Path(sys.executable).with_name("masthead"), "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, errors = worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL, errors.decode()[-2000:]
    assert len(smtp_server) == 17
    assert Delivery.objects.filter(status="sent").count() == 17
    assert Delivery.objects.filter(status="sending").exists()  # the dead worker's claim

    # The scheduler finds the send stalled once the lease is over, and queues it again.
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE + 1)
    smtp_server.on_data = None
    assert jobs.stalled_sends_resume(now=later) == 1
    background_tasks_run()
    edition.refresh_from_db()
    assert edition.status == "sent"
    assert_each_got_it_once(smtp_server)
