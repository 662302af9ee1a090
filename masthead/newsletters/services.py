"""Subscriptions: signing up with double opt-in, confirming, preferences, unsubscribing,
the suppression list, and forgetting an address."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.core.emails import email_normalize
from masthead.newsletters import emails, queries, tokens
from masthead.newsletters.models import Newsletter, Subscriber, Subscription, Suppression

Status = Subscription.Status


class NewsletterError(Exception):
    """Something a reader or editor asked for that cannot be done, in words to show them."""


def subscriber_get_or_create(email: str) -> Subscriber:
    email = email_normalize(email)
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:  # made by a concurrent request
        subscriber = Subscriber.objects.get(email=email)
    return subscriber


def is_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email=email_normalize(email)).exists()


@dataclass
class SignupResult:
    subscriber: Subscriber
    pending: list[Newsletter]
    already: list[Newsletter]


def signup(*, email: str, newsletters: Iterable[Newsletter], next_url: str = "") -> SignupResult:
    """Double opt-in: new lists wait for the reader to confirm by the e-mailed link; nothing
    else goes to an address until then. Members-only lists need a current member's address."""
    newsletters = list(newsletters)
    if not newsletters:
        raise NewsletterError(_("Choose at least one newsletter."))
    if any(n.members_only for n in newsletters) and not queries.email_is_member(email):
        raise NewsletterError(_("Members-only newsletters are for members: join us first."))
    now = timezone.now()
    subscriber = subscriber_get_or_create(email)
    pending, already = [], []
    with transaction.atomic():
        for newsletter in newsletters:
            subscription, _created = Subscription.objects.select_for_update().get_or_create(
                subscriber=subscriber, newsletter=newsletter
            )
            if subscription.status == Status.CONFIRMED:
                already.append(newsletter)
                continue
            subscription.status, subscription.created_at = Status.PENDING, now
            subscription.source = Subscription.Source.SIGNUP
            subscription.save(update_fields=["status", "created_at", "source"])
            pending.append(newsletter)
    if pending and not is_suppressed(subscriber.email):
        token = tokens.confirm_token(
            subscriber_id=subscriber.pk, newsletter_ids=[n.pk for n in pending]
        )
        emails.confirmation_send(subscriber=subscriber, newsletters=pending, token=token)
    return SignupResult(subscriber=subscriber, pending=pending, already=already)


def signup_confirm(*, token: str) -> tuple[Subscriber, list[Newsletter]]:
    """Confirm the lists a confirmation link names; a used link confirms nothing new."""
    data = tokens.confirm_read(token)
    subscriber = Subscriber.objects.filter(pk=data[0]).first() if data else None
    if data is None or subscriber is None:
        raise NewsletterError(
            _("This confirmation link is not valid any more. Sign up again to get a new one.")
        )
    now = timezone.now()
    confirmed = Subscription.objects.filter(
        subscriber=subscriber, newsletter_id__in=data[1], status=Status.PENDING
    ).update(status=Status.CONFIRMED, confirmed_at=now, unsubscribed_at=None)
    newsletters = list(
        Newsletter.objects.filter(
            pk__in=data[1],
            subscriptions__subscriber=subscriber,
            subscriptions__status=Status.CONFIRMED,
        )
    )
    if confirmed:
        emails.welcome_send(subscriber=subscriber, newsletters=newsletters)
    return subscriber, newsletters


def subscriber_for_token(token: str) -> tuple[Subscriber, Newsletter | None]:
    data = tokens.subscriber_read(token)
    subscriber = Subscriber.objects.filter(pk=data[0]).first() if data else None
    if data is None or subscriber is None:
        raise NewsletterError(_("This link is not valid. Use the link in a recent e-mail."))
    newsletter = Newsletter.objects.filter(pk=data[1]).first() if data[1] else None
    return subscriber, newsletter


def unsubscribe(*, subscriber: Subscriber, newsletter: Newsletter | None = None) -> int:
    """Leave one list, or every list when none is named. Returns how many were left."""
    subscriptions = subscriber.subscriptions.exclude(status=Status.UNSUBSCRIBED)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    return subscriptions.update(status=Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def preferences_set(
    *,
    subscriber: Subscriber,
    newsletters: Iterable[Newsletter],
    source: str = Subscription.Source.ACCOUNT,
) -> None:
    """Make the confirmed lists exactly `newsletters`. Only for an address already proven
    (a signed-in reader, or a link we e-mailed), so no confirmation is asked again."""
    wanted = {n.pk: n for n in newsletters}
    if any(n.members_only for n in wanted.values()) and not queries.email_is_member(
        subscriber.email
    ):
        raise NewsletterError(_("Members-only newsletters are for members: join us first."))
    now = timezone.now()
    with transaction.atomic():
        current = {
            s.newsletter_id: s
            for s in Subscription.objects.select_for_update().filter(subscriber=subscriber)
        }
        for newsletter_id, newsletter in wanted.items():
            subscription = current.get(newsletter_id)
            if subscription is None:
                Subscription.objects.create(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    status=Status.CONFIRMED,
                    source=source,
                    confirmed_at=now,
                )
            elif subscription.status != Status.CONFIRMED:
                subscription.status, subscription.confirmed_at = Status.CONFIRMED, now
                subscription.unsubscribed_at = None
                subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        Subscription.objects.filter(subscriber=subscriber, status=Status.CONFIRMED).exclude(
            newsletter_id__in=wanted
        ).update(status=Status.UNSUBSCRIBED, unsubscribed_at=now)


def suppression_add(*, email: str, reason: str, detail: str = "") -> bool:
    """Stop every send to this address. True if it was not suppressed before."""
    email = email_normalize(email)
    if not email:
        return False
    _suppression, created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "detail": detail[:300]}
    )
    return created


def subscriber_forget(*, email: str) -> None:
    """Delete an address and its subscriptions and delivery records (account deletion). A
    suppression stays: it is what keeps mail from going to an address that asked for none."""
    Subscriber.objects.filter(email=email_normalize(email)).delete()
