"""Stripe's webhook: signed with Stripe's library, recorded once, applied in order."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from masthead.membership import checkouts, status_machine
from masthead.membership.event_outcomes import EventOutcome
from masthead.membership.models import Checkout, Counter, Member, Payment, WebhookEvent
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db
URL = "/membership/webhooks/stripe/"


@pytest.fixture
def checkout(tier, fake_stripe):
    return checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email="olena@readers.example",
        provider="stripe",
        tier=tier,
        interval="month",
    )


def now_ts(offset=0) -> int:
    return int(timezone.now().timestamp()) + offset


def deliver(client, event_type, obj, *, event_id, created):
    payload, header = builders.stripe_event(event_type, obj, event_id=event_id, created=created)
    return client.post(
        URL, payload, content_type="application/json", headers={"stripe-signature": header}
    )


def checkout_paid(client, checkout):
    """The usual first event: Stripe says the checkout was paid."""
    return deliver(
        client,
        "checkout.session.completed",
        session_completed(checkout),
        event_id="e1",
        created=now_ts(),
    )


def session_completed(checkout, **extra):
    return {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": checkout.token,
        "customer": "cus_1",
        "subscription": "sub_1",
        "invoice": "in_first",
        "payment_status": "paid",
        "amount_total": 500,
        "mode": "subscription",
        **extra,
    }


def subscription(status, *, period_end, cancel=False, checkout=None):
    return {
        "id": "sub_1",
        "object": "subscription",
        "status": status,
        "customer": "cus_1",
        "cancel_at_period_end": cancel,
        "latest_invoice": "in_first",
        "metadata": {"checkout": checkout.token} if checkout else {},
        "items": {"data": [{"current_period_end": period_end}]},
    }


def member() -> Member:
    return Member.objects.get(user__email="olena@readers.example")


def test_a_completed_checkout_makes_a_member(client, checkout):
    response = deliver(
        client,
        "checkout.session.completed",
        session_completed(checkout),
        event_id="evt_1",
        created=now_ts(),
    )
    assert response.status_code == 200
    # What it did is answered to Stripe and kept with the event, for whoever looks later.
    assert response.content.decode() == EventOutcome.CHECKOUT_COMPLETED
    assert WebhookEvent.objects.get().outcome == EventOutcome.CHECKOUT_COMPLETED
    assert member().status == Member.Status.ACTIVE
    assert member().subscription_ref == "sub_1"
    assert member().customer_ref == "cus_1"
    assert Payment.objects.get().reference == "in_first"


def test_a_replayed_event_changes_nothing(client, checkout):
    for _ in range(3):
        response = deliver(
            client,
            "checkout.session.completed",
            session_completed(checkout),
            event_id="evt_1",
            created=now_ts(),
        )
        assert response.status_code == 200
    assert response.content.decode() == EventOutcome.ALREADY_PROCESSED
    assert WebhookEvent.objects.count() == 1
    assert Payment.objects.count() == 1
    assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == 1


def test_a_bad_signature_is_rejected_and_nothing_recorded(client, checkout):
    payload, header = builders.stripe_event(
        "checkout.session.completed",
        session_completed(checkout),
        event_id="evt_x",
        created=now_ts(),
    )
    forged = header.replace(header.split("v1=")[1][:6], "000000")
    for headers in ({"stripe-signature": forged}, {}):
        response = client.post(URL, payload, content_type="application/json", headers=headers)
        assert response.status_code == 400
    response = client.post(
        URL, b"not json", content_type="application/json", headers={"stripe-signature": header}
    )
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    assert not Member.objects.exists()


def envelope(**fields):
    return {
        "id": "evt_bad",
        "object": "event",
        "type": "customer.subscription.updated",
        "created": now_ts(),
        "data": {"object": {"id": "sub_1", "status": "active"}},
        **fields,
    }


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "object"],
        {"object": "event", "type": "invoice.paid"},  # no id, no data
        envelope(id=None),
        envelope(type=["invoice.paid"]),
        envelope(created="yesterday"),
        envelope(created=10**20),
        envelope(created=None),  # an event without its time
        {k: v for k, v in envelope().items() if k != "created"},
        envelope(data={"object": "sub_1"}),
        envelope(data={"object": {"id": "sub_1"}}),  # a subscription without its status
        envelope(type="invoice.paid", data={"object": {"id": "in_1", "lines": {"data": [{}]}}}),
        envelope(type="invoice.paid", data={"object": {"id": "in_1", "amount_paid": "lots"}}),
    ],
)
def test_a_signed_but_malformed_event_is_refused_logged_and_not_recorded(
    client, checkout, caplog, body
):
    payload, header = builders.stripe_signed(body)
    response = client.post(
        URL, payload, content_type="application/json", headers={"stripe-signature": header}
    )
    assert response.status_code == 400
    assert b"Malformed" in response.content
    [line] = [r for r in caplog.records if r.name == "masthead.membership.views.webhooks"]
    assert line.levelname == "ERROR" and "malformed" in line.getMessage()
    # Not recorded: once the code understands it, Stripe's next retry is applied.
    assert not WebhookEvent.objects.exists()
    assert not Member.objects.exists()


def test_an_event_signed_in_the_future_is_refused(client, checkout):
    payload, header = builders.stripe_event(
        "checkout.session.completed",
        session_completed(checkout),
        event_id="evt_later",
        created=now_ts(),
        signed_at=now_ts(3600),
    )
    response = client.post(
        URL, payload, content_type="application/json", headers={"stripe-signature": header}
    )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not Member.objects.exists()


def test_an_event_signed_a_moment_ahead_of_our_clock_is_taken(client, checkout):
    payload, header = builders.stripe_event(
        "checkout.session.completed",
        session_completed(checkout),
        event_id="evt_skew",
        created=now_ts(),
        signed_at=now_ts(30),  # Stripe's clock a little ahead of ours
    )
    response = client.post(
        URL, payload, content_type="application/json", headers={"stripe-signature": header}
    )
    assert response.status_code == 200
    assert member().status == Member.Status.ACTIVE


def test_subscription_states_map_to_member_states(client, checkout):
    checkout_paid(client, checkout)
    period_end = now_ts(30 * 86400)
    steps = [
        ("customer.subscription.updated", "past_due", Member.Status.PAST_DUE, 1),
        ("customer.subscription.updated", "active", Member.Status.ACTIVE, 1),
        ("customer.subscription.updated", "unpaid", Member.Status.PAST_DUE, 1),
        ("customer.subscription.deleted", "canceled", Member.Status.CANCELED, 0),
    ]
    for number, (kind, status, expected, counted) in enumerate(steps, 2):
        deliver(
            client,
            kind,
            subscription(status, period_end=period_end),
            event_id=f"e{number}",
            created=now_ts(number),
        )
        assert member().status == expected, kind
        assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == counted
    assert member().current_period_end.timestamp() == period_end


def test_cancel_at_period_end_keeps_access_until_then(client, checkout):
    checkout_paid(client, checkout)
    deliver(
        client,
        "customer.subscription.updated",
        subscription("active", period_end=now_ts(86400), cancel=True),
        event_id="e2",
        created=now_ts(1),
    )
    assert member().status == Member.Status.ACTIVE
    assert member().cancel_at_period_end is True


def test_an_older_event_arriving_late_is_recorded_but_not_applied(client, checkout):
    checkout_paid(client, checkout)
    deliver(
        client,
        "customer.subscription.deleted",
        subscription("canceled", period_end=now_ts(86400)),
        event_id="e3",
        created=now_ts(20),
    )
    response = deliver(
        client,
        "customer.subscription.updated",
        subscription("active", period_end=now_ts(86400)),
        event_id="e2",
        created=now_ts(10),
    )
    assert b"ignored" in response.content
    assert member().status == Member.Status.CANCELED
    assert WebhookEvent.objects.count() == 3


def test_the_subscription_arriving_before_the_checkout_still_makes_one_member(client, checkout):
    deliver(
        client,
        "customer.subscription.created",
        subscription("active", period_end=now_ts(30 * 86400), checkout=checkout),
        event_id="e1",
        created=now_ts(),
    )
    deliver(
        client,
        "invoice.paid",
        {
            "id": "in_first",
            "object": "invoice",
            "amount_paid": 500,
            "currency": "usd",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "lines": {"data": [{"period": {"end": now_ts(30 * 86400)}}]},
        },
        event_id="e2",
        created=now_ts(1),
    )
    deliver(
        client,
        "checkout.session.completed",
        session_completed(checkout),
        event_id="e3",
        created=now_ts(2),
    )
    assert member().status == Member.Status.ACTIVE
    assert Payment.objects.count() == 1  # the first invoice, known by its id three times
    assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == 1


def test_renewal_invoices_extend_the_period_and_failed_ones_make_it_past_due(client, checkout):
    checkout_paid(client, checkout)
    next_end = now_ts(60 * 86400)
    deliver(
        client,
        "invoice.payment_failed",
        {
            "id": "in_2",
            "object": "invoice",
            "subscription": "sub_1",
        },
        event_id="e2",
        created=now_ts(5),
    )
    assert member().status == Member.Status.PAST_DUE
    deliver(
        client,
        "invoice.paid",
        {
            "id": "in_2",
            "object": "invoice",
            "amount_paid": 500,
            "currency": "usd",
            "subscription": "sub_1",
            "lines": {"data": [{"period": {"end": next_end}}]},
        },
        event_id="e3",
        created=now_ts(10),
    )
    assert member().status == Member.Status.ACTIVE
    assert member().current_period_end.timestamp() == next_end
    assert Payment.objects.count() == 2


def test_an_expired_checkout_is_closed_and_unknown_events_are_acknowledged(client, checkout):
    response = deliver(
        client,
        "checkout.session.expired",
        session_completed(checkout, payment_status="unpaid"),
        event_id="e1",
        created=now_ts(),
    )
    assert response.status_code == 200
    checkout.refresh_from_db()
    assert checkout.state == Checkout.State.CANCELED
    response = deliver(client, "customer.created", {"id": "cus_9"}, event_id="e2", created=now_ts())
    assert response.content.decode() == EventOutcome.IGNORED_KIND


def test_without_a_webhook_secret_the_endpoint_is_off(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert client.post(URL, b"{}", content_type="application/json").status_code == 404
    assert reverse("membership_stripe_webhook") == URL


def test_stripe_is_called_for_checkout_portal_cancel_and_gift_deferral(client, tier, fake_stripe):
    response = client.post(
        "/join/",
        {
            "kind": "membership",
            "tier": tier.pk,
            "interval": "year",
            "email": "olena@readers.example",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.test/c/pay/cs_test_1"
    _, path, form = fake_stripe.requests[-1]
    assert path == "/v1/checkout/sessions"
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][unit_amount]"] == "5000"
    assert form["line_items[0][price_data][recurring][interval]"] == "year"
    assert form["customer_email"] == "olena@readers.example"
    checkout = Checkout.objects.get()
    assert form["client_reference_id"] == checkout.token
    assert checkout.session_ref == "cs_test_1"

    checkout_paid(client, checkout)
    client.force_login(member().user)
    response = client.post("/account/manage/")
    assert response["Location"] == "https://billing.stripe.test/p/session/bps_1"
    assert fake_stripe.requests[-1][2]["customer"] == "cus_1"
    client.post("/account/cancel/")
    assert fake_stripe.requests[-1][1:] == (
        "/v1/subscriptions/sub_1",
        {"cancel_at_period_end": "true"},
    )
    assert member().cancel_at_period_end


def test_a_paying_member_redeeming_a_gift_pauses_billing_at_stripe(
    client, tier, fake_stripe, checkout
):
    from masthead.membership import gifts

    checkout_paid(client, checkout)
    ends = member().current_period_end
    gift = gifts.gift_create(
        tier=tier,
        months=6,
        purchaser_email="aunt@readers.example",
        recipient_email="olena@readers.example",
    )
    code = gifts.code_new()
    gift.code_hash, gift.state = gifts.code_hash(code), "delivered"
    gift.save()
    gifts.gift_redeem(user=member().user, code=code)
    _, path, form = fake_stripe.requests[-1]
    assert path == "/v1/subscriptions/sub_1"
    assert form["proration_behavior"] == "none"
    assert int(form["trial_end"]) == int(status_machine.months_after(ends, 6).timestamp())
    assert member().current_period_end == status_machine.months_after(ends, 6)
    assert timezone.now() + timedelta(days=150) < member().current_period_end


def test_a_zero_invoice_during_gifted_months_extends_without_a_payment(client, checkout):
    checkout_paid(client, checkout)
    later = now_ts(90 * 86400)
    response = deliver(
        client,
        "invoice.paid",
        {
            "id": "in_trial",
            "object": "invoice",
            "amount_paid": 0,
            "currency": "usd",
            "subscription": "sub_1",
            "lines": {"data": [{"period": {"end": later}}]},
        },
        event_id="e2",
        created=now_ts(5),
    )
    assert response.content.decode() == EventOutcome.PERIOD_EXTENDED
    assert member().current_period_end.timestamp() == later
    assert Payment.objects.count() == 1
