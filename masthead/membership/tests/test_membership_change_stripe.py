"""Changing tier or interval at Stripe (its real client library, against the fake of its
API): an upgrade previewed and made with the same proration date and invoiced at once; a
downgrade held by a two-phase subscription schedule; Stripe's events keeping us in step."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from masthead.membership import checkouts, tier_changes
from masthead.membership.event_outcomes import EventOutcome
from masthead.membership.models import Checkout, Member, Payment, TierChange
from masthead.membership.payments import ProviderUnavailable
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db
URL = "/membership/webhooks/stripe/"

JOINED = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
HALFWAY = datetime(2026, 12, 20, 22, 0, tzinfo=UTC)  # half the 31-day period left
RENEWAL = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


@pytest.fixture
def tiers(db):
    return {
        "friend": builders.tier_make("friend", "3.00", "30.00", currency="EUR"),
        "supporter": builders.tier_make("supporter", "5.00", "50.00", currency="EUR"),
        "patron": builders.tier_make("patron", "10.00", "100.00", currency="EUR"),
    }


@pytest.fixture
def member(tiers, fake_stripe):
    """A Supporter paying monthly through Stripe Checkout, and Stripe's side of it."""
    fake_stripe.subscription_add(
        "sub_1", amount=500, currency="eur", start=ts(JOINED), end=ts(RENEWAL)
    )
    checkout = checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email="olena@readers.example",
        provider="stripe",
        tier=tiers["supporter"],
        interval="month",
    )
    return checkouts.checkout_complete(
        checkout=checkout,
        payment_ref="in_first",
        customer_ref="cus_1",
        subscription_ref="sub_1",
        period_end=RENEWAL,
        at=JOINED,
    )


def fresh(member) -> Member:
    return Member.objects.select_related("tier", "pending_tier").get(pk=member.pk)


def deliver(client, event_type, obj, *, event_id, created):
    payload, header = builders.stripe_event(event_type, obj, event_id=event_id, created=created)
    response = client.post(
        URL, payload, content_type="application/json", headers={"stripe-signature": header}
    )
    assert response.status_code == 200, response.content
    return response.content.decode()


def calls(fake_stripe, since=0) -> list[tuple[str, str]]:
    return [(method, path) for method, path, _ in fake_stripe.requests[since:]]


