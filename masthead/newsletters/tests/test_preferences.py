"""Leaving and choosing lists without signing in, through the signed links in every e-mail."""

import pytest
from django.test import Client
from django.urls import reverse

from masthead.newsletters import tokens
from masthead.newsletters.tests.builders import newsletter_make, subscribed

pytestmark = pytest.mark.django_db


def test_the_unsubscribe_link_asks_first_and_leaves_one_list(briefing):
    weekly = newsletter_make(name="The Week")
    reader = subscribed("reader@example.org", briefing, weekly)
    token = tokens.subscriber_token(subscriber_id=reader.pk, newsletter_id=briefing.pk)
    url = reverse("newsletters:unsubscribe", args=[token])
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    assert page.status_code == 200 and b"Stop sending Morning Briefing" in page.content
    assert reader.subscriptions.filter(status="confirmed").count() == 2  # GET changes nothing

    assert client.post(url).status_code == 200
    statuses = dict(reader.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"morning-briefing": "unsubscribed", weekly.slug: "confirmed"}


def test_a_forged_link_is_refused(briefing):
    reader = subscribed("reader@example.org", briefing)
    token = tokens.subscriber_token(subscriber_id=reader.pk, newsletter_id=briefing.pk)
    other = tokens.subscriber_token(subscriber_id=reader.pk + 1, newsletter_id=briefing.pk)
    forged = token.split(":")[0] + ":" + other.split(":", 1)[1]
    for bad in (forged, "nonsense", token[:-2]):
        response = Client().post(reverse("newsletters:unsubscribe", args=[bad]))
        assert response.status_code == 400 and b"not valid" in response.content
    assert reader.subscriptions.get().status == "confirmed"


def test_the_preferences_page_changes_lists_and_can_leave_all(client, briefing):
    weekly = newsletter_make(name="The Week")
    members = newsletter_make(name="Inside", access="members")
    reader = subscribed("reader@example.org", briefing)
    url = reverse(
        "newsletters:preferences", args=[tokens.subscriber_token(subscriber_id=reader.pk)]
    )

    page = client.get(url).content.decode()
    assert "reader@example.org" in page and "The Week" in page
    assert "Inside" not in page  # members-only lists are not offered to a non-member

    response = client.post(url, {"newsletters": [weekly.pk]}, follow=True)
    assert b"Saved." in response.content
    statuses = dict(reader.subscriptions.values_list("newsletter__name", "status"))
    assert statuses == {"Morning Briefing": "unsubscribed", "The Week": "confirmed"}

    # A non-member cannot add a members-only list by posting its id.
    response = client.post(url, {"newsletters": [members.pk]})
    assert response.status_code == 400
    assert not reader.subscriptions.filter(newsletter=members).exists()

    client.post(url, {"all": "1"})
    assert not reader.subscriptions.filter(status="confirmed").exists()


def test_the_preferences_form_needs_its_csrf_token(briefing):
    reader = subscribed("reader@example.org", briefing)
    url = reverse(
        "newsletters:preferences", args=[tokens.subscriber_token(subscriber_id=reader.pk)]
    )
    assert Client(enforce_csrf_checks=True).post(url, {"all": "1"}).status_code == 403
    assert reader.subscriptions.get().status == "confirmed"
