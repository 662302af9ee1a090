"""Transactional e-mails (sign-in links, receipts, confirmations): plain text from one
template each, with an HTML part made from it (links clickable, paragraphs kept)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks, urlize
from django.template.loader import render_to_string
from django.utils.html import escape

from masthead.core.sites import site_for_request


def newsroom_name() -> str:
    site = site_for_request(None)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.BASE_URL}{path}"


def send(*, template: str, to: str, subject: str, context: dict) -> None:
    """`template` is a text template (autoescape off in it); the subject gets the newsroom."""
    context = {"newsroom": newsroom_name(), "base_url": settings.BASE_URL, **context}
    text = render_to_string(template, context).strip() + "\n"
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
