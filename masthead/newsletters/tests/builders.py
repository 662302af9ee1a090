"""Small builders for newsletter tests."""

import re
from itertools import count

from django.utils import timezone

from masthead.newsletters.models import Edition, EditionStory, Newsletter, Subscriber, Subscription

_numbers = count(1)


def newsletter_make(**fields) -> Newsletter:
    number = next(_numbers)
    fields.setdefault("name", f"Morning Briefing {number}")
    fields.setdefault("slug", f"briefing-{number}")
    fields.setdefault("description", "The day's news before breakfast.")
    fields.setdefault("sender_email", "briefing@courier.test")
    return Newsletter.objects.create(**fields)


def subscribed(email: str, *newsletters: Newsletter, status="confirmed") -> Subscriber:
    subscriber, _ = Subscriber.objects.get_or_create(email=email.lower())
    for newsletter in newsletters:
        Subscription.objects.update_or_create(
            subscriber=subscriber,
            newsletter=newsletter,
            defaults={
                "status": status,
                "confirmed_at": timezone.now() if status == "confirmed" else None,
            },
        )
    return subscriber


def edition_make(newsletter: Newsletter, *, articles=(), **fields) -> Edition:
    fields.setdefault("subject", "Tuesday: the bridge reopens")
    edition = Edition.objects.create(newsletter=newsletter, **fields)
    for index, article in enumerate(articles):
        EditionStory.objects.create(edition=edition, article=article, sort_order=index)
    return edition


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def parts(message) -> tuple[str, str]:
    """(plain text, HTML) of a received e-mail."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
