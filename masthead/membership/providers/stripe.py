"""Stripe: Checkout Sessions, the customer portal, and webhook events.

The only module that talks to Stripe. Webhook events are verified with Stripe's library,
stored once by event id, and translated into the membership services' terms.
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.db import DataError, IntegrityError, transaction

from masthead.membership import checkouts, status_machine, subscriptions
from masthead.membership.event_outcomes import EventOutcome
from masthead.membership.models import Checkout, Member, Tier, WebhookEvent
from masthead.membership.payments import ChangeCharged, ChangeScheduled, ProviderUnavailable

log = logging.getLogger(__name__)
NAME = "stripe"
# Seconds to connect and to wait for an answer, for each of up to three tries: a reader
# waiting on "Continue to payment" hears back in under a minute (before a proxy's own
# timeout), not after Stripe's default of 80 seconds a try.
TIMEOUT = (4, 12)

STATUSES = {
    "active": Member.Status.ACTIVE,
    "trialing": Member.Status.ACTIVE,  # gifted months pause billing with a trial
    "past_due": Member.Status.PAST_DUE,
    "unpaid": Member.Status.PAST_DUE,
    "canceled": Member.Status.CANCELED,
    "incomplete": Member.Status.PENDING,
    "incomplete_expired": Member.Status.EXPIRED,
    "paused": Member.Status.EXPIRED,
}


class WebhookRejected(Exception):
    """Not from Stripe (bad signature, or signed too long ago or ahead): answered with 400."""


class WebhookMalformed(WebhookRejected):
    """Signed by Stripe but not shaped as we read it (keys missing, values of another type):
    answered with 400 and logged, not recorded, so that Stripe's retries are applied once
    the code reads it."""


# How far Stripe's signing time may be from our clock, either way (Stripe's library checks
# only the past).
TOLERANCE = stripe.Webhook.DEFAULT_TOLERANCE
# What reading a payload of the wrong shape raises, here or in the services it reaches
# (DataError: a value too long or out of range for its column).
MALFORMED = (
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    ArithmeticError,
    DataError,
)


def client() -> stripe.StripeClient:
    addresses: Any = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=addresses,
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


@contextmanager
def _reachable(action: str) -> Iterator[None]:
    """Stripe away (no connection, a timeout, its own 5xx or a rate limit) as the
    provider-neutral ProviderUnavailable; other errors (a bad request, a bad key) stay
    errors of ours."""
    try:
        yield
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as error:
        log.warning("Stripe could not be reached to %s: %s", action, str(error).strip())
        raise ProviderUnavailable(action) from error


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _when(timestamp: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None
    except (OverflowError, OSError) as error:  # a number no clock reaches
        raise ValueError(f"timestamp {timestamp!r} out of range") from error


def _moment(timestamp: Any) -> datetime:
    """A time Stripe always sends (an event's, a phase's end)."""
    if (when := _when(timestamp)) is None:
        raise ValueError(f"timestamp {timestamp!r} missing")
    return when


def checkout_url(checkout: Checkout, *, success_url: str, cancel_url: str) -> str:
    subscription = checkout.kind == Checkout.Kind.SUBSCRIPTION
    price: dict[str, Any] = {
        "currency": checkout.currency.lower(),
        "unit_amount": _cents(checkout.amount),
        "product_data": {"name": str(checkout.tier or checkout.get_kind_display())},
    }
    if subscription:
        price["recurring"] = {"interval": checkout.interval}
    metadata = {"checkout": checkout.token, "kind": checkout.kind}
    params: Any = {
        "mode": "subscription" if subscription else "payment",
        "client_reference_id": checkout.token,
        "customer_email": checkout.email,
        "line_items": [{"quantity": 1, "price_data": price}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": metadata,
    }
    params["subscription_data" if subscription else "payment_intent_data"] = {"metadata": metadata}
    with _reachable(f"start checkout {checkout.pk}"):
        session = client().v1.checkout.sessions.create(params)
    Checkout.objects.filter(pk=checkout.pk).update(session_ref=session.id)
    if not session.url:
        raise ProviderUnavailable(f"checkout {checkout.pk}: Stripe sent no checkout page")
    return session.url


def portal_url(member: Member, *, return_url: str) -> str:
    session = client().v1.billing_portal.sessions.create(
        {"customer": member.customer_ref, "return_url": return_url}
    )
    return session.url


def subscription_cancel(*, member: Member) -> None:
    # Stripe refuses to change the cancelation of a subscription a schedule manages: let the
    # schedule go first (a change waiting for the renewal goes with it: the membership ends).
    _schedule_release(member)
    client().v1.subscriptions.update(member.subscription_ref, {"cancel_at_period_end": True})
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=True)


def subscription_resume(*, member: Member) -> None:
    client().v1.subscriptions.update(member.subscription_ref, {"cancel_at_period_end": False})
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=False)


def subscription_defer(*, member: Member, until: datetime) -> None:
    """No charge until `until`: Stripe's trial, without proration (a schedule would overrule
    it at its next phase: a change waiting for the renewal is dropped)."""
    _schedule_release(member)
    client().v1.subscriptions.update(
        member.subscription_ref,
        {"trial_end": int(until.timestamp()), "proration_behavior": "none"},
    )


def subscription_end_now(*, member: Member) -> None:
    client().v1.subscriptions.cancel(member.subscription_ref)


# Changes of tier or interval (membership/tier_changes.py decides which and when) -------


def _subscription_item(member: Member) -> Any:
    """The subscription's one item (its price, and the current period since API 2025-03)."""
    subscription = client().v1.subscriptions.retrieve(member.subscription_ref)
    return subscription["items"]["data"][0]


