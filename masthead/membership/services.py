"""Membership writes: the status machine, counters, checkouts, subscriptions, payments.

Every change of a member's status goes through `status_set`, inside a transaction with
the member's row locked: it keeps the running counters (what the campaign banner reads)
in step with the table, so pages never count members and concurrent sign-ups add up.
"""

import secrets
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from masthead.core.user_types import User
from masthead.membership import campaigns, emails
from masthead.membership.models import (
    Campaign,
    Checkout,
    Counter,
    Gift,
    Interval,
    Member,
    Payment,
    Reason,
    StatusChange,
    Tier,
    TierChange,
)

Status = Member.Status


class MembershipError(Exception):
    """Bad input a reader or the membership team can fix; the message says how."""


def months_after(moment: datetime, months: int) -> datetime:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_after(moment: datetime, interval: str) -> datetime:
    return months_after(moment, 12 if interval == Interval.YEAR else 1)


def email_normalize(email: str) -> str:
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


def user_for_email(email: str) -> User:
    """The reader account for this address (case-insensitive), made on first use."""
    User = get_user_model()
    email = email_normalize(email)
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        username = email.lower() if len(email) <= 150 else secrets.token_hex(16)
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, email=email)
        except IntegrityError:  # the same address, created a moment ago by another request
            user = User.objects.get(username=username)
    return user


def member_for_user(user: User) -> Member:
    member, _ = Member.objects.get_or_create(user=user)
    return member


