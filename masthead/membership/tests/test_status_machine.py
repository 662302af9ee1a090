"""The membership status machine and the running counters it keeps."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.membership import campaigns, status_machine, subscriptions
from masthead.membership.models import Campaign, Counter, Member
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


def active_counter() -> int:
    counter = Counter.objects.filter(name=Counter.ACTIVE_MEMBERS).first()
    return counter.value if counter else 0


def test_joining_makes_an_active_member_and_counts_once(tier):
    member = builders.member_join("olena@readers.example", tier)
    assert member.status == Member.Status.ACTIVE
    assert member.joined_at is not None
    assert member.current_period_end > timezone.now() + timedelta(days=27)
    assert member.payments.count() == 1
    assert active_counter() == 1
    assert list(member.changes.values_list("status", flat=True)) == ["active"]


def test_past_due_still_counts_and_cancel_takes_the_member_off(tier):
    member = builders.member_join("taras@readers.example", tier)
    later = timezone.now() + timedelta(minutes=1)
    subscriptions.invoice_failed(subscription_ref=member.subscription_ref, at=later)
    assert Member.objects.get(pk=member.pk).status == Member.Status.PAST_DUE
    assert active_counter() == 1
    subscriptions.subscription_sync(
        subscription_ref=member.subscription_ref,
        status=Member.Status.CANCELED,
        at=later + timedelta(minutes=1),
    )
    member.refresh_from_db()
    assert member.status == Member.Status.CANCELED
    assert member.ended_at is not None
    assert active_counter() == 0


def test_a_lapsed_member_who_rejoins_counts_again(tier):
    member = builders.member_join("iryna@readers.example", tier)
    status_machine.member_end(member=member, at=timezone.now(), reason="test")
    assert active_counter() == 0
    builders.member_join("IRYNA@readers.example", tier)  # the same reader, other casing
    assert Member.objects.count() == 1
    assert active_counter() == 1


def test_complimentary_members_read_for_free_but_do_not_count_toward_goals(tier):
    member = status_machine.complimentary_grant(
        email="press@partner.example", tier=tier, until=timezone.now() + timedelta(days=90)
    )
    assert member.is_current
    assert active_counter() == 0


def test_a_campaign_counting_new_members_counts_only_those_who_joined_during_it(tier):
    builders.member_join("before@readers.example", tier)
    campaign = builders.campaign_make(goal=10, counts=Campaign.Counts.NEW)
    builders.member_join("during@readers.example", tier)
    builders.member_join("during2@readers.example", tier)
    campaign.refresh_from_db()
    assert campaign.joined_count == 2
    assert campaigns.banner()["count"] == 2
    assert active_counter() == 3


def test_a_member_who_joined_during_the_drive_and_left_no_longer_counts_for_it(tier):
    campaign = builders.campaign_make(goal=10, counts=Campaign.Counts.NEW)
    member = builders.member_join("brief@readers.example", tier)
    status_machine.member_end(member=member, at=timezone.now(), reason="test")
    campaign.refresh_from_db()
    assert campaign.joined_count == 0
    builders.member_join("brief@readers.example", tier)
    campaign.refresh_from_db()
    assert campaign.joined_count == 1
    status_machine.counters_recount()
    campaign.refresh_from_db()
    assert campaign.joined_count == 1


def test_recount_agrees_with_the_running_counters(tier):
    builders.campaign_make(goal=10)
    for n in range(5):
        builders.member_join(f"reader{n}@readers.example", tier)
    member = Member.objects.first()
    status_machine.member_end(member=member, at=timezone.now(), reason="test")
    before = active_counter()
    assert status_machine.counters_recount() == before == 4


def test_gifted_and_complimentary_memberships_end_when_their_time_runs_out(tier):
    member = status_machine.complimentary_grant(
        email="friend@readers.example", tier=tier, until=timezone.now() + timedelta(days=1)
    )
    assert status_machine.memberships_expire_due(at=timezone.now()) == 0
    assert status_machine.memberships_expire_due(at=timezone.now() + timedelta(days=2)) == 1
    member.refresh_from_db()
    assert member.status == Member.Status.EXPIRED


def test_demo_renewals_charge_at_period_end_and_end_canceled_memberships(tier):
    from masthead.membership.providers import demo

    renewing = builders.member_join("renew@readers.example", tier)
    leaving = builders.member_join("leave@readers.example", tier)
    demo.subscription_cancel(member=leaving)
    month_later = timezone.now() + timedelta(days=32)
    assert demo.renewals_due(at=month_later) == 2
    renewing.refresh_from_db()
    leaving.refresh_from_db()
    assert renewing.status == Member.Status.ACTIVE
    assert renewing.payments.count() == 2
    assert renewing.current_period_end > month_later
    assert leaving.status == Member.Status.CANCELED
    assert active_counter() == 1


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2026, 1, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 11, 15, tzinfo=UTC), 2, datetime(2027, 1, 15, tzinfo=UTC)),
        (datetime(2028, 2, 29, tzinfo=UTC), 12, datetime(2029, 2, 28, tzinfo=UTC)),
    ],
)
def test_months_after_keeps_the_day_or_the_month_end(start, months, expected):
    assert status_machine.months_after(start, months) == expected
