"""Transactional e-mails (sign-in links, receipts, confirmations): plain text from one
template each, with an HTML part made from it (links clickable, paragraphs kept)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks, urlize  # type: ignore[attr-defined]
from django.template.loader import render_to_string
from django.utils.html import escape

from masthead.core.sites import site_for_request

# Domains an address is left at by a template or a default, which nobody reads mail for:
# example.com/org/net (RFC 2606, what .env.example shows) and localhost (Django's default).
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "localhost", "invalid")


def email_normalize(email: str) -> str:
    """How every app stores and compares a reader's address: trimmed and lower-cased whole.
    Mail systems treat the part before the @ without case in practice, and one reader must not
    become two (an account and a subscriber, two members) by how they typed it once."""
    return email.strip().lower()


def address_is_placeholder(address: str) -> bool:
    """Whether an e-mail address is unset or left at a placeholder (`newsroom@localhost`,
    `news@example.org`, `x@mail.example.com`): no one can send from it, or reply to it."""
    domain = address.strip().rpartition("@")[2].lower().rstrip(".")
    return not domain or any(
        domain == placeholder or domain.endswith(f".{placeholder}")
        for placeholder in PLACEHOLDER_DOMAINS
    )


def sender_address_validate(address: str) -> None:
    if address and address_is_placeholder(address):
        raise ValidationError(
            "%(address)s is a placeholder: use an address at your newsroom's own domain.",
            code="placeholder",
            params={"address": address},
        )


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