def member_locked(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def counter_add(name: str, delta: int) -> None:
    if not Counter.objects.filter(name=name).update(value=F("value") + delta):
        # First use: create the row, or lose the race to another first use and add to it.
        try:
            with transaction.atomic():
                Counter.objects.create(name=name, value=delta)
        except IntegrityError:
            Counter.objects.filter(name=name).update(value=F("value") + delta)


def status_set(
    member: Member, status: str, *, at: datetime, reason: str, source: str | None = None
) -> None:
    """Move a locked member to `status` (and `source`), keeping counters and history."""
    counted_before = member.counts_toward_goal
    was_current = member.is_current
    if source:
        member.source = source
    changed = member.status != status
    member.status = status
    counted_after = member.counts_toward_goal
    if member.is_current and not was_current:
        member.joined_at = at
        member.ended_at = None
    elif status in (Status.CANCELED, Status.EXPIRED) and changed:
        member.ended_at = at
    if counted_after and not counted_before:
        # Joining (again): the member belongs to the drive running now, if any.
        member.campaign = campaigns.campaign_running(at=at)
    if counted_after != counted_before:
        delta = 1 if counted_after else -1
        counter_add(Counter.ACTIVE_MEMBERS, delta)
        if member.campaign_id:
            Campaign.objects.filter(pk=member.campaign_id).update(
                joined_count=F("joined_count") + delta
            )
        transaction.on_commit(campaigns.banner_forget)
    member.save()
    if changed:
        StatusChange.objects.create(member=member, status=status, at=at, reason=reason)


def plan_set(member: Member, tier: Tier, interval: str, *, at: datetime, how: str) -> bool:
    """Move a locked member to `tier` paid each `interval`, keeping the record (not a status
    change: counters stay as they are). A pending change it fulfils is done."""
    if (member.tier_id, member.interval) == (tier.pk, interval):
        return False
    TierChange.objects.create(
        member=member,
        at=at,
        from_tier=member.tier,
        from_interval=member.interval,
        to_tier=tier,
        to_interval=interval,
        how=how,
    )
    member.tier, member.interval = tier, interval
    if (member.pending_tier_id, member.pending_interval) == (tier.pk, interval):
        member.pending_tier, member.pending_interval, member.pending_at = None, "", None
    member.save()
    return True


@transaction.atomic
def change_pending_set(
    *,
    member: Member,
    tier: Tier,
    interval: str,
    applies_at: datetime,
    schedule_ref: str,
    at: datetime,
) -> Member:
    """A change the provider will make at the renewal on `applies_at`; until then nothing
    changes. Provider events older than `at` no longer apply (they predate the schedule)."""
    member = member_locked(member)
    member.pending_tier, member.pending_interval = tier, interval
    member.pending_at, member.schedule_ref = applies_at, schedule_ref
    member.synced_at = max(member.synced_at or at, at)
    member.save()
    return member


@transaction.atomic
def change_pending_clear(*, member: Member) -> Member:
    """The pending change (and the provider's schedule behind it) is gone: taken back, or
    dropped by canceling."""
    member = member_locked(member)
    member.pending_tier, member.pending_interval, member.pending_at = None, "", None
    member.schedule_ref = ""
    member.save()
    return member


@transaction.atomic
def change_pending_apply(*, member: Member, at: datetime) -> Member:
    """The renewal a pending change waited for: it takes effect (the demo provider's renewals;
    Stripe's are confirmed by its events)."""
    member = member_locked(member)
    if member.pending_tier is not None:
        plan_set(
            member,
            member.pending_tier,
            member.pending_interval,
            at=at,
            how=TierChange.How.RENEWAL,
        )
    return member


def counters_recount() -> int:
    """Recompute the running totals from the members table (after imports, or to audit)."""
    with transaction.atomic():
        active = (
            Member.objects.filter(status__in=Member.CURRENT)
            .exclude(source=Member.Source.COMPLIMENTARY)
            .count()
        )
        Counter.objects.update_or_create(name=Counter.ACTIVE_MEMBERS, defaults={"value": active})
        for campaign in Campaign.objects.all():
            campaign.joined_count = (
                campaign.members.filter(status__in=Member.CURRENT)
                .exclude(source=Member.Source.COMPLIMENTARY)
                .count()
            )
            campaign.save(update_fields=["joined_count"])
    transaction.on_commit(campaigns.banner_forget)
    return active


# Checkout ------------------------------------------------------------------------------


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


def _payment_record(
    *,
    member: Member | None,
    email: str,
    kind: str,
    amount: Decimal,
    currency: str,
    provider: str,
    reference: str,
    at: datetime,
) -> Payment | None:
    payment, created = Payment.objects.get_or_create(
        reference=reference,
        defaults={
            "member": member,
            "email": email,
            "kind": kind,
            "amount": amount,
            "currency": currency.upper(),
            "provider": provider,
            "paid_at": at,
        },
    )
    return payment if created else None


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
    from masthead.membership import gifts

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
    _payment_record(
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


# Subscriptions: provider events, already translated to our terms -----------------------


@transaction.atomic
def subscription_sync(
    *,
    subscription_ref: str,
    status: str,
    at: datetime,
    period_end: datetime | None = None,
    cancel_at_period_end: bool | None = None,
    plan: tuple[Tier, str] | None = None,
    schedule_ref: str | None = None,
) -> str:
    """Apply the provider's view of a subscription; an event older than the last applied
    one (delivered out of order) changes nothing. `plan` is the tier and interval the
    provider now bills; `schedule_ref` its schedule ("" once none is attached: a change
    waiting for the renewal will not happen)."""
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return "unknown subscription"
    if member.synced_at and at < member.synced_at:
        return "older than the state we hold: ignored"
    member.synced_at = at
    if period_end:
        member.current_period_end = period_end
    if cancel_at_period_end is not None:
        member.cancel_at_period_end = cancel_at_period_end
    if plan:
        pending = (member.pending_tier_id, member.pending_interval) == (plan[0].pk, plan[1])
        how = TierChange.How.RENEWAL if pending else TierChange.How.PROVIDER
        plan_set(member, *plan, at=at, how=how)
    if schedule_ref is not None:
        member.schedule_ref = schedule_ref
        if not schedule_ref:
            member.pending_tier, member.pending_interval, member.pending_at = None, "", None
    status_set(member, status, at=at, reason=Reason.PROVIDER)
    return f"member {member.pk} {status}"


@transaction.atomic
def schedule_released(*, subscription_ref: str, schedule_ref: str) -> str:
    """The provider let go of a schedule: a change still waiting on it will not happen."""
    member = (
        Member.objects.select_for_update()
        .filter(subscription_ref=subscription_ref, schedule_ref=schedule_ref)
        .first()
    )
    if member is None:
        return "not a schedule we hold"
    dropped = member.pending_tier_id is not None
    member.pending_tier, member.pending_interval, member.pending_at = None, "", None
    member.schedule_ref = ""
    member.save()
    return "pending change dropped" if dropped else "schedule released"


@transaction.atomic
def invoice_paid(
    *,
    subscription_ref: str,
    payment_ref: str,
    amount: Decimal,
    currency: str,
    at: datetime,
    period_end: datetime | None,
) -> str:
    """A renewal (or first) payment: record it once and extend the paid period."""
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return "unknown subscription"
    # A $0 invoice (a trial while gifted months run) extends the period but is no payment.
    created = amount > 0 and _payment_record(
        member=member,
        email=member.email,
        kind=Checkout.Kind.SUBSCRIPTION,
        amount=amount,
        currency=currency,
        provider=member.provider,
        reference=payment_ref,
        at=at,
    )
    if period_end and (member.current_period_end is None or period_end > member.current_period_end):
        member.current_period_end = period_end
    if member.status == Status.PAST_DUE and (member.synced_at is None or at >= member.synced_at):
        member.synced_at = at
        status_set(member, Status.ACTIVE, at=at, reason=Reason.PAID)
    else:
        member.save()
    if amount <= 0:
        return "nothing charged: period extended"
    return "payment recorded" if created else "payment already recorded"


@transaction.atomic
def invoice_failed(*, subscription_ref: str, at: datetime) -> str:
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return "unknown subscription"
    if member.synced_at and at < member.synced_at:
        return "older than the state we hold: ignored"
    if member.status != Status.ACTIVE:
        return f"member is {member.status}: unchanged"
    member.synced_at = at
    status_set(member, Status.PAST_DUE, at=at, reason=Reason.FAILED)
    return "past due"


# The membership team ---------------------------------------------------------------------


@transaction.atomic
def complimentary_grant(
    *, email: str, tier: Tier, until: datetime, note: str = "", at: datetime | None = None
) -> Member:
    """Free membership until a date (press, partners, hardship): no payment, no billing."""
    at = at or timezone.now()
    if until <= at:
        raise MembershipError("The end date must be in the future.")
    member = member_locked(member_for_user(user_for_email(email)))
    if member.is_current and member.source == Member.Source.CHECKOUT:
        raise MembershipError(f"{email} already pays for a membership.")
    member.tier, member.interval, member.current_period_end = tier, "", until
    if note:
        member.notes = f"{member.notes}\n{note}".strip()
    status_set(member, Status.ACTIVE, at=at, reason=Reason.COMPLIMENTARY, source="complimentary")
    return member


def memberships_expire_due(*, at: datetime | None = None) -> int:
    """End gifted, complimentary and imported memberships whose time ran out (memberships
    with a provider subscription end when the provider says so)."""
    at = at or timezone.now()
    due = Member.objects.filter(
        status__in=Member.CURRENT, subscription_ref="", current_period_end__lt=at
    ).values_list("pk", flat=True)
    ended = 0
    for pk in list(due):
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=pk)
            if member.is_current and member.current_period_end and member.current_period_end < at:
                status_set(member, Status.EXPIRED, at=at, reason=Reason.PERIOD_ENDED)
                ended += 1
    return ended


def member_wall_set(*, member: Member, consent: bool, name: str) -> None:
    member.wall_consent, member.wall_name = consent, name.strip()[:80]
    member.save(update_fields=["wall_consent", "wall_name"])


def member_end(*, member: Member, at: datetime, reason: str) -> None:
    """End a membership now (account deletion, refunds): counters follow."""
    with transaction.atomic():
        member = member_locked(member)
        if member.is_current or member.status == Status.PENDING:
            status_set(member, Status.CANCELED, at=at, reason=reason)
