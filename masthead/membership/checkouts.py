"""Checkouts: a reader on their way to pay (a membership, a donation or a gift), and what
paying does, on the status machine (status_machine.py) and gifts."""

import secrets
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from masthead.core.emails import email_normalize
from masthead.membership import emails, gifts
from masthead.membership.models import (
    Checkout,
    Gift,
    Interval,
    Member,
    Reason,
    Tier,
)
from masthead.membership.status_machine import (
    MembershipError,
    member_for_user,
    member_locked,
    payment_record,
    period_after,
    status_set,
    user_for_email,
)

Status = Member.Status


class AlreadyPaying(MembershipError):
    """A second paid membership for an address that has one: it would replace the first
    (and a provider would go on charging for both). The member changes tier instead."""


def pays_already(email: str) -> bool:
    """Whether this address has a current membership with a subscription at a provider."""
    return (
        Member.objects.filter(user__email__iexact=email_normalize(email), status__in=Member.CURRENT)
        .exclude(subscription_ref="")
        .exists()
    )


def checkout_start(
    *,
    kind: str,
    email: str,
    provider: str,
    tier: Tier | None = None,
    interval: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    gift: Gift | None = None,
) -> Checkout:
    if kind == Checkout.Kind.SUBSCRIPTION:
        if tier is None or interval not in Interval.values:
            raise MembershipError("Choose a tier and how often to pay.")
        if pays_already(email):
            raise AlreadyPaying(
                _(
                    "This address already has a paid membership. Sign in to change your tier "
                    "or how often you pay."
                )
            )
        amount, currency = tier.price(interval), tier.currency
    elif kind == Checkout.Kind.GIFT and gift is not None:
        amount, currency = gift.tier.monthly_price * gift.months, gift.tier.currency
        tier = gift.tier
    if amount is None or amount <= 0:
        raise MembershipError("Enter an amount above zero.")
    return Checkout.objects.create(
        token=secrets.token_urlsafe(32),
        kind=kind,
        email=email_normalize(email),
        tier=tier,
        interval=interval,
        amount=amount,
        currency=currency.upper(),
        provider=provider,
        gift=gift,
    )


@transaction.atomic
def checkout_complete(
    *,
    checkout: Checkout,
    payment_ref: str,
    at: datetime,
    customer_ref: str = "",
    subscription_ref: str = "",
    period_end: datetime | None = None,
    amount: Decimal | None = None,
) -> Member | None:
    """A checkout was paid. Safe to call again for the same checkout (nothing changes)."""
    checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
    if checkout.state == Checkout.State.COMPLETED:
        return None
    checkout.state, checkout.completed_at = Checkout.State.COMPLETED, at
    checkout.save(update_fields=["state", "completed_at"])
    user = user_for_email(checkout.email)
    member = None
    if checkout.kind == Checkout.Kind.SUBSCRIPTION:
        member = member_locked(member_for_user(user))
        member.tier, member.interval = checkout.tier, checkout.interval
        member.provider, member.cancel_at_period_end = checkout.provider, False
        member.customer_ref = customer_ref or member.customer_ref
        member.subscription_ref = subscription_ref
        member.current_period_end = period_end or period_after(at, checkout.interval)
        member.synced_at = max(member.synced_at or at, at)
        was_current = member.is_current
        status_set(
            member, Status.ACTIVE, at=at, reason=Reason.JOINED, source=Member.Source.CHECKOUT
        )
        if not was_current:
            welcomed = member
            transaction.on_commit(lambda: emails.welcome_send(member=welcomed))
    elif hasattr(user, "member"):
        member = user.member
    payment_record(
        member=member,
        email=checkout.email,
        kind=checkout.kind,
        amount=checkout.amount if amount is None else amount,
        currency=checkout.currency,
        provider=checkout.provider,
        reference=payment_ref,
        at=at,
    )
    if checkout.kind == Checkout.Kind.GIFT and checkout.gift:
        gifts.gift_paid(gift=checkout.gift, at=at)
    return member


@transaction.atomic
def checkout_cancel(*, checkout: Checkout) -> None:
    Checkout.objects.filter(pk=checkout.pk, state=Checkout.State.OPEN).update(
        state=Checkout.State.CANCELED
    )
