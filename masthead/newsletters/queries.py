"""Reads: which lists a reader may see, who an edition goes to, the archive, the figures."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower, TruncMinute, TruncWeek
from django.utils import timezone

from masthead.core.emails import email_normalize
from masthead.membership.queries import members_current
from masthead.newsletters.models import (
    Delivery,
    Edition,
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
)

Status = Subscription.Status


def newsletters_offered(*, is_member: bool, signup_page_only: bool = True) -> list[Newsletter]:
    """Lists a reader can sign up for; members-only ones only for members."""
    newsletters = Newsletter.objects.all()
    if signup_page_only:
        newsletters = newsletters.filter(on_signup_page=True)
    if not is_member:
        newsletters = newsletters.filter(access=Newsletter.Access.PUBLIC)
    return list(newsletters)


def newsletter_featured(*, language: str) -> Newsletter | None:
    """The signup box's newsletter on pages in `language`: a featured public one in it."""
    return (
        Newsletter.objects.filter(featured=True, access=Newsletter.Access.PUBLIC, language=language)
        .order_by("sort_order", "pk")
        .first()
    )


def subscriber_for_email(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=email_normalize(email)).first()


def subscribed_ids(subscriber: Subscriber | None) -> set[int]:
    if subscriber is None:
        return set()
    return set(
        subscriber.subscriptions.filter(status=Status.CONFIRMED).values_list(
            "newsletter_id", flat=True
        )
    )


def email_is_member(email: str) -> bool:
    return members_current().filter(user__email__iexact=email).exists()


def member_emails() -> QuerySet[Any]:
    """Lower-cased addresses of current members, as a subquery."""
    return members_current().annotate(address=Lower("user__email")).values("address")


def recipients(*, newsletter: Newsletter) -> QuerySet[Any]:
    """(subscriber id, e-mail) of everyone an edition of this newsletter goes to now:
    confirmed, not suppressed, and for members-only lists, a current member."""
    subscriptions = Subscription.objects.filter(newsletter=newsletter, status=Status.CONFIRMED)
    subscriptions = subscriptions.exclude(subscriber__email__in=Suppression.objects.values("email"))
    if newsletter.members_only:
        subscriptions = subscriptions.filter(subscriber__email__in=member_emails())
    return subscriptions.values_list("subscriber_id", "subscriber__email").order_by("subscriber_id")


def archive(*, newsletter: Newsletter) -> QuerySet[Edition]:
    editions: QuerySet[Edition] = Edition.objects.filter(  # a modelcluster model: no types
        newsletter=newsletter, status=Edition.Status.SENT
    ).order_by("-finished_at", "-pk")
    return editions


