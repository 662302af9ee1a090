"""The member page: status, cancel and resume, data download, account deletion."""

import json

import pytest
from django.contrib.auth import get_user_model

from masthead.membership import gifts
from masthead.membership.models import Counter, Gift, Member, Payment
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, tier):
    member = builders.member_join("olena@readers.example", tier)
    client.force_login(member.user)
    return member


def test_the_member_page_shows_status_tier_and_next_payment(client, member):
    html = client.get("/account/").content.decode()
    assert "Supporter (monthly)" in html
    assert "Next payment" in html
    assert "5.00 USD" in html


def test_a_member_cancels_and_keeps_access_until_the_period_ends(client, member):
    client.post("/account/cancel/")
    member.refresh_from_db()
    assert member.cancel_at_period_end and member.status == Member.Status.ACTIVE
    assert "Ends on" in client.get("/account/").content.decode()
    client.post("/account/cancel/", {"resume": "1"})
    member.refresh_from_db()
    assert not member.cancel_at_period_end


def test_the_demo_portal_walks_through_renewal_states(client, member):
    assert client.post("/account/manage/")["Location"] == "/account/billing/demo/"
    client.post("/account/billing/demo/", {"action": "fail"})
    assert Member.objects.get(pk=member.pk).status == Member.Status.PAST_DUE
    client.post("/account/billing/demo/", {"action": "renew"})
    assert Member.objects.get(pk=member.pk).status == Member.Status.ACTIVE
    assert Payment.objects.filter(member=member).count() == 2


def test_download_my_data_has_the_membership_and_payments(client, member):
    response = client.get("/account/data/")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "olena@readers.example"
    assert data["membership"]["status"] == "active"
    assert len(data["payments"]) == 1
    assert data["membership"]["history"][0]["status"] == "active"


def test_deleting_the_account_keeps_anonymous_payment_records(client, member):
    response = client.post("/account/delete/", {"confirm": "nope"})
    assert response.status_code == 200 and Member.objects.exists()
    response = client.post("/account/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    assert not Member.objects.exists()
    payment = Payment.objects.get()
    assert payment.member is None and payment.email == ""
    assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == 0
    assert client.get("/account/").status_code == 302  # signed out


def test_a_deleted_accounts_gifts_are_no_one_elses(client, member, tier):
    gifts.gift_create(
        tier=tier, months=6, purchaser_email=member.user.email, recipient_email="kid@r.example"
    )
    client.post("/account/delete/", {"confirm": "delete"})
    assert Gift.objects.get().purchaser_email == ""  # kept for the recipient, anonymous
    # An account without an address (as `createsuperuser` may leave one) matches no gift.
    nameless = get_user_model().objects.create_user(username="root", email="")
    client.force_login(nameless)
    assert "kid@r.example" not in client.get("/account/").content.decode()
    assert json.loads(client.get("/account/data/").content)["gifts_given"] == []


def test_account_actions_need_post_and_csrf(member, tier):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member.user)
    assert strict.get("/account/cancel/").status_code == 405
    assert strict.post("/account/cancel/").status_code == 403
    assert strict.post("/account/delete/", {"confirm": "delete"}).status_code == 403
