"""Stripe: Checkout Sessions, the customer portal, and webhook events.

The only module that talks to Stripe. Webhook events are verified with Stripe's library,
stored once by event id, and translated into the membership services' terms.
"""

import json
from datetime import UTC, datetime
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from masthead.membership import services
from masthead.membership.models import Checkout, Member, WebhookEvent

NAME = "stripe"

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
    """Not from Stripe (bad signature) or not an event: answered with 400."""


def client() -> stripe.StripeClient:
    addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=addresses, max_network_retries=2
    )


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _when(timestamp) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None


def checkout_url(checkout: Checkout, *, success_url: str, cancel_url: str) -> str:
    subscription = checkout.kind == Checkout.Kind.SUBSCRIPTION
    price = {
        "currency": checkout.currency.lower(),
        "unit_amount": _cents(checkout.amount),
        "product_data": {"name": str(checkout.tier or checkout.get_kind_display())},
    }
    if subscription:
        price["recurring"] = {"interval": checkout.interval}
    metadata = {"checkout": checkout.token, "kind": checkout.kind}
    params = {
        "mode": "subscription" if subscription else "payment",
        "client_reference_id": checkout.token,
        "customer_email": checkout.email,
        "line_items": [{"quantity": 1, "price_data": price}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": metadata,
    }
    params["subscription_data" if subscription else "payment_intent_data"] = {"metadata": metadata}
    session = client().v1.checkout.sessions.create(params)
    Checkout.objects.filter(pk=checkout.pk).update(session_ref=session.id)
    return session.url


def portal_url(member: Member, *, return_url: str) -> str:
    session = client().v1.billing_portal.sessions.create(
        {"customer": member.customer_ref, "return_url": return_url}
    )
    return session.url


def subscription_cancel(*, member: Member) -> None:
    client().v1.subscriptions.update(member.subscription_ref, {"cancel_at_period_end": True})
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=True)


def subscription_resume(*, member: Member) -> None:
    client().v1.subscriptions.update(member.subscription_ref, {"cancel_at_period_end": False})
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=False)


def subscription_defer(*, member: Member, until: datetime) -> None:
    """No charge until `until`: Stripe's trial, without proration."""
    client().v1.subscriptions.update(
        member.subscription_ref,
        {"trial_end": int(until.timestamp()), "proration_behavior": "none"},
    )


def subscription_end_now(*, member: Member) -> None:
    client().v1.subscriptions.cancel(member.subscription_ref)


# Webhooks -----------------------------------------------------------------------------


def webhook_receive(*, payload: bytes, signature: str) -> str:
    """Verify, record once, apply. A failure rolls both back so Stripe's retry can succeed."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise WebhookRejected(str(error).split(".")[0]) from error
    data = json.loads(payload)
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                provider=NAME,
                event_id=event.id,
                type=event.type,
                created=_when(data.get("created")),
                payload=data,
            )
            record.outcome = event_apply(data)[:200]
            record.save(update_fields=["outcome"])
    except IntegrityError:
        if WebhookEvent.objects.filter(provider=NAME, event_id=event.id).exists():
            return "already processed"
        raise
    return record.outcome


def event_apply(event: dict) -> str:
    """Translate one Stripe event (as JSON) into a membership change."""
    kind, obj, at = event["type"], event["data"]["object"], _when(event["created"])
    handler = HANDLERS.get(kind)
    return handler(obj, at) if handler else "not an event we act on"


def _checkout_for(obj: dict) -> Checkout | None:
    token = obj.get("client_reference_id") or (obj.get("metadata") or {}).get("checkout")
    return Checkout.objects.filter(token=token).first() if token else None


def _on_checkout_completed(obj: dict, at: datetime) -> str:
    checkout = _checkout_for(obj)
    if checkout is None:
        return "not one of our checkouts"
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return "waiting for the payment to clear"
    subscription = obj.get("subscription") or ""
    services.checkout_complete(
        checkout=checkout,
        payment_ref=obj.get("invoice") or obj.get("payment_intent") or obj["id"],
        customer_ref=obj.get("customer") or "",
        subscription_ref=subscription if isinstance(subscription, str) else subscription["id"],
        amount=Decimal(obj["amount_total"]) / 100 if obj.get("amount_total") else None,
        at=at,
    )
    return f"checkout {checkout.pk} completed"


def _on_checkout_expired(obj: dict, at: datetime) -> str:
    checkout = _checkout_for(obj)
    if checkout:
        services.checkout_cancel(checkout=checkout)
    return "checkout expired"


def _period_end(subscription: dict) -> datetime | None:
    """Newer API versions keep the period on the subscription's items."""
    if subscription.get("current_period_end"):
        return _when(subscription["current_period_end"])
    items = (subscription.get("items") or {}).get("data") or []
    return _when(items[0].get("current_period_end")) if items else None


def _on_subscription(obj: dict, at: datetime, *, deleted: bool = False) -> str:
    status = Member.Status.CANCELED if deleted else STATUSES.get(obj["status"])
    if status is None:
        return f"subscription status {obj['status']!r} not mapped"
    if not Member.objects.filter(subscription_ref=obj["id"]).exists():
        # Arrived before checkout.session.completed: the subscription names its checkout.
        checkout = _checkout_for(obj)
        if checkout is None:
            return "unknown subscription"
        if status != Member.Status.ACTIVE:
            return "subscription not active yet"
        services.checkout_complete(
            checkout=checkout,
            payment_ref=obj.get("latest_invoice") or f"{obj['id']}:first",
            customer_ref=obj.get("customer") or "",
            subscription_ref=obj["id"],
            period_end=_period_end(obj),
            at=at,
        )
    return services.subscription_sync(
        subscription_ref=obj["id"],
        status=status,
        at=at,
        period_end=_period_end(obj),
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
    )


def _invoice_subscription(obj: dict) -> str:
    if obj.get("subscription"):
        return obj["subscription"]
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription") or ""


def _on_invoice_paid(obj: dict, at: datetime) -> str:
    lines = (obj.get("lines") or {}).get("data") or []
    period_end = _when(lines[0]["period"]["end"]) if lines else None
    return services.invoice_paid(
        subscription_ref=_invoice_subscription(obj),
        payment_ref=obj["id"],
        amount=Decimal(obj.get("amount_paid", 0)) / 100,
        currency=obj.get("currency", "usd"),
        at=at,
        period_end=period_end,
    )


def _on_invoice_failed(obj: dict, at: datetime) -> str:
    return services.invoice_failed(subscription_ref=_invoice_subscription(obj), at=at)


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
}
