"""Membership reads: who may read members-only stories, the wall of supporters, and the
numbers on the membership dashboard."""

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, Count, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from masthead.core.user_types import Reader
from masthead.membership import campaigns
from masthead.membership.models import Campaign, Gift, Member, Payment, Reason, StatusChange
from masthead.staff.admin_access import opens_admin

END_STATUSES = (Member.Status.CANCELED, Member.Status.EXPIRED)
# What each status means, beside its count on the dashboard.
STATUS_MEANINGS: dict[str, str] = {
    Member.Status.PENDING: "began joining and has not paid: not a member yet",
    Member.Status.ACTIVE: "paid up, or within a gift's, a complimentary or an imported "
    "membership's dates",
    Member.Status.PAST_DUE: "a renewal failed: still a member while the payment provider retries",
    Member.Status.CANCELED: "ended by the reader, the payment provider, a refund or the "
    "account's deletion",
    Member.Status.EXPIRED: "ended when a gift, complimentary or imported membership ran out, or "
    "when the provider gave up on an unpaid one",
}

Tally = Counter[date]  # a count per week


def members_current() -> QuerySet[Member]:
    """The current members (paying, past due within the retries, gifted or complimentary),
    whose accounts are open: the one definition every app asks."""
    return Member.objects.filter(status__in=Member.CURRENT, user__is_active=True)


def member_current(user: Reader) -> bool:
    """Whether this reader is one of `members_current()`."""
    if not (user.is_authenticated and user.is_active):
        return False
    member = getattr(user, "member", None)
    return bool(member and member.is_current)


def member_subscribed(user: Reader) -> Member | None:
    """The reader's membership when it has payments to manage at a provider (cancel, resume,
    change tier): a current member with a subscription. Every such page asks this."""
    member: Member | None = getattr(user, "member", None)
    if member is None or not member.subscription_ref or not member.is_current:
        return None
    return member


def reader_is_member(user: Reader) -> bool:
    """Members-only stories are open to current members and to the newsroom's staff: whoever
    opens the admin (editors, contributors and membership managers are not `is_staff`)."""
    # Members first: asking for the admin permission reads the database, on every page view.
    return bool(user.is_authenticated and (member_current(user) or opens_admin(user)))


def gifts_given(user: Reader) -> QuerySet[Gift]:
    """The gifts this reader bought, found by their address: none for an account without one
    (a deleted account's gifts keep no address, and must not become everyone's)."""
    email = getattr(user, "email", "")
    if not (user.is_authenticated and email):
        return Gift.objects.none()
    return Gift.objects.filter(purchaser_email__iexact=email)


def supporters(campaign: Campaign, *, limit: int = 500) -> list[str]:
    """Names of members who joined during the campaign and agreed to be listed."""
    names = (
        Member.objects.filter(campaign=campaign, wall_consent=True, status__in=Member.CURRENT)
        .exclude(wall_name="")
        .order_by("joined_at")
        .values_list("wall_name", flat=True)[:limit]
    )
    return list(names)


def _week_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def _weekly(
    queryset: QuerySet[Any], *, field: str, since: datetime, value: Aggregate | None = None
) -> Tally:
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(week=TruncWeek(field))
        .values("week")
        .annotate(total=value or Count("pk"))
    )
    return Tally({_week_start(row["week"]).date(): row["total"] or 0 for row in rows})


def monthly_recurring_revenue() -> dict[str, Decimal]:
    """MRR by currency: what current paying members bring in per month."""
    rows = (
        Member.objects.filter(status__in=Member.CURRENT, source=Member.Source.CHECKOUT)
        .exclude(tier=None)
        .values("tier__currency", "tier__monthly_price", "tier__yearly_price", "interval")
        .annotate(members=Count("pk"))
    )
    totals: dict[str, Decimal] = {}
    for row in rows:
        yearly = row["interval"] == "year"
        per_month = row["tier__yearly_price"] / 12 if yearly else row["tier__monthly_price"]
        currency = row["tier__currency"]
        totals[currency] = totals.get(currency, Decimal(0)) + per_month * row["members"]
    return {currency: total.quantize(Decimal("0.01")) for currency, total in totals.items()}


def dashboard(*, weeks: int = 12, now: datetime | None = None) -> dict[str, Any]:
    """The membership team's numbers: each weekly series oldest first."""
    now = now or timezone.now()
    this_week = _week_start(now)
    starts = [(this_week - timedelta(weeks=back)).date() for back in range(weeks - 1, -1, -1)]
    since = this_week - timedelta(weeks=weeks - 1)
    changes = StatusChange.objects.all()
    joined = _weekly(
        changes.filter(status=Member.Status.ACTIVE, reason__in=Reason.STARTS),
        field="at",
        since=since,
    )
    churned = _weekly(changes.filter(status__in=END_STATUSES), field="at", since=since)
    revenue = _weekly(Payment.objects.all(), field="paid_at", since=since, value=Sum("amount"))
    by_status = dict(Member.objects.values_list("status").annotate(Count("pk")))
    active = by_status.get(Member.Status.ACTIVE, 0) + by_status.get(Member.Status.PAST_DUE, 0)
    # Members at each week's end, walking back from today's number.
    totals, running = [], active
    for start in reversed(starts):
        totals.append(running)
        running -= joined.get(start, 0) - churned.get(start, 0)
    totals.reverse()
    by_source = dict(
        Member.objects.filter(status__in=Member.CURRENT).values_list("source").annotate(Count("pk"))
    )
    return {
        "weeks": starts,
        "joined": [joined.get(start, 0) for start in starts],
        "churned": [churned.get(start, 0) for start in starts],
        "members": totals,
        "revenue": [revenue.get(start, 0) for start in starts],
        "active": active,
        "past_due": by_status.get(Member.Status.PAST_DUE, 0),
        "by_status": {label: by_status.get(value, 0) for value, label in Member.Status.choices},
        "statuses": [
            (label, by_status.get(value, 0), STATUS_MEANINGS[value])
            for value, label in Member.Status.choices
        ],
        "by_source": {label: by_source.get(value, 0) for value, label in Member.Source.choices},
        "mrr": monthly_recurring_revenue(),
        "campaign": _campaign_figure(),
    }


def _campaign_figure() -> dict[str, Any] | None:
    """The running drive's count as its banner shows it, read now (the banner is cached), with
    what it counts (`counts`, and the day it began)."""
    campaign = campaigns.campaign_running()
    if campaign is None:
        return None
    return {
        **campaigns.banner_data(campaign),
        "counts": campaign.counts,
        "starts_at": campaign.starts_at,
    }
