"""Subscriptions at the payment provider, as its events tell them (already translated to our
terms by the provider module): renewals, failed payments, cancellations, schedules; on the
status machine (status_machine.py). Each says what it did as an EventOutcome."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from masthead.membership.event_outcomes import EventOutcome
from masthead.membership.models import (
    Checkout,
    Member,
    Reason,
    Tier,
    TierChange,
)
from masthead.membership.status_machine import (
    payment_record,
    plan_set,
    status_set,
)

Status = Member.Status


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
) -> EventOutcome:
    """Apply the provider's view of a subscription; an event older than the last applied
    one (delivered out of order) changes nothing. `plan` is the tier and interval the
    provider now bills; `schedule_ref` its schedule ("" once none is attached: a change
    waiting for the renewal will not happen)."""
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return EventOutcome.UNKNOWN_SUBSCRIPTION
    if member.synced_at and at < member.synced_at:
        return EventOutcome.OUT_OF_ORDER
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
    return EventOutcome.STATUS_SET


@transaction.atomic
def schedule_released(*, subscription_ref: str, schedule_ref: str) -> EventOutcome:
    """The provider let go of a schedule: a change still waiting on it will not happen."""
    member = (
        Member.objects.select_for_update()
        .filter(subscription_ref=subscription_ref, schedule_ref=schedule_ref)
        .first()
    )
    if member is None:
        return EventOutcome.UNKNOWN_SCHEDULE
    dropped = member.pending_tier_id is not None
    member.pending_tier, member.pending_interval, member.pending_at = None, "", None
    member.schedule_ref = ""
    member.save()
    return EventOutcome.PENDING_CHANGE_DROPPED if dropped else EventOutcome.SCHEDULE_RELEASED


@transaction.atomic
def invoice_paid(
    *,
    subscription_ref: str,
    payment_ref: str,
    amount: Decimal,
    currency: str,
    at: datetime,
    period_end: datetime | None,
) -> EventOutcome:
    """A renewal (or first) payment: record it once and extend the paid period."""
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return EventOutcome.UNKNOWN_SUBSCRIPTION
    # A $0 invoice (a trial while gifted months run) extends the period but is no payment.
    created = amount > 0 and payment_record(
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
        return EventOutcome.PERIOD_EXTENDED
    return EventOutcome.PAYMENT_RECORDED if created else EventOutcome.PAYMENT_ALREADY_RECORDED


@transaction.atomic
def invoice_failed(*, subscription_ref: str, at: datetime) -> EventOutcome:
    member = Member.objects.select_for_update().filter(subscription_ref=subscription_ref).first()
    if member is None:
        return EventOutcome.UNKNOWN_SUBSCRIPTION
    if member.synced_at and at < member.synced_at:
        return EventOutcome.OUT_OF_ORDER
    if member.status != Status.ACTIVE:
        return EventOutcome.NOT_ACTIVE_UNCHANGED
    member.synced_at = at
    status_set(member, Status.PAST_DUE, at=at, reason=Reason.FAILED)
    return EventOutcome.PAST_DUE
