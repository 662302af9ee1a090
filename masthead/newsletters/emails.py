"""The subscription e-mails: the double opt-in confirmation and the welcome after it."""

from django.urls import reverse

from masthead.core.emails import absolute, send
from masthead.newsletters import tokens


def preferences_url(*, subscriber_id: int) -> str:
    token = tokens.subscriber_token(subscriber_id=subscriber_id)
    return absolute(reverse("newsletters:preferences", args=[token]))


def confirmation_send(*, subscriber, newsletters, token: str) -> None:
    send(
        template="newsletters/email/confirm.txt",
        to=subscriber.email,
        subject="Confirm your subscription",
        context={
            "newsletters": newsletters,
            "link": absolute(reverse("newsletters:confirm", args=[token])),
        },
    )


def welcome_send(*, subscriber, newsletters) -> None:
    send(
        template="newsletters/email/welcome.txt",
        to=subscriber.email,
        subject="You are subscribed",
        context={
            "newsletters": newsletters,
            "preferences": preferences_url(subscriber_id=subscriber.pk),
        },
    )
