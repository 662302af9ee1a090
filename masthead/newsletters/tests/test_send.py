"""Sending an edition through a real SMTP server: who gets it, and what they get."""

import pytest
from django.test import Client

from masthead.conftest import background_tasks_run
from masthead.newsletters import editions, sending
from masthead.newsletters.models import Delivery, Suppression
from masthead.newsletters.tests.builders import (
    edition_make,
    links,
    newsletter_make,
    parts,
    subscribed,
)

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def send(edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = editions.edition_start(edition=edition)
    background_tasks_run()
    edition.refresh_from_db()
    return queued


def test_it_goes_to_confirmed_subscribers_only(
    briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    subscribed("reader@example.org", briefing)
    subscribed("waiting@example.org", briefing, status="pending")
    subscribed("gone@example.org", briefing, status="unsubscribed")
    subscribed("bounced@example.org", briefing)
    Suppression.objects.create(email="bounced@example.org", reason="bounced")
    edition = edition_make(briefing, articles=stories, preheader="Also: the tram vote")

    assert send(edition, django_capture_on_commit_callbacks) == 1
    assert edition.status == "sent" and edition.finished_at
    [message] = smtp_server
    assert message.envelope_to == ["reader@example.org"]
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.sent_at and delivery.attempts == 1


def test_the_message_has_the_headers_parts_and_links_mail_apps_need(
    briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    briefing.sender_name = "Courier Morning Desk"
    briefing.save()
    subscribed("reader@example.org", briefing)
    edition = edition_make(briefing, articles=stories, intro="Good morning, Zelenohirsk.")
    send(edition, django_capture_on_commit_callbacks)
    [message] = smtp_server
    delivery = Delivery.objects.get()

    assert message["From"] == "Courier Morning Desk <briefing@courier.test>"
    assert message["Subject"] == "Tuesday: the bridge reopens"
    assert message["Message-ID"] == f"<edition-{edition.pk}.{delivery.pk}@courier.test>"
    assert message["List-Id"] == "<morning-briefing.courier.test>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("http://testserver/newsletters/unsubscribe/")

    text, html = parts(message)
    for part in (text, html):
        assert "The old bridge reopens" in part and "Council votes on the tram" in part
        assert "Good morning, Zelenohirsk." in part
        assert unsubscribe in part  # the footer link is the header's
        assert f"/newsletters/morning-briefing/{edition.pk}/" in part  # on the web
    assert f"http://testserver{stories[0].url}" in links(text)
    # CSS is inlined for mail apps that drop <style>; images are absolute, with sizes.
    assert 'style="' in html and "Photo: Iryna Test / Courier" in html
    assert 'src="http://testserver/media/' in html and 'width="544"' in html
    assert "masthead.invalid" not in html + text

    # One click in the mail app: a POST with no cookie and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert briefing.subscriptions.get().status == "unsubscribed"


def test_members_only_newsletters_go_to_current_members_only(
    readers, stories, smtp_server, django_capture_on_commit_callbacks
):
    letter = newsletter_make(name="Inside the Courier", access="members")
    for reader in ("paying", "gifted", "lapsed"):  # the lapsed one subscribed while a member
        subscribed(readers[reader].email, letter)
    subscribed("never@readers.example", letter)  # before the list was for members
    send(edition_make(letter, articles=stories), django_capture_on_commit_callbacks)
    assert sorted(m.envelope_to[0] for m in smtp_server) == [
        "gifted@readers.example",
        "paying@readers.example",
    ]


def test_a_refused_address_is_recorded_as_failed_with_the_reason(
    briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    subscribed("reader@example.org", briefing)
    subscribed("no-such-user@refuse.test", briefing)
    smtp_server.refuse = {"no-such-user@refuse.test": "550 5.1.1 No such user"}
    send(edition_make(briefing, articles=stories), django_capture_on_commit_callbacks)
    failed = Delivery.objects.get(status="failed")
    assert failed.email == "no-such-user@refuse.test" and "550" in failed.error
    assert Delivery.objects.get(status="sent").email == "reader@example.org"


def test_an_empty_edition_is_not_sent(briefing, smtp_server):
    subscribed("reader@example.org", briefing)
    edition = edition_make(briefing, fill_hours=1)
    with pytest.raises(sending.NewsletterError, match="no stories"):
        editions.edition_start(edition=edition)
    edition.refresh_from_db()
    assert edition.status == "draft" and not Delivery.objects.exists()


def test_it_fills_itself_from_a_section(
    briefing, stories, newsroom, smtp_server, django_capture_on_commit_callbacks
):
    subscribed("reader@example.org", briefing)
    edition = edition_make(briefing, fill_section=newsroom["city"], fill_hours=24)
    send(edition, django_capture_on_commit_callbacks)
    text, _ = parts(smtp_server[0])
    assert "Council votes on the tram" in text and "The old bridge reopens" not in text
    # What went out is kept as the edition's stories, for the archive.
    assert [s.article_id for s in edition.stories.all()] == [stories[1].pk]


def test_a_ukrainian_newsletter_speaks_ukrainian(
    stories, smtp_server, django_capture_on_commit_callbacks
):
    letter = newsletter_make(name="Ранковий брифінг", slug="ranok", language="uk")
    subscribed("reader@example.org", letter)
    send(
        edition_make(letter, articles=stories, subject="Міст знову відкрито"),
        django_capture_on_commit_callbacks,
    )
    [message] = smtp_server
    assert message["Subject"] == "Міст знову відкрито"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<http://testserver/uk/newsletters/unsubscribe/")
    )
    text, html = parts(message)
    assert "Відписатися" in text and "Читати матеріал" in html and 'lang="uk"' in html


@pytest.mark.parametrize(
    ("subject", "sender_name", "email"),
    [
        ("Tuesday: the bridge reopens", "Courier Morning Desk", "reader@example.org"),
        (
            "Вівторок: міст знову відкрито, і ще довгий заголовок про трамвай",  # noqa: RUF001
            "Ранок",
            "читач@приклад.укр",
        ),
    ],
)
@pytest.mark.parametrize("eight_bit", [True, False])
def test_the_bytes_sent_are_the_message_django_would_write(
    briefing, stories, subject, sender_name, email, eight_bit
):
    """The edition's bytes, each reader's parts filled in (wire.py), read by a mail reader
    exactly as Django's own message for the same reader, as Django sends it over SMTP."""
    from email import message_from_bytes, policy

    from django.core.mail.message import sanitize_address

    briefing.sender_name = sender_name
    briefing.reply_to = "desk@courier.test"
    briefing.save()
    reader = subscribed(email, briefing)
    edition = edition_make(briefing, articles=stories, subject=subject)
    delivery = Delivery.objects.create(edition=edition, subscriber=reader, email=email)
    envelope = sending.Envelope(edition)
    to, data, _ = envelope.wire_bytes(delivery, eight_bit=eight_bit)
    assert (b"Content-Transfer-Encoding: 8bit" in data) == eight_bit
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    ours = message_from_bytes(data, policy=policy.default)
    django = message_from_bytes(
        envelope.message(delivery).message().as_bytes(linesep="\r\n"), policy=policy.default
    )
    # (Django folds a long header onto its next line: its value keeps a leading space.)
    for header in ("From", "To", "Reply-To", "Subject", "Message-ID", "List-Id"):
        assert str(ours[header]) == str(django[header]).strip(), header
    for header in ("List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version"):
        assert ours[header] == django[header].strip(), header
    assert ours["Subject"] == subject and ours["Date"]
    assert parts(ours) == parts(django)
    assert to == sanitize_address(email, "utf-8")  # as Django's SMTP backend gives RCPT TO
