"""The membership e-mails: sign-in links, gifts, receipts. Plain text from one template
each, with an HTML part made from it (links clickable, paragraphs kept)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks, urlize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from masthead.core.sites import site_for_request


def newsroom_name() -> str:
    site = site_for_request(None)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.BASE_URL}{path}"


def send(*, template: str, to: str, subject: str, context: dict) -> None:
    context = {"newsroom": newsroom_name(), "base_url": settings.BASE_URL, **context}
    text = render_to_string(f"membership/email/{template}.txt", context).strip() + "\n"
    message = EmailMultiAlternatives(
        subject=f"{subject} — {context['newsroom']}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        f"<!doctype html><html><body>{linebreaks(urlize(escape(text)))}</body></html>",
        "text/html",
    )
    message.send()


def sign_in_send(*, email: str, link: str) -> None:
    send(
        template="sign_in", to=email, subject="Your sign-in link", context={"link": absolute(link)}
    )


def gift_send(*, gift, code: str) -> None:
    send(
        template="gift",
        to=gift.recipient_email,
        subject="You have been given a membership",
        context={
            "gift": gift,
            "code": code,
            "link": absolute(f"{reverse('membership:gift_redeem')}?code={code}"),
        },
    )


def gift_receipt_send(*, gift) -> None:
    send(
        template="gift_receipt",
        to=gift.purchaser_email,
        subject="Thank you for your gift",
        context={"gift": gift},
    )


def welcome_send(*, member) -> None:
    send(
        template="welcome",
        to=member.email,
        subject="Welcome, member",
        context={"member": member, "link": absolute(reverse("membership:account"))},
    )
