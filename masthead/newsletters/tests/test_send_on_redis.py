"""With TASKS_BACKEND=redis, sends go through RQ: the real queue in Redis and the real
`masthead rqworker`, each in its own process (runs in the PostgreSQL + Redis pass)."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from masthead.newsletters.models import Delivery, Edition
from masthead.newsletters.tests.builders import edition_make, subscribed
from masthead.newsletters.tests.test_send_interrupted import database_url

MASTHEAD = Path(sys.executable).with_name("masthead")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edition_goes_out_through_the_redis_queue(briefing, stories, smtp_server):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of `make test`")
    addresses = [f"reader{n}@example.org" for n in range(12)]
    for address in addresses:
        subscribed(address, briefing)
    edition = edition_make(briefing, articles=stories)
    env = {
        **os.environ,
        "TASKS_BACKEND": "redis",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
    }
    start = (
        "from masthead.newsletters import editions; "
        "from masthead.newsletters.models import Edition; "
        f"editions.edition_start(edition=Edition.objects.get(pk={edition.pk}))"
    )

    def run(*args):
        done = subprocess.run(  # noqa: S603 - our own command
            [MASTHEAD, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]

    run("shell", "-c", start)
    assert not smtp_server  # queued in Redis, not sent by the web process
    run("rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job")
    assert Edition.objects.get(pk=edition.pk).status == "sent"
    counts = Counter(message.envelope_to[0] for message in smtp_server)
    assert set(counts) == set(addresses) and max(counts.values()) == 1
    assert Delivery.objects.filter(status="sent").count() == len(addresses)
