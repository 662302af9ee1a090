"""The demo provider: the whole membership flow offline, moving no money.

It stands where Stripe would: a local confirmation page instead of Stripe Checkout, a
local "billing portal", and renewals the scheduler runs when a paid period ends. Every
step goes through the same services as Stripe's webhook events.
"""

import secrets
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone

from masthead.membership import checkouts, status_machine, subscriptions
from masthead.membership.event_outcomes import EventOutcome
from masthead.membership.models import Checkout, Interval, Member, Tier
from masthead.membership.payments import ChangeCharged, ChangeScheduled

NAME = "demo"
RETRY_FOR = timedelta(days=14)
CENT = Decimal("0.01")


def checkout_url(checkout: Checkout, *, success_url: str, cancel_url: str) -> str:
    return reverse("membership:demo_checkout", args=[checkout.token])


def checkout_confirm(*, checkout: Checkout, at: datetime | None = None) -> Member | None:
    at = at or timezone.now()
    ref = checkout.token[:20]
    subscription = checkout.kind == Checkout.Kind.SUBSCRIPTION
    return checkouts.checkout_complete(
        checkout=checkout,
        payment_ref=f"demo_pay_{ref}",
        customer_ref=f"demo_cus_{ref}",
        subscription_ref=f"demo_sub_{ref}" if subscription else "",
        at=at,
    )


def portal_url(member: Member, *, return_url: str) -> str:
    return reverse("membership:demo_portal")


def subscription_cancel(*, member: Member) -> None:
    if member.pending_tier_id:  # as at Stripe: a change waiting for the renewal goes too
        status_machine.change_pending_clear(member=member)
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=True)


def subscription_resume(*, member: Member) -> None:
    Member.objects.filter(pk=member.pk).update(cancel_at_period_end=False)


def subscription_defer(*, member: Member, until: datetime) -> None:
    """Nothing to tell: demo renewals fall due at the member's period end, now later."""


def subscription_end_now(*, member: Member) -> None:
    subscriptions.subscription_sync(
        subscription_ref=member.subscription_ref,
        status=Member.Status.CANCELED,
        at=timezone.now(),
        cancel_at_period_end=False,
    )


def prorated(*, member: Member, tier: Tier, interval: str, at: datetime) -> Decimal:
    """What Stripe charges at once for an upgrade at `at` (its proration, to the second): the
    new price for what is left of the period, less the unused part of the old one; with a
    new interval, a whole new period from `at`, less that unused part."""
    end, price = member.current_period_end, member.price
    if end is None or price is None:
        raise ValueError(f"member {member.pk} pays nothing: no tier to change")
    start = status_machine.months_after(end, -12 if member.interval == Interval.YEAR else -1)
    left = Decimal(int((end - at).total_seconds())) / Decimal(int((end - start).total_seconds()))
    left = min(max(left, Decimal(0)), Decimal(1))
    unused = (price * left).quantize(CENT, ROUND_HALF_UP)
    if interval == member.interval:
        due = (tier.price(interval) * left).quantize(CENT, ROUND_HALF_UP) - unused
    else:
        due = tier.price(interval) - unused
    return max(due, Decimal(0))


def change_preview(*, member: Member, tier: Tier, interval: str, at: datetime) -> Decimal:
    return prorated(member=member, tier=tier, interval=interval, at=at)


def change_now(*, member: Member, tier: Tier, interval: str, at: datetime) -> ChangeCharged:
    """A demo payment of the prorated amount; a new interval starts a new period now."""
    same = interval == member.interval
    return ChangeCharged(
        amount=prorated(member=member, tier=tier, interval=interval, at=at),
        payment_ref=f"demo_inv_{secrets.token_urlsafe(12)}",
        period_end=member.current_period_end if same else status_machine.period_after(at, interval),
    )


def change_at_renewal(
    *, member: Member, tier: Tier, interval: str, at: datetime
) -> ChangeScheduled:
    """Nothing to tell: the renewal the scheduler runs applies it (renewal_charge)."""
    if member.current_period_end is None:
        raise ValueError(f"member {member.pk} has no renewal to wait for")
    return ChangeScheduled(applies_at=member.current_period_end)


def change_take_back(*, member: Member) -> None:
    """Nothing to tell: the renewal finds no change waiting."""


def renewal_charge(
    *, member: Member, at: datetime | None = None, fail: bool = False
) -> EventOutcome:
    """What Stripe does at a period's end: move to a change waiting for it, then charge the
    card (or fail to)."""
    at = at or timezone.now()
    if fail:
        return subscriptions.invoice_failed(subscription_ref=member.subscription_ref, at=at)
    if member.pending_tier_id:
        member = status_machine.change_pending_apply(member=member, at=at)
    start = max(filter(None, [member.current_period_end, at])) if member.is_current else at
    if member.tier is None:
        raise ValueError(f"member {member.pk}: a subscription without a tier")
    return subscriptions.invoice_paid(
        subscription_ref=member.subscription_ref,
        payment_ref=f"demo_inv_{secrets.token_urlsafe(12)}",
        amount=member.tier.price(member.interval),
        currency=member.tier.currency,
        at=at,
        period_end=status_machine.period_after(start, member.interval),
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
            subscriptions.subscription_sync(
                subscription_ref=member.subscription_ref, status=Member.Status.CANCELED, at=at
            )
        elif member.status == Member.Status.ACTIVE:
            renewal_charge(member=member, at=at)
        elif member.current_period_end and member.current_period_end < at - RETRY_FOR:
            # Stripe's default too: give up on an unpaid subscription after its retries.
            subscriptions.subscription_sync(
                subscription_ref=member.subscription_ref, status=Member.Status.EXPIRED, at=at
            )
        else:
            continue
        count += 1
    return count