def delivery_counts(*, edition: Edition) -> dict[str, int]:
    counts = dict(
        edition.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    result = {status: counts.get(status, 0) for status in Delivery.Status.values}
    result["total"] = sum(counts.values())
    result["remaining"] = result["queued"] + result["sending"]
    return result


BOUNCED = (Suppression.Reason.BOUNCED, Suppression.Reason.REJECTED)


def edition_results(*, edition: Edition) -> dict[str, int]:
    """What became of an edition's sent copies, by what the provider's tracking webhook and
    the readers reported afterwards: bounced and marked as spam (the suppressions made after
    the address's copy was sent), unsubscribed (its readers who left this newsletter, by the
    footer link, the mail app's button or the provider), and delivered (sent, not bounced).
    Each is counted until the newsletter's next edition starts, which then counts its own."""
    sent = Delivery.objects.filter(edition=edition, status=Delivery.Status.SENT)
    reported = Suppression.objects.filter(
        reason__in=[*BOUNCED, Suppression.Reason.COMPLAINED],
        created_at__gte=edition.started_at,
    ).filter(Exists(sent.filter(email=OuterRef("email"), sent_at__lte=OuterRef("created_at"))))
    left = Subscription.objects.filter(
        newsletter_id=edition.newsletter_id,
        status=Status.UNSUBSCRIBED,
        unsubscribed_at__gte=edition.started_at,
    ).filter(
        Exists(
            sent.filter(
                email=OuterRef("subscriber__email"), sent_at__lte=OuterRef("unsubscribed_at")
            )
        )
    )
    next_start = (
        Edition.objects.filter(
            newsletter_id=edition.newsletter_id, started_at__gt=edition.started_at
        )
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if next_start:
        reported = reported.filter(created_at__lt=next_start)
        left = left.filter(unsubscribed_at__lt=next_start)
    by_reason = dict(reported.order_by().values_list("reason").annotate(n=Count("pk")))
    bounced = sum(by_reason.get(reason, 0) for reason in BOUNCED)
    return {
        "delivered": sent.count() - bounced,
        "bounced": bounced,
        "complained": by_reason.get(Suppression.Reason.COMPLAINED, 0),
        "unsubscribed": left.count(),
    }


def sent_per_minute(*, edition: Edition, limit: int = 30) -> list[tuple[Any, ...]]:
    """(minute, messages sent) for the last `limit` minutes of the send that had any."""
    rows = (
        edition.deliveries.filter(status=Delivery.Status.SENT)
        .annotate(minute=TruncMinute("sent_at"))
        .values("minute")
        .annotate(n=Count("pk"))
        .order_by("-minute")[:limit]
    )
    return [(row["minute"], row["n"]) for row in reversed(rows)]


def newsletter_figures() -> list[dict[str, Any]]:
    """Per newsletter: subscribers by status, and its last edition (a fixed number of
    queries, however long the archive)."""
    last_sent = Edition.objects.filter(
        newsletter=OuterRef("pk"), status=Edition.Status.SENT
    ).order_by("-finished_at", "-pk")
    newsletters = list(
        Newsletter.objects.annotate(
            confirmed=Count("subscriptions", filter=Q(subscriptions__status=Status.CONFIRMED)),
            pending=Count("subscriptions", filter=Q(subscriptions__status=Status.PENDING)),
            unsubscribed=Count(
                "subscriptions", filter=Q(subscriptions__status=Status.UNSUBSCRIBED)
            ),
            last_id=Subquery(last_sent.values("pk")[:1]),
        ).order_by("sort_order", "name")
    )
    last = Edition.objects.in_bulk([n.last_id for n in newsletters if n.last_id])
    return [{"newsletter": n, "last": last.get(n.last_id)} for n in newsletters]


def confirmed_per_week(*, weeks: int = 12) -> tuple[list[Any], list[int]]:
    """New confirmed subscriptions in each of the last `weeks` weeks (all lists)."""
    today = timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    rows = (
        Subscription.objects.filter(confirmed_at__date__gte=first)
        .annotate(week=TruncWeek("confirmed_at"))
        .values("week")
        .annotate(n=Count("pk"))
    )
    by_week = {row["week"].date(): row["n"] for row in rows}
    return starts, [by_week.get(start, 0) for start in starts]


def subscriptions_data(*, email: str) -> list[dict[str, Any]]:
    """An address's subscriptions, for a reader's data download."""
    return [
        {
            "newsletter": subscription.newsletter.name,
            "status": subscription.status,
            "since": subscription.created_at.isoformat(),
            "confirmed": subscription.confirmed_at.isoformat()
            if subscription.confirmed_at
            else None,
            "unsubscribed": subscription.unsubscribed_at.isoformat()
            if subscription.unsubscribed_at
            else None,
        }
        for subscription in Subscription.objects.filter(
            subscriber__email=email_normalize(email)
        ).select_related("newsletter")
    ]


def alert_newsletter(*, language: str) -> Newsletter | None:
    """The list a breaking alert goes to by default: one made for breaking news in the
    edition's language (by its address), else none chosen."""
    lists = Newsletter.objects.filter(language=language, slug__contains="breaking")
    return lists.order_by("pk").first()
