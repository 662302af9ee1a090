"""The membership status machine, at the bottom of membership's writes: a member's status,
tier and dates, the running counters, and the payments ledger. Checkouts, subscriptions and
gifts sit on it.

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

from masthead.core.emails import email_normalize
from masthead.core.user_types import User
from masthead.membership import campaigns
from masthead.membership.models import (
    Campaign,
    Counter,
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


def status_imported(member: Member, status: str, *, at: datetime, new: bool) -> None:
    """Set the status an import says a member has (since `at`), with its history line, and
    save the member. The counters are left to one `counters_recount()` after the whole batch:
    counted row by row, members who joined long ago would be credited to the drive running
    now."""
    changed = new or member.status != status
    member.status = status
    member.save()
    if changed:
        StatusChange.objects.create(member=member, status=status, at=at, reason=Reason.IMPORTED)


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


def payment_record(
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
    """A payment, once: a second call with the same provider reference records nothing."""
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
