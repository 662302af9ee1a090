"""Bounces and complaints reported by the e-mail provider (django-anymail's tracking
webhooks, here Mailgun's signed format) suppress the address for every later send."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from masthead.newsletters import editions, sending
from masthead.newsletters.models import Delivery, Suppression
from masthead.newsletters.tests.builders import edition_make, subscribed

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]
URL = "/newsletters/esp/mailgun/tracking/"
SIGNING_KEY = "key-for-tests-only"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": "hooks:s3cret",
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }


def mailgun_event(event: str, recipient: str, *, key=SIGNING_KEY, **extra) -> str:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return json.dumps(
        {
            "signature": {"timestamp": timestamp, "token": token, "signature": signature},
            "event-data": {
                "event": event,
                "recipient": recipient,
                "timestamp": time.time(),
                "id": "evt",
                "message": {"headers": {"message-id": "<edition-1.1@courier.test>"}},
                **extra,
            },
        }
    )


def post(client, body, auth="hooks:s3cret"):
    headers = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(auth.encode()).decode()}
    return client.post(URL, body, content_type="application/json", **headers)


def test_a_hard_bounce_and_a_complaint_suppress_the_address(client):
    failed = mailgun_event(
        "failed",
        "Gone@Example.org",
        severity="permanent",
        reason="bounce",
        **{"delivery-status": {"code": 550, "description": "mailbox unavailable"}},
    )
    assert post(client, failed).status_code == 200
    assert post(client, mailgun_event("complained", "angry@example.org")).status_code == 200
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        "gone@example.org": "bounced",
        "angry@example.org": "complained",
    }
    assert (
        Suppression.objects.get(email="gone@example.org").detail == "Mailgun: mailbox unavailable"
    )


def test_a_temporary_failure_suppresses_nothing(client):
    event = mailgun_event("failed", "full@example.org", severity="temporary", reason="generic")
    assert post(client, event).status_code == 200
    assert not Suppression.objects.exists()


def test_forged_or_unauthenticated_calls_are_refused(client):
    forged = mailgun_event("complained", "victim@example.org", key="not-the-key")
    assert post(client, forged).status_code == 400
    assert (
        post(client, mailgun_event("complained", "victim@example.org"), auth="x:y").status_code
        == 400
    )
    assert not Suppression.objects.exists()


def test_an_address_suppressed_mid_send_is_skipped(client, briefing, stories, smtp_server):
    subscribed("reader@example.org", briefing)
    subscribed("gone@example.org", briefing)
    edition = edition_make(briefing, articles=stories)
    editions.edition_start(edition=edition)  # both queued
    post(client, mailgun_event("failed", "gone@example.org", severity="permanent"))
    assert sending.edition_send_run(edition_id=edition.pk) == "sent"
    assert [m.envelope_to for m in smtp_server] == [["reader@example.org"]]
    skipped = Delivery.objects.get(email="gone@example.org")
    assert skipped.status == "skipped" and "suppression" in skipped.error


def postmark_bounce(email: str) -> str:
    return json.dumps(
        {
            "RecordType": "Bounce",
            "Type": "HardBounce",
            "TypeCode": 1,
            "Email": email,
            "MessageID": "00000000-0000-0000-0000-000000000001",
            "BouncedAt": "2026-11-30T10:00:00Z",
            "Description": "The server was unable to deliver your message",
        }
    )


def test_a_provider_without_a_secret_is_not_listened_to(client, settings):
    settings.ANYMAIL = {}  # neither the basic-auth secret nor a signing key
    response = client.post(
        "/newsletters/esp/postmark/tracking/",
        postmark_bounce("victim@example.org"),
        content_type="application/json",
    )
    assert response.status_code == 404
    unsigned = client.post(
        URL, mailgun_event("complained", "victim@example.org"), content_type="application/json"
    )
    assert unsigned.status_code == 404  # Mailgun without its signing key: not 500
    assert not Suppression.objects.exists()


def test_the_basic_auth_secret_alone_opens_a_providers_webhook(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hooks:s3cret"}
    url = "/newsletters/esp/postmark/tracking/"
    auth = "Basic " + base64.b64encode(b"hooks:s3cret").decode()
    body = postmark_bounce("gone@example.org")
    assert client.post(url, body, content_type="application/json").status_code == 400
    response = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 200
    assert Suppression.objects.filter(email="gone@example.org").exists()


def test_a_signing_key_alone_opens_a_signed_providers_webhook(client, settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    signed = mailgun_event("complained", "angry@example.org")
    forged = mailgun_event("complained", "victim@example.org", key="not-the-key")
    assert client.post(URL, forged, content_type="application/json").status_code == 400
    assert client.post(URL, signed, content_type="application/json").status_code == 200
    assert list(Suppression.objects.values_list("email", flat=True)) == ["angry@example.org"]


def test_unknown_providers_answer_404(client):
    for url in ("/newsletters/esp/nobody/tracking/", "/newsletters/esp/mailgun/inbound/"):
        assert client.post(url, "{}", content_type="application/json").status_code == 404