def _price_for(tier: Tier, interval: str) -> str:
    """Stripe's price for `tier` paid each `interval`, made once and found again by its lookup
    key. It names its tier in metadata, so the events that report a change say which."""
    amount, currency = _cents(tier.price(interval)), tier.currency.lower()
    key = f"masthead:{tier.slug}:{interval}:{amount}:{currency}"
    found = client().v1.prices.list({"lookup_keys": [key], "active": True, "limit": 1})
    if found.data:
        return found.data[0].id
    price = client().v1.prices.create(
        {
            "currency": currency,
            "unit_amount": amount,
            "recurring": {"interval": interval},
            "lookup_key": key,
            "transfer_lookup_key": True,  # two made at once: the last one keeps the key
            "product_data": {"name": tier.name, "metadata": {"tier": tier.slug}},
            "metadata": {"tier": tier.slug},
        }
    )
    return price.id


def change_preview(*, member: Member, tier: Tier, interval: str, at: datetime) -> Decimal:
    """What the upgrade would charge at once, as Stripe works it out for the moment `at`
    (change_now passes the same proration_date, so the member pays what they were shown)."""
    with _reachable(f"preview a change for member {member.pk}"):
        item = _subscription_item(member)
        preview = client().v1.invoices.create_preview(
            {
                "subscription": member.subscription_ref,
                "subscription_details": {
                    "items": [{"id": item.id, "price": _price_for(tier, interval)}],
                    "proration_behavior": "always_invoice",
                    "proration_date": int(at.timestamp()),
                },
            }
        )
    return Decimal(preview.amount_due) / 100


def change_now(*, member: Member, tier: Tier, interval: str, at: datetime) -> ChangeCharged:
    """The new price from now: the rest of the period prorated and invoiced at once
    (always_invoice; create_prorations would leave it for the next renewal's invoice). A new
    interval starts a new period now, less the unused part of the old one. Pending if
    incomplete: Stripe changes nothing until that invoice is paid."""
    with _reachable(f"change the subscription of member {member.pk}"):
        _schedule_release(member)  # a schedule would undo the change at its next phase
        item = _subscription_item(member)
        updated = client().v1.subscriptions.update(
            member.subscription_ref,
            {
                "items": [{"id": item.id, "price": _price_for(tier, interval)}],
                "proration_behavior": "always_invoice",
                "proration_date": int(at.timestamp()),
                "payment_behavior": "pending_if_incomplete",
                "expand": ["latest_invoice"],
            },
        )
    subscription = updated.to_dict()
    invoice = subscription["latest_invoice"]
    if subscription.get("pending_update"):
        # Declined, or the bank asks the member to confirm: Stripe's page for the invoice.
        return ChangeCharged(
            amount=Decimal(invoice["amount_due"]) / 100, confirm_url=invoice["hosted_invoice_url"]
        )
    return ChangeCharged(
        amount=Decimal(invoice["amount_paid"]) / 100,
        payment_ref=invoice["id"],
        period_end=_period_end(subscription),
    )


