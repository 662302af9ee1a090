"""The demo provider: the whole membership flow offline, moving no money.

It stands where Stripe would: a local confirmation page instead of Stripe Checkout, a
local "billing portal", and renewals the scheduler runs when a paid period ends. Every
step goes through the same services as Stripe's webhook events.
"""

import secrets
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from masthead.membership import services
from masthead.membership.models import Checkout, Member

NAME = "demo"
RETRY_FOR = timedelta(days=14)


def checkout_url(checkout: Checkout, *, success_url: str, cancel_url: str) -> str:
    return reverse("membership:demo_checkout", args=[checkout.token])


def checkout_confirm(*, checkout: Checkout, at: datetime | None = None) -> Member | None:
    at = at or timezone.now()
    ref = checkout.token[:20]
    subscription = checkout.kind == Checkout.Kind.SUBSCRIPTION
    return services.checkout_complete(
        checkout=checkout,
        payment_ref=f"demo_pay_{ref}",
        customer_ref=f"demo_cus_{ref}",
        subscription_ref=f"demo_sub_{ref}" if subscription else "",
        at=at,
    )


def portal_url(member: Member, *, return_url: str) -> str:
    return reverse("membership:demo_portal")


def subscription_cancel(*, member: Member) -> None:
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=True)


def subscription_resume(*, member: Member) -> None:
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=False)


def subscription_defer(*, member: Member, until: datetime) -> None:
    """Nothing to tell: demo renewals fall due at the member's period end, now later."""


def subscription_end_now(*, member: Member) -> None:
    services.subscription_sync(
        subscription_ref=member.subscription_ref,
        status=Member.Status.CANCELED,
        at=timezone.now(),
        cancel_at_period_end=False,
    )


def renewal_charge(*, member: Member, at: datetime | None = None, fail: bool = False) -> str:
    """What Stripe does at a period's end: charge the card (or fail to)."""
    at = at or timezone.now()
    if fail:
        return services.invoice_failed(subscription_ref=member.subscription_ref, at=at)
    start = max(filter(None, [member.current_period_end, at])) if member.is_current else at
    return services.invoice_paid(
        subscription_ref=member.subscription_ref,
        payment_ref=f"demo_inv_{secrets.token_urlsafe(12)}",
        amount=member.tier.price(member.interval),
        currency=member.tier.currency,
        at=at,
        period_end=services.period_after(start, member.interval),
    )


def renewals_due(*, at: datetime | None = None) -> int:
    """Renew (or end, when canceled) demo subscriptions whose paid period is over."""
    at = at or timezone.now()
    due = Member.objects.filter(
        provider=NAME,
        status__in=Member.CURRENT,
        current_period_end__lt=at,
        tier__isnull=False,
    ).exclude(subscription_ref="")
    count = 0
    for member in due.select_related("tier"):
        if member.cancel_at_period_end:
            services.subscription_sync(
                subscription_ref=member.subscription_ref, status=Member.Status.CANCELED, at=at
            )
        elif member.status == Member.Status.ACTIVE:
            renewal_charge(member=member, at=at)
        elif member.current_period_end < at - RETRY_FOR:
            # Stripe's default too: give up on an unpaid subscription after its retries.
            services.subscription_sync(
                subscription_ref=member.subscription_ref, status=Member.Status.EXPIRED, at=at
            )
        else:
            continue
        count += 1
    return count
