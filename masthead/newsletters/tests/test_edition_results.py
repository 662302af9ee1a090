"""After a send, the edition's page says what became of its copies: delivered, bounced,
marked as spam, unsubscribed (from the deliveries, the suppressions the provider's tracking
webhook made, and the readers who left), and that opens are not tracked."""

import pytest
from django.test import Client
from django.urls import reverse

from masthead.conftest import background_tasks_run
from masthead.newsletters import editions, queries, webhooks
from masthead.newsletters.tests.builders import edition_make, subscribed
from masthead.newsletters.tests.test_tracking_webhook import SIGNING_KEY, mailgun_event, post

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]
READERS = ["ann@example.org", "bob@example.org", "cat@example.org", "dan@example.org"]


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": "hooks:s3cret",
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }


def sent(edition, capture):
    with capture(execute=True):
        editions.edition_start(edition=edition)
    background_tasks_run()
    edition.refresh_from_db()
    return edition


def unsubscribe_by_mail_app(message) -> None:
    link = message["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    Client().post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def test_the_page_counts_delivered_bounced_spam_and_unsubscribed(
    client, cast, briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    for address in READERS:
        subscribed(address, briefing)
    edition = sent(edition_make(briefing, articles=stories), django_capture_on_commit_callbacks)
    bounce = mailgun_event("failed", "bob@example.org", severity="permanent", reason="bounce")
    assert post(client, bounce).status_code == 200
    assert post(client, mailgun_event("complained", "cat@example.org")).status_code == 200
    unsubscribe_by_mail_app(next(m for m in smtp_server if m.envelope_to == ["dan@example.org"]))

    client.force_login(cast["editor"])
    page = client.get(reverse("newsletters_edition:send", args=[edition.pk])).content.decode()
    for figure, number in [
        ("delivered", 3),
        ("bounced", 1),
        ("complained", 1),
        ("unsubscribed", 1),
    ]:
        assert f'data-figure="{figure}">{number}<' in page, figure
    assert "Opens are not tracked, on purpose." in page
    # Mail went out over SMTP here: nothing reports bounces, and the page says so.
    assert "No e-mail provider's tracking webhook is set up" in page


def test_what_came_back_after_the_next_edition_counts_for_that_one(
    client, briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    for address in READERS:
        subscribed(address, briefing)
    post(client, mailgun_event("failed", "ann@example.org", severity="permanent", reason="bounce"))
    first = sent(edition_make(briefing, articles=stories), django_capture_on_commit_callbacks)
    assert queries.edition_results(edition=first)["delivered"] == 3  # ann was suppressed before
    second = sent(edition_make(briefing, articles=stories), django_capture_on_commit_callbacks)
    post(client, mailgun_event("complained", "bob@example.org"))
    unsubscribe_by_mail_app(smtp_server[-1])

    assert queries.edition_results(edition=first) == {
        "delivered": 3,
        "bounced": 0,
        "complained": 0,
        "unsubscribed": 0,
    }
    assert queries.edition_results(edition=second) == {
        "delivered": 3,
        "bounced": 0,
        "complained": 1,
        "unsubscribed": 1,
    }


def test_a_provider_with_its_webhook_set_up_is_named(settings):
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    assert webhooks.tracking_provider() == "mailgun"
    settings.ANYMAIL = {}
    assert webhooks.tracking_provider() is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert webhooks.tracking_provider() is None