def change_at_renewal(
    *, member: Member, tier: Tier, interval: str, at: datetime
) -> ChangeScheduled:
    """The new price from the renewal, nothing charged now. A plain update cannot wait (and a
    new interval would move the billing date to today): a subscription schedule can, its
    first phase the current price until the period ends, the second the new price, anchored
    at the phase's start; released after it, the subscription carries on."""
    with _reachable(f"schedule a change for member {member.pk}"):
        _schedule_release(member)
        price = _price_for(tier, interval)
        schedule = client().v1.subscription_schedules.create(
            {"from_subscription": member.subscription_ref}
        )
        current = schedule["phases"][0]
        try:
            client().v1.subscription_schedules.update(
                schedule.id,
                {
                    "end_behavior": "release",
                    "proration_behavior": "none",
                    "phases": [
                        {
                            "items": [
                                {"price": _price_id(item["price"]), "quantity": item["quantity"]}
                                for item in current["items"]
                            ],
                            "start_date": current["start_date"],
                            "end_date": current["end_date"],
                        },
                        {
                            "items": [{"price": price, "quantity": 1}],
                            "duration": {"interval": interval, "interval_count": 1},
                            "billing_cycle_anchor": "phase_start",
                            "proration_behavior": "none",
                        },
                    ],
                },
            )
        except stripe.StripeError:
            # Leave no schedule behind that only repeats the current phase: it would block
            # canceling until it ended.
            _release_quietly(schedule.id)
            raise
    return ChangeScheduled(applies_at=_moment(current["end_date"]), schedule_ref=schedule.id)


def change_take_back(*, member: Member) -> None:
    with _reachable(f"take back the change of member {member.pk}"):
        _schedule_release(member)


def _price_id(price: Any) -> str:
    return price if isinstance(price, str) else price["id"]


def _schedule_release(member: Member) -> None:
    """Let go of the subscription's schedule, if it has one: the subscription keeps its
    current price and dates. One Stripe already let go of is gone all the same."""
    if not member.schedule_ref:
        return
    try:
        client().v1.subscription_schedules.release(member.schedule_ref)
    except stripe.InvalidRequestError as error:
        log.info("Stripe schedule %s not released: %s", member.schedule_ref, error)
    status_machine.change_pending_clear(member=member)
    member.schedule_ref = ""
    member.pending_tier, member.pending_interval, member.pending_at = None, "", None


def _release_quietly(schedule_ref: str) -> None:
    try:
        client().v1.subscription_schedules.release(schedule_ref)
    except stripe.StripeError as error:
        log.warning("Stripe schedule %s left attached: %s", schedule_ref, error)


# Webhooks -----------------------------------------------------------------------------


def webhook_receive(*, payload: bytes, signature: str) -> EventOutcome:
    """Verify, record once, apply. A failure rolls both back so Stripe's retry can succeed."""
    event = _verified(payload=payload, signature=signature)
    try:
        return _record_and_apply(event)
    except MALFORMED as error:
        raise WebhookMalformed(
            f"event {str(event.get('id'))[:100]!r} ({str(event.get('type'))[:100]}): "
            f"{type(error).__name__}: {str(error)[:200]}"
        ) from error


def _verified(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event, once its signature is Stripe's and it was signed within TOLERANCE of now."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, TOLERANCE
        )
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise WebhookRejected(str(error).split(".")[0]) from error
    # A true signature made ahead of our clock is one made to be replayed later.
    if _signed_at(signature) > time.time() + TOLERANCE:
        raise WebhookRejected("Timestamp in the future, outside the tolerance zone")
    if not (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    ):
        raise WebhookMalformed("not a Stripe event (id, type and data.object)")
    return event


def _signed_at(signature: str) -> int:
    """The header's `t=`, read as Stripe's library reads it (it has verified the header)."""
    parts = [part.split("=", 2) for part in signature.split(",")]
    return int(next(part[1] for part in parts if part[0] == "t"))


