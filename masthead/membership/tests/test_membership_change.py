"""Changing tier or interval through the demo provider: an upgrade now, with a prorated demo
payment; a downgrade at the renewal the scheduler runs; a pending one taken back."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from masthead.membership import status_machine, tier_changes
from masthead.membership.models import Member, TierChange
from masthead.membership.providers import demo
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db

JOINED = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)  # monthly: renews on 5 January 2027, 10:00
HALFWAY = datetime(2026, 12, 20, 22, 0, tzinfo=UTC)  # 15.5 of the period's 31 days left
RENEWAL = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def tiers(db):
    return {
        "friend": builders.tier_make("friend", "3.00", "30.00", currency="EUR"),
        "supporter": builders.tier_make("supporter", "5.00", "50.00", currency="EUR"),
        "patron": builders.tier_make("patron", "10.00", "100.00", currency="EUR"),
    }


@pytest.fixture
def member(tiers):
    return builders.member_join("olena@readers.example", tiers["supporter"], at=JOINED)


def fresh(member) -> Member:
    return Member.objects.select_related("tier", "pending_tier").get(pk=member.pk)


def test_an_upgrade_takes_effect_now_with_a_prorated_demo_payment(member, tiers):
    quote = tier_changes.membership_change_quote(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    assert quote.when == tier_changes.NOW and quote.due_now == Decimal("2.50")
    assert quote.promise() == (
        "You will pay 2.50 EUR now for the rest of this period (prorated), "
        "then 10 EUR a month from 5 January 2027."
    )

    done = tier_changes.membership_change(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )

    member = fresh(member)
    assert (member.tier, member.interval) == (tiers["patron"], "month")
    assert member.current_period_end == RENEWAL  # the renewal date stays
    payment = member.payments.order_by("paid_at").last()
    assert (payment.amount, payment.currency, payment.paid_at) == (Decimal("2.50"), "EUR", HALFWAY)
    assert done.outcome() == (
        "You are now a Patron: 2.50 EUR paid, then 10 EUR a month from 5 January 2027."
    )
    change = member.tier_changes.get()
    assert (change.from_tier, change.to_tier, change.how) == (
        tiers["supporter"],
        tiers["patron"],
        TierChange.How.NOW,
    )
    assert member.status == Member.Status.ACTIVE and member.changes.count() == 1  # no status change


def test_monthly_to_yearly_starts_a_year_now_less_the_unused_part_of_the_month(member, tiers):
    done = tier_changes.membership_change(
        member=member, tier=tiers["supporter"], interval="year", at=HALFWAY
    )

    member = fresh(member)
    assert member.interval == "year"
    assert member.payments.order_by("paid_at").last().amount == Decimal("47.50")  # 50 - 2.50
    assert member.current_period_end == datetime(2027, 12, 20, 22, 0, tzinfo=UTC)
    # 22:00 UTC is the next day in the newsroom's (and member's) Kyiv time.
    assert "then 50 EUR a year from 21 December 2027" in done.outcome()


def test_a_downgrade_waits_for_the_renewal_the_scheduler_runs(member, tiers):
    quote = tier_changes.membership_change_quote(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    assert quote.when == tier_changes.AT_RENEWAL and quote.due_now is None
    assert quote.promise() == (
        "From 5 January 2027 you will be a Friend at 3 EUR a month; until then nothing changes."
    )

    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )

    member = fresh(member)
    assert (member.tier, member.pending_tier, member.pending_at) == (
        tiers["supporter"],
        tiers["friend"],
        RENEWAL,
    )
    assert member.payments.count() == 1  # nothing charged now
    assert tier_changes.pending_promise(member=member) == quote.promise()

    assert demo.renewals_due(at=RENEWAL.replace(minute=1)) == 1

    member = fresh(member)
    assert (member.tier, member.interval, member.pending_tier) == (tiers["friend"], "month", None)
    renewal = member.payments.order_by("paid_at").last()
    assert renewal.amount == Decimal("3.00")
    assert member.current_period_end.date() == date(2027, 2, 5)  # a month at the new price
    assert member.tier_changes.get().how == TierChange.How.RENEWAL


def test_yearly_to_monthly_waits_for_the_renewal_too(tiers):
    member = builders.member_join(
        "taras@readers.example", tiers["supporter"], interval="year", at=JOINED
    )
    done = tier_changes.membership_change(
        member=member, tier=tiers["supporter"], interval="month", at=HALFWAY
    )
    assert done.when == tier_changes.AT_RENEWAL
    assert done.outcome() == (
        "From 5 December 2027 you will be a Supporter at 5 EUR a month; until then nothing changes."
    )
    assert fresh(member).interval == "year"


def test_a_dearer_tier_paid_less_often_waits_as_a_whole(tiers):
    member = builders.member_join(
        "iryna@readers.example", tiers["supporter"], interval="year", at=JOINED
    )
    quote = tier_changes.membership_change_quote(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    assert quote.when == tier_changes.AT_RENEWAL


def test_a_pending_downgrade_can_be_taken_back(member, tiers):
    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    tier_changes.membership_change_take_back(member=fresh(member))

    member = fresh(member)
    assert member.pending_tier is None and member.pending_at is None
    demo.renewals_due(at=RENEWAL.replace(minute=1))
    member = fresh(member)
    assert member.tier == tiers["supporter"]
    assert member.payments.order_by("paid_at").last().amount == Decimal("5.00")
    assert not member.tier_changes.exists()


def test_canceling_drops_a_pending_change(member, tiers):
    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    demo.subscription_cancel(member=fresh(member))
    member = fresh(member)
    assert member.cancel_at_period_end and member.pending_tier is None


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("same", "That is your membership already."),
        ("other currency", "Dollar is paid in USD, your membership in EUR."),
        ("canceling", "Your membership ends with this period: keep it first, then change it."),
        ("past due", "Your last payment did not go through: update your card, then change tier."),
        ("pending", "A change is already waiting for 5 January 2027: take it back first."),
        ("gifted", "You have no membership with payments to change."),
    ],
)
def test_changes_that_cannot_be_made_are_refused_with_the_reason(member, tiers, situation, message):
    tier, interval = tiers["patron"], "month"
    if situation == "same":
        tier = tiers["supporter"]
    elif situation == "other currency":
        tier = builders.tier_make("dollar", "10.00", "100.00", currency="USD")
    elif situation == "canceling":
        demo.subscription_cancel(member=member)
    elif situation == "past due":
        demo.renewal_charge(member=member, fail=True, at=HALFWAY)
    elif situation == "pending":
        tier_changes.membership_change(
            member=member, tier=tiers["friend"], interval="month", at=HALFWAY
        )
    elif situation == "gifted":
        Member.objects.filter(pk=member.pk).update(subscription_ref="", source="gift")

    with pytest.raises(status_machine.MembershipError, match=message):
        tier_changes.membership_change(
            member=fresh(member), tier=tier, interval=interval, at=HALFWAY
        )
    assert fresh(member).payments.count() == 1


def test_a_demo_membership_cannot_change_once_stripe_takes_the_payments(member, tiers, settings):
    settings.PAYMENTS_PROVIDER = "stripe"  # as the demo's checkout and renewals cannot
    assert not tier_changes.change_offered(member=member)
    with pytest.raises(status_machine.MembershipError):
        tier_changes.membership_change(
            member=member, tier=tiers["patron"], interval="month", at=HALFWAY
        )
    assert fresh(member).tier == tiers["supporter"] and fresh(member).payments.count() == 1
