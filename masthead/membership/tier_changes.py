"""Changing tier, or how often one pays, from the member page.

An upgrade (a dearer tier, or monthly to yearly) takes effect now: the provider charges the
rest of the period, prorated, at once. A downgrade (a cheaper tier, or yearly to monthly)
waits for the next renewal, kept on the member as a pending change that can be taken back
until then. A change that is partly a downgrade (a dearer tier, paid monthly instead of
yearly) waits as a whole: nothing is charged now unless all of it is an upgrade.

The provider makes the change; our side follows what it confirms: its answer here, then its
events (subscriptions.subscription_sync), or for the demo provider the renewals it runs.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from masthead.membership import payments, status_machine, subscriptions
from masthead.membership.models import Interval, Member, Tier, TierChange
from masthead.membership.status_machine import MembershipError

# When a change applies: the history's own words for it.
NOW, AT_RENEWAL = TierChange.How.NOW, TierChange.How.RENEWAL
# How long a price shown to the member holds when they confirm: the proration is worked out
# for the moment they saw it (Stripe's proration_date), never for a moment they choose.
QUOTE_HOLDS = timedelta(minutes=15)


@dataclass(frozen=True)
class ChangeQuote:
    """A change of tier or interval, before or after the member confirms it."""

    tier: Tier
    interval: str
    from_interval: str
    when: TierChange.How  # NOW or AT_RENEWAL
    at: datetime  # the moment it is worked out for (and the proration's)
    next_on: datetime  # the first payment at the new price (the renewal, for AT_RENEWAL)
    due_now: Decimal | None = None  # NOW: charged at once, prorated
    confirm_url: str = ""  # NOW: the provider's page where the member confirms the payment

    @property
    def next_price(self) -> Decimal:
        return self.tier.price(self.interval)

    @property
    def interval_display(self) -> str:
        return str(Interval(self.interval).label)

    def promise(self) -> str:
        """What will happen, in the member's words (before they confirm, and for a pending
        change on their page)."""
        words = self._words()
        if self.when == AT_RENEWAL:
            if self.interval == Interval.YEAR:
                text = _(
                    "From %(date)s you will be %(a_tier)s at %(price)s a year; until then "
                    "nothing changes."
                )
            else:
                text = _(
                    "From %(date)s you will be %(a_tier)s at %(price)s a month; until then "
                    "nothing changes."
                )
        elif self.interval != self.from_interval:
            text = _(
                "You will pay %(now)s now: a year as %(a_tier)s from today, less the unused "
                "part of this month's payment (prorated); then %(price)s a year from %(date)s."
            )
        elif self.interval == Interval.YEAR:
            text = _(
                "You will pay %(now)s now for the rest of this period (prorated), then "
                "%(price)s a year from %(date)s."
            )
        else:
            text = _(
                "You will pay %(now)s now for the rest of this period (prorated), then "
                "%(price)s a month from %(date)s."
            )
        return text % words

    def outcome(self) -> str:
        """What happened, once the member confirmed."""
        if self.when == AT_RENEWAL:
            return self.promise()
        words = self._words()
        if self.interval == Interval.YEAR:
            text = _("You are now %(a_tier)s: %(now)s paid, then %(price)s a year from %(date)s.")
        else:
            text = _("You are now %(a_tier)s: %(now)s paid, then %(price)s a month from %(date)s.")
        return text % words

    def _words(self) -> dict[str, str]:
        currency = self.tier.currency
        return {
            "a_tier": a_tier(self.tier),
            "price": money(self.next_price, currency),
            "now": money(self.due_now or Decimal(0), currency),
            "date": date_format(timezone.localtime(self.next_on), "j E Y"),
        }


def money(amount: Decimal, currency: str) -> str:
    """As the join page shows prices: 3 EUR, 2.50 EUR."""
    return f"{floatformat(amount, '-2')} {currency}"


def a_tier(tier: Tier) -> str:
    """'a Friend', 'an Insider' (languages without articles translate both as the name)."""
    if tier.name[:1].lower() in "aeiou":
        return _("an %(tier)s") % {"tier": tier.name}
    return _("a %(tier)s") % {"tier": tier.name}


def change_when(*, member: Member, tier: Tier, interval: str) -> TierChange.How:
    """NOW for an upgrade, AT_RENEWAL when any of it is a downgrade."""
    if member.tier is None:
        raise ValueError(f"member {member.pk} has no tier to change from")
    cheaper = tier.price(member.interval) < member.tier.price(member.interval)
    less_often = member.interval == Interval.YEAR and interval == Interval.MONTH
    return AT_RENEWAL if cheaper or less_often else NOW


def change_check(*, member: Member, tier: Tier, interval: str) -> TierChange.How:
    """When the change would apply; MembershipError, saying why, when it cannot be made."""
    if not (member.subscription_ref and member.is_current and member.tier):
        raise MembershipError(_("You have no membership with payments to change."))
    if _demo_elsewhere(member):
        raise MembershipError(_("You have no membership with payments to change."))
    if member.status != Member.Status.ACTIVE:
        raise MembershipError(
            _("Your last payment did not go through: update your card, then change tier.")
        )
    if member.cancel_at_period_end:
        raise MembershipError(
            _("Your membership ends with this period: keep it first, then change it.")
        )
    if member.pending_tier_id:
        raise MembershipError(
            _("A change is already waiting for %(date)s: take it back first.")
            % {"date": date_format(timezone.localtime(member.pending_at), "j E Y")}
        )
    if interval not in Interval.values or not tier.is_active:
        raise MembershipError(_("Choose one of the tiers offered, monthly or yearly."))
    if tier.currency != member.tier.currency:
        raise MembershipError(
            _("%(tier)s is paid in %(currency)s, your membership in %(yours)s.")
            % {"tier": tier.name, "currency": tier.currency, "yours": member.tier.currency}
        )
    if (tier.pk, interval) == (member.tier_id, member.interval):
        raise MembershipError(_("That is your membership already."))
    return change_when(member=member, tier=tier, interval=interval)


def change_offered(*, member: Member) -> bool:
    """Whether the member page offers a change now (a paying member in good standing, with
    no change already waiting)."""
    return bool(
        member.subscription_ref
        and member.tier_id
        and member.status == Member.Status.ACTIVE
        and not member.cancel_at_period_end
        and not member.pending_tier_id
        and not _demo_elsewhere(member)
    )


def tiers_to_change_to(*, member: Member) -> list[Tier]:
    """The tiers offered that a member's membership can move to (those in its currency)."""
    if not member.tier:
        return []
    return list(Tier.objects.filter(is_active=True, currency=member.tier.currency))