def _record_and_apply(event: dict[str, Any]) -> EventOutcome:
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                provider=NAME,
                event_id=event["id"],
                type=event["type"],
                created=_moment(event.get("created")),
                payload=event,
            )
            outcome = event_apply(event)
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        if WebhookEvent.objects.filter(provider=NAME, event_id=event["id"]).exists():
            return EventOutcome.ALREADY_PROCESSED
        raise
    return outcome


def event_apply(event: dict[str, Any]) -> EventOutcome:
    """Translate one Stripe event (as JSON) into a membership change."""
    kind, obj, at = event["type"], event["data"]["object"], _moment(event["created"])
    handler = HANDLERS.get(kind)
    return handler(obj, at) if handler else EventOutcome.IGNORED_KIND


def _checkout_for(obj: dict[str, Any]) -> Checkout | None:
    token = obj.get("client_reference_id") or (obj.get("metadata") or {}).get("checkout")
    return Checkout.objects.filter(token=token).first() if token else None


def _on_checkout_completed(obj: dict[str, Any], at: datetime) -> EventOutcome:
    checkout = _checkout_for(obj)
    if checkout is None:
        return EventOutcome.NOT_OUR_CHECKOUT
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return EventOutcome.PAYMENT_CLEARING
    subscription = obj.get("subscription") or ""
    checkouts.checkout_complete(
        checkout=checkout,
        payment_ref=obj.get("invoice") or obj.get("payment_intent") or obj["id"],
        customer_ref=obj.get("customer") or "",
        subscription_ref=subscription if isinstance(subscription, str) else subscription["id"],
        amount=Decimal(obj["amount_total"]) / 100 if obj.get("amount_total") else None,
        at=at,
    )
    return EventOutcome.CHECKOUT_COMPLETED


def _on_checkout_expired(obj: dict[str, Any], at: datetime) -> EventOutcome:
    checkout = _checkout_for(obj)
    if checkout:
        checkouts.checkout_cancel(checkout=checkout)
    return EventOutcome.CHECKOUT_EXPIRED


def _period_end(subscription: dict[str, Any]) -> datetime | None:
    """Newer API versions keep the period on the subscription's items."""
    if subscription.get("current_period_end"):
        return _when(subscription["current_period_end"])
    items = (subscription.get("items") or {}).get("data") or []
    return _when(items[0].get("current_period_end")) if items else None


def _on_subscription(obj: dict[str, Any], at: datetime, *, deleted: bool = False) -> EventOutcome:
    status = Member.Status.CANCELED if deleted else STATUSES.get(obj["status"])
    if status is None:
        return EventOutcome.STATUS_NOT_MAPPED
    if not Member.objects.filter(subscription_ref=obj["id"]).exists():
        # Arrived before checkout.session.completed: the subscription names its checkout.
        checkout = _checkout_for(obj)
        if checkout is None:
            return EventOutcome.UNKNOWN_SUBSCRIPTION
        if status != Member.Status.ACTIVE:
            return EventOutcome.NOT_ACTIVE_YET
        checkouts.checkout_complete(
            checkout=checkout,
            payment_ref=obj.get("latest_invoice") or f"{obj['id']}:first",
            customer_ref=obj.get("customer") or "",
            subscription_ref=obj["id"],
            period_end=_period_end(obj),
            at=at,
        )
    return _subscription_apply(obj, status=status, at=at)


def _subscription_apply(
    subscription: dict[str, Any], *, status: str, at: datetime, by_amount: bool = False
) -> EventOutcome:
    """What Stripe says of a subscription, applied to the member who has it."""
    return subscriptions.subscription_sync(
        subscription_ref=subscription["id"],
        status=status,
        at=at,
        period_end=_period_end(subscription),
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        plan=_plan(subscription, by_amount=by_amount),
        schedule_ref=_schedule_of(subscription),
    )


