"""Concurrent sign-ups: the running counter matches the members table exactly.

Meant for PostgreSQL (row locks, concurrent transactions); SQLite serialises writers, so
the same test there checks the bookkeeping without real parallelism.
"""

import threading

import pytest
from django.db import connection, connections

from masthead.membership.models import Checkout, Counter, Member
from masthead.membership.providers import demo
from masthead.membership.tests import builders

# serialized_rollback: restore what migrations made, so later transactional tests (the
# browser ones) start from the same database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_concurrent_sign_ups_and_duplicate_confirmations_count_exactly(tier):
    builders.campaign_make(goal=100)
    checkouts = [
        builders.checkouts.checkout_start(
            kind=Checkout.Kind.SUBSCRIPTION,
            email=f"r{n}@readers.example",
            provider="demo",
            tier=tier,
            interval="month",
        )
        for n in range(12)
    ]
    # Each checkout confirmed twice at once (a double click, a retried request).
    jobs = checkouts + checkouts
    barrier = threading.Barrier(len(jobs) if connection.vendor == "postgresql" else 1)
    errors = []

    def confirm(checkout):
        try:
            if barrier.parties > 1:
                barrier.wait(timeout=10)
            demo.checkout_confirm(checkout=checkout)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(c,)) for c in jobs]
    parallel = connection.vendor == "postgresql"
    for thread in threads:
        thread.start()
        if not parallel:  # SQLite's in-memory test database allows one writer at a time
            thread.join()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Member.objects.filter(status="active").count() == 12
    assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == 12
    from masthead.membership.models import Campaign, Payment

    assert Campaign.objects.get().joined_count == 12
    assert Payment.objects.count() == 12