def quote_expired(*, at: datetime, now: datetime) -> bool:
    return not (now - QUOTE_HOLDS <= at <= now)


def membership_change_quote(
    *, member: Member, tier: Tier, interval: str, at: datetime
) -> ChangeQuote:
    """What the change would do, worked out for the moment `at` (for an upgrade, by the
    provider: ProviderUnavailable when it cannot be reached)."""
    when = change_check(member=member, tier=tier, interval=interval)
    if when == AT_RENEWAL:
        if member.current_period_end is None:
            raise ValueError(f"member {member.pk} has no renewal to wait for")
        return ChangeQuote(tier, interval, member.interval, when, at, member.current_period_end)
    due = payments.provider_for(member.provider).change_preview(
        member=member, tier=tier, interval=interval, at=at
    )
    next_on = _next_on(member, interval, at)
    return ChangeQuote(tier, interval, member.interval, when, at, next_on, due_now=due)


def membership_change(*, member: Member, tier: Tier, interval: str, at: datetime) -> ChangeQuote:
    """Make the change the member was shown at `at`: an upgrade charged now, prorated for
    that moment; a downgrade left with the provider for the renewal. Our side changes only
    once the provider has (ProviderUnavailable, and nothing changed, when it was away)."""
    when = change_check(member=member, tier=tier, interval=interval)
    provider = payments.provider_for(member.provider)
    from_interval = member.interval
    if when == AT_RENEWAL:
        scheduled = provider.change_at_renewal(member=member, tier=tier, interval=interval, at=at)
        status_machine.change_pending_set(
            member=member,
            tier=tier,
            interval=interval,
            applies_at=scheduled.applies_at,
            schedule_ref=scheduled.schedule_ref,
            at=_confirmed_at(member, at),
        )
        return ChangeQuote(tier, interval, from_interval, when, at, scheduled.applies_at)
    charged = provider.change_now(member=member, tier=tier, interval=interval, at=at)
    next_on = charged.period_end or _next_on(member, interval, at)
    if charged.confirm_url:  # the provider's events apply it once the member has paid
        return ChangeQuote(
            tier,
            interval,
            from_interval,
            when,
            at,
            next_on,
            due_now=charged.amount,
            confirm_url=charged.confirm_url,
        )
    with transaction.atomic():
        locked = status_machine.member_locked(member)
        status_machine.plan_set(locked, tier, interval, at=at, how=TierChange.How.NOW)
        # Provider events from before it confirmed the change (delivered late) no longer apply.
        locked.synced_at = _confirmed_at(locked, at)
        locked.save(update_fields=["synced_at"])
        subscriptions.invoice_paid(
            subscription_ref=locked.subscription_ref,
            payment_ref=charged.payment_ref,
            amount=charged.amount,
            currency=tier.currency,
            at=at,
            period_end=charged.period_end,
        )
    return ChangeQuote(tier, interval, from_interval, when, at, next_on, due_now=charged.amount)


def membership_change_take_back(*, member: Member) -> Member:
    """The pending change will not happen: the member stays as they are."""
    if member.pending_tier_id is None:
        raise MembershipError(_("No change is waiting."))
    payments.provider_for(member.provider).change_take_back(member=member)
    return status_machine.change_pending_clear(member=member)


def pending_promise(*, member: Member) -> str:
    """The member's pending change, in words ("" for none)."""
    if member.pending_tier is None or member.pending_at is None:
        return ""
    return ChangeQuote(
        member.pending_tier,
        member.pending_interval,
        member.interval,
        AT_RENEWAL,
        member.pending_at,
        member.pending_at,
    ).promise()


def _confirmed_at(member: Member, at: datetime) -> datetime:
    """When the provider confirmed a change asked for at `at`: from then on, its events that
    predate the change (retried, delivered late) are older than the state we hold."""
    return max(filter(None, [member.synced_at, at, timezone.now()]))


def _demo_elsewhere(member: Member) -> bool:
    """A demo membership where the demo provider no longer takes the payments: its changes,
    like its renewals, would move no money on a site that charges (membership/views/demo.py)."""
    return member.provider == "demo" and payments.provider_name() != "demo"


def _next_on(member: Member, interval: str, at: datetime) -> datetime:
    """The first payment at the new price after an upgrade: the renewal, or a new interval's
    period from now."""
    if interval == member.interval and member.current_period_end:
        return member.current_period_end
    return status_machine.period_after(at, interval)