def _plan(subscription: dict[str, Any], *, by_amount: bool = False) -> tuple[Tier, str] | None:
    """The tier and interval Stripe bills, when its price is one of ours (_price_for); the
    prices Checkout made inline name no tier, and change nothing. `by_amount`: else the
    tier whose price is the same amount in the same currency (a subscription made before
    the newsroom came here)."""
    items = (subscription.get("items") or {}).get("data") or []
    price = items[0].get("price") if items else None
    if not isinstance(price, dict):
        return None
    slug = (price.get("metadata") or {}).get("tier")
    interval = (price.get("recurring") or {}).get("interval")
    if interval not in ("month", "year"):
        return None
    tier = Tier.objects.filter(slug=slug).first() if slug else None
    if tier is None and by_amount and price.get("unit_amount") is not None:
        amount = Decimal(int(price["unit_amount"])) / 100
        field = "monthly_price" if interval == "month" else "yearly_price"
        tier = (
            Tier.objects.filter(currency__iexact=price.get("currency") or "", **{field: amount})
            .order_by("-is_active", "pk")
            .first()
        )
    return (tier, interval) if tier else None


# The subscription to link first when a customer has several: one that is paid for.
_LINK_ORDER = {"active": 0, "trialing": 0, "past_due": 1, "unpaid": 2}


def subscription_link(
    *, member: Member, at: datetime, customer_ref: str = "", email: str = ""
) -> EventOutcome | None:
    """Link a member who came from another platform to the subscription they already pay
    at Stripe (found by customer id, else by e-mail), so status, tier, interval and renewal
    come from Stripe and nobody subscribes again. None when Stripe has none for them."""
    with _reachable("link an imported member to their subscription"):
        api = client()
        if not customer_ref and email:
            found = api.v1.customers.list(params={"email": email, "limit": 1}).data
            customer_ref = found[0].id if found else ""
        if not customer_ref:
            return None
        listed = api.v1.subscriptions.list(
            params={"customer": customer_ref, "status": "all", "limit": 20}
        ).data
    if not listed:
        return None
    chosen = min(
        (sub.to_dict() for sub in listed),
        key=lambda sub: (_LINK_ORDER.get(sub["status"], 9), -int(sub.get("created") or 0)),
    )
    status = STATUSES.get(chosen["status"])
    if status is None:
        return EventOutcome.STATUS_NOT_MAPPED
    with transaction.atomic():
        locked = status_machine.member_locked(member)
        locked.provider, locked.customer_ref = NAME, customer_ref
        locked.subscription_ref = chosen["id"]
        locked.save(update_fields=["provider", "customer_ref", "subscription_ref"])
        return _subscription_apply(chosen, status=status, at=at, by_amount=True)


def _schedule_of(subscription: dict[str, Any]) -> str | None:
    """The schedule attached ("" for none), or None when the payload does not say."""
    if "schedule" not in subscription:
        return None
    schedule = subscription["schedule"] or ""
    return schedule if isinstance(schedule, str) else schedule["id"]


def _on_schedule_released(obj: dict[str, Any], at: datetime) -> EventOutcome:
    return subscriptions.schedule_released(
        subscription_ref=obj.get("released_subscription") or obj.get("subscription") or "",
        schedule_ref=obj["id"],
    )


def _invoice_subscription(obj: dict[str, Any]) -> str:
    if obj.get("subscription"):
        return str(obj["subscription"])
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription") or ""


def _on_invoice_paid(obj: dict[str, Any], at: datetime) -> EventOutcome:
    lines = (obj.get("lines") or {}).get("data") or []
    period_end = _when(lines[0]["period"]["end"]) if lines else None
    return subscriptions.invoice_paid(
        subscription_ref=_invoice_subscription(obj),
        payment_ref=obj["id"],
        amount=Decimal(obj.get("amount_paid", 0)) / 100,
        currency=obj.get("currency", "usd"),
        at=at,
        period_end=period_end,
    )


def _on_invoice_failed(obj: dict[str, Any], at: datetime) -> EventOutcome:
    return subscriptions.invoice_failed(subscription_ref=_invoice_subscription(obj), at=at)


HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.async_payment_succeeded": _on_checkout_completed,
    "checkout.session.expired": _on_checkout_expired,
    "customer.subscription.created": _on_subscription,
    "customer.subscription.updated": _on_subscription,
    "customer.subscription.paused": _on_subscription,
    "customer.subscription.resumed": _on_subscription,
    "customer.subscription.deleted": lambda obj, at: _on_subscription(obj, at, deleted=True),
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_failed,
    "subscription_schedule.released": _on_schedule_released,
    "subscription_schedule.canceled": _on_schedule_released,
}
