"""Members choose their newsletters on the member page; their data covers them."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from masthead.newsletters.models import Subscriber, Subscription, Suppression
from masthead.newsletters.tests.builders import newsletter_make, subscribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, readers):
    client.force_login(readers["paying"])
    return readers["paying"]


def test_a_member_subscribes_from_the_member_page_without_confirming(client, member, briefing):
    inside = newsletter_make(name="Inside the Courier", access="members")
    page = client.get(reverse("membership:account")).content.decode()
    assert "Inside the Courier" in page and "Morning Briefing" in page
    response = client.post(
        reverse("newsletters:account"), {"newsletters": [briefing.pk, inside.pk]}, follow=True
    )
    assert b"Your newsletters are saved." in response.content
    assert set(
        Subscription.objects.filter(subscriber__email="paying@readers.example").values_list(
            "newsletter__name", "status"
        )
    ) == {("Morning Briefing", "confirmed"), ("Inside the Courier", "confirmed")}
    page = client.get(reverse("membership:account")).content.decode()
    assert f'value="{inside.pk}"' in page and "checked" in page


def test_a_reader_who_is_not_a_member_cannot_take_members_only_lists(client, briefing):
    inside = newsletter_make(name="Inside the Courier", access="members")
    reader = get_user_model().objects.create_user("reader", email="reader@example.org")
    client.force_login(reader)
    assert "Inside the Courier" not in client.get(reverse("membership:account")).content.decode()
    client.post(reverse("newsletters:account"), {"newsletters": [inside.pk]})
    assert not Subscription.objects.filter(newsletter=inside).exists()


def test_the_member_page_form_needs_a_signed_in_reader(client, briefing):
    response = client.post(reverse("newsletters:account"), {"newsletters": [briefing.pk]})
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert not Subscription.objects.exists()


def test_data_download_and_deletion_cover_newsletters(client, member, briefing):
    subscribed("paying@readers.example", briefing)
    Suppression.objects.create(email="paying@readers.example", reason="complained")
    data = json.loads(client.get(reverse("membership:data")).content)
    assert data["newsletters"][0]["newsletter"] == "Morning Briefing"
    assert data["newsletters"][0]["status"] == "confirmed"

    client.post(reverse("membership:delete"), {"confirm": "DELETE"})
    assert not get_user_model().objects.filter(email="paying@readers.example").exists()
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    # The suppression stays: it is what keeps mail from an address that asked for none.
    assert Suppression.objects.filter(email="paying@readers.example").exists()