def test_an_upgrade_is_previewed_then_made_with_the_same_proration_and_invoiced_at_once(
    member, tiers, fake_stripe
):
    quote = tier_changes.membership_change_quote(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    assert quote.due_now == Decimal("2.50")  # Stripe's figure: 5.00 for half a month, less 2.50
    assert calls(fake_stripe) == [
        ("GET", "/v1/subscriptions/sub_1"),
        ("GET", "/v1/prices"),
        ("POST", "/v1/prices"),
        ("POST", "/v1/invoices/create_preview"),
    ]
    _, _, lookup = fake_stripe.requests[1]
    assert lookup == {
        "lookup_keys[0]": "masthead:patron:month:1000:eur",
        "active": "true",
        "limit": "1",
    }
    _, _, price = fake_stripe.requests[2]
    assert price["unit_amount"] == "1000" and price["recurring[interval]"] == "month"
    assert price["metadata[tier]"] == "patron" and price["product_data[name]"] == "Patron"
    _, _, preview = fake_stripe.requests[3]
    assert preview == {
        "subscription": "sub_1",
        "subscription_details[items][0][id]": "si_1",
        "subscription_details[items][0][price]": "price_2",
        "subscription_details[proration_behavior]": "always_invoice",
        "subscription_details[proration_date]": str(ts(HALFWAY)),
    }

    start = len(fake_stripe.requests)
    tier_changes.membership_change(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    # The price made for the preview is found again by its lookup key, not made twice.
    assert calls(fake_stripe, start) == [
        ("GET", "/v1/subscriptions/sub_1"),
        ("GET", "/v1/prices"),
        ("POST", "/v1/subscriptions/sub_1"),
    ]
    _, _, update = fake_stripe.requests[-1]
    assert update == {
        "items[0][id]": "si_1",
        "items[0][price]": "price_2",
        "proration_behavior": "always_invoice",
        "proration_date": str(ts(HALFWAY)),
        "payment_behavior": "pending_if_incomplete",
        "expand[0]": "latest_invoice",
    }
    member = fresh(member)
    assert member.tier == tiers["patron"] and member.current_period_end == RENEWAL
    invoice = fake_stripe.subscriptions["sub_1"]["latest_invoice"]
    payment = Payment.objects.get(reference=invoice["id"])
    assert payment.amount == Decimal("2.50") and payment.member == member


def test_stripes_events_for_an_upgrade_find_us_in_step(client, member, tiers, fake_stripe):
    tier_changes.membership_change(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    subscription = fake_stripe.subscriptions["sub_1"]
    invoice = subscription["latest_invoice"]
    invoice_paid = {
        "id": invoice["id"],
        "object": "invoice",
        "amount_paid": 250,
        "currency": "eur",
        "parent": {"subscription_details": {"subscription": "sub_1"}},
        "lines": {"data": [{"period": {"end": ts(RENEWAL)}}]},
    }
    later = ts(HALFWAY) + 2
    assert deliver(client, "invoice.paid", invoice_paid, event_id="e1", created=later) == (
        EventOutcome.PAYMENT_ALREADY_RECORDED
    )
    deliver(
        client,
        "customer.subscription.updated",
        subscription | {"latest_invoice": invoice["id"]},
        event_id="e2",
        created=later,
    )
    member = fresh(member)
    assert member.tier == tiers["patron"] and member.tier_changes.count() == 1
    assert member.payments.count() == 2

    # The event of the subscription before the change, delivered late, changes nothing back.
    before = subscription | {"items": {"data": [{"price": fake_stripe.prices["price_checkout_1"]}]}}
    deliver(
        client, "customer.subscription.updated", before, event_id="e0", created=ts(HALFWAY) - 60
    )
    assert fresh(member).tier == tiers["patron"]


def test_a_declined_upgrade_changes_nothing_until_paid_on_stripes_page(
    client, member, tiers, fake_stripe
):
    fake_stripe.decline = True
    done = tier_changes.membership_change(
        member=member, tier=tiers["patron"], interval="month", at=HALFWAY
    )
    assert done.confirm_url.startswith("https://invoice.stripe.test/i/")
    member = fresh(member)
    assert member.tier == tiers["supporter"] and member.payments.count() == 1

    # Paid there, Stripe applies the pending update and says so.
    subscription = fake_stripe.subscriptions["sub_1"]
    subscription["items"]["data"][0]["price"] = fake_stripe.prices["price_2"]
    deliver(
        client,
        "customer.subscription.updated",
        subscription | {"pending_update": None, "latest_invoice": "in_x"},
        event_id="e1",
        created=ts(HALFWAY) + 300,
    )
    member = fresh(member)
    assert member.tier == tiers["patron"]
    assert member.tier_changes.get().how == TierChange.How.PROVIDER


def test_a_downgrade_is_a_two_phase_schedule_that_charges_nothing_now(member, tiers, fake_stripe):
    done = tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    assert calls(fake_stripe) == [
        ("GET", "/v1/prices"),
        ("POST", "/v1/prices"),
        ("POST", "/v1/subscription_schedules"),
        ("POST", "/v1/subscription_schedules/sub_sched_1"),
    ]
    assert fake_stripe.requests[2][2] == {"from_subscription": "sub_1"}
    assert fake_stripe.requests[3][2] == {
        "end_behavior": "release",
        "proration_behavior": "none",
        # Now to the renewal: the price the member pays today.
        "phases[0][items][0][price]": "price_checkout_1",
        "phases[0][items][0][quantity]": "1",
        "phases[0][start_date]": str(ts(JOINED)),
        "phases[0][end_date]": str(ts(RENEWAL)),
        # From the renewal: the new price, its billing date the phase's start.
        "phases[1][items][0][price]": "price_2",
        "phases[1][items][0][quantity]": "1",
        "phases[1][duration][interval]": "month",
        "phases[1][duration][interval_count]": "1",
        "phases[1][billing_cycle_anchor]": "phase_start",
        "phases[1][proration_behavior]": "none",
    }
    member = fresh(member)
    assert (member.tier, member.pending_tier, member.pending_at) == (
        tiers["supporter"],
        tiers["friend"],
        RENEWAL,
    )
    assert member.schedule_ref == "sub_sched_1" and member.payments.count() == 1
    assert "From 5 January 2027 you will be a Friend at 3 EUR a month" in done.outcome()


def test_yearly_to_monthly_at_renewal_keeps_the_year_then_bills_monthly_from_it(tiers, fake_stripe):
    fake_stripe.subscription_add(
        "sub_2",
        amount=5000,
        currency="eur",
        interval="year",
        start=ts(JOINED),
        end=ts(JOINED.replace(year=2027)),
        customer="cus_2",
    )
    checkout = checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email="taras@readers.example",
        provider="stripe",
        tier=tiers["supporter"],
        interval="year",
    )
    member = checkouts.checkout_complete(
        checkout=checkout,
        payment_ref="in_2",
        subscription_ref="sub_2",
        period_end=JOINED.replace(year=2027),
        at=JOINED,
    )
    tier_changes.membership_change(
        member=member, tier=tiers["supporter"], interval="month", at=HALFWAY
    )
    phases = fake_stripe.requests[-1][2]
    assert phases["phases[0][end_date]"] == str(ts(JOINED.replace(year=2027)))
    assert phases["phases[1][duration][interval]"] == "month"
    assert phases["phases[1][billing_cycle_anchor]"] == "phase_start"
    assert fresh(member).pending_at == JOINED.replace(year=2027)


def test_the_renewal_stripe_reports_applies_the_pending_change(client, member, tiers, fake_stripe):
    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    # At the renewal, the schedule's second phase begins: the subscription bills Friend.
    subscription = fake_stripe.subscriptions["sub_1"]
    item = subscription["items"]["data"][0]
    item |= {
        "price": fake_stripe.prices["price_2"],
        "current_period_start": ts(RENEWAL),
        "current_period_end": ts(datetime(2027, 2, 5, 10, 0, tzinfo=UTC)),
    }
    outcome = deliver(
        client, "customer.subscription.updated", subscription, event_id="e1", created=ts(RENEWAL)
    )
    assert outcome == EventOutcome.STATUS_SET and fresh(member).status == Member.Status.ACTIVE
    deliver(
        client,
        "invoice.paid",
        {
            "id": "in_renewal",
            "object": "invoice",
            "amount_paid": 300,
            "currency": "eur",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "lines": {"data": [{"period": {"end": item["current_period_end"]}}]},
        },
        event_id="e2",
        created=ts(RENEWAL) + 1,
    )
    member = fresh(member)
    assert (member.tier, member.interval, member.pending_tier) == (tiers["friend"], "month", None)
    assert member.current_period_end == datetime(2027, 2, 5, 10, 0, tzinfo=UTC)
    assert member.payments.get(reference="in_renewal").amount == Decimal("3.00")
    assert member.tier_changes.get().how == TierChange.How.RENEWAL
    # Stripe keeps the schedule a period longer; its release, then, changes nothing.
    assert member.schedule_ref == "sub_sched_1"
    released = {"id": "sub_sched_1", "object": "subscription_schedule", "status": "released"}
    released |= {"subscription": None, "released_subscription": "sub_1"}
    assert deliver(
        client, "subscription_schedule.released", released, event_id="e3", created=ts(RENEWAL) + 9
    ) == (EventOutcome.SCHEDULE_RELEASED)
    assert fresh(member).tier == tiers["friend"] and fresh(member).schedule_ref == ""


def test_taking_back_a_downgrade_releases_the_schedule(member, tiers, fake_stripe):
    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    tier_changes.membership_change_take_back(member=fresh(member))
    assert fake_stripe.requests[-1][:2] == (
        "POST",
        "/v1/subscription_schedules/sub_sched_1/release",
    )
    assert fake_stripe.subscriptions["sub_1"]["schedule"] is None
    member = fresh(member)
    assert member.pending_tier is None and member.schedule_ref == ""


def test_a_schedule_released_at_stripe_drops_the_pending_change(client, member, tiers, fake_stripe):
    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    released = {"id": "sub_sched_1", "object": "subscription_schedule", "status": "released"}
    released |= {"subscription": None, "released_subscription": "sub_1"}
    outcome = deliver(
        client, "subscription_schedule.released", released, event_id="e1", created=ts(HALFWAY) + 5
    )
    assert outcome == EventOutcome.PENDING_CHANGE_DROPPED
    member = fresh(member)
    assert member.pending_tier is None and member.tier == tiers["supporter"]


def test_canceling_with_a_change_waiting_releases_the_schedule_first(member, tiers, fake_stripe):
    from masthead.membership.providers import stripe as stripe_provider

    tier_changes.membership_change(
        member=member, tier=tiers["friend"], interval="month", at=HALFWAY
    )
    stripe_provider.subscription_cancel(member=fresh(member))  # Stripe refuses it otherwise
    assert calls(fake_stripe)[-2:] == [
        ("POST", "/v1/subscription_schedules/sub_sched_1/release"),
        ("POST", "/v1/subscriptions/sub_1"),
    ]
    member = fresh(member)
    assert member.cancel_at_period_end and member.pending_tier is None


@pytest.mark.parametrize("tier", ["patron", "friend"])
def test_stripe_being_away_changes_nothing_and_says_so(member, tiers, fake_stripe, tier):
    fake_stripe.status = 503
    with pytest.raises(ProviderUnavailable):
        tier_changes.membership_change(
            member=member, tier=tiers[tier], interval="month", at=HALFWAY
        )
    member = fresh(member)
    assert (member.tier, member.pending_tier, member.schedule_ref) == (tiers["supporter"], None, "")
    assert member.payments.count() == 1 and not member.tier_changes.exists()
