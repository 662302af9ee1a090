"""The join page: a membership or a one-off donation, through the demo provider."""

from decimal import Decimal

import pytest

from masthead.membership.models import Checkout, Member, Payment

pytestmark = pytest.mark.django_db


def pay(client, response):
    assert response.status_code == 302, response.content
    assert b"no money moves" in client.get(response["Location"]).content
    return client.post(response["Location"], {"action": "pay"})


def test_the_join_page_offers_each_tier_as_a_choice(client, tier):
    html = client.get("/join/").content.decode()
    assert f'name="tier" value="{tier.pk}"' in html
    assert "5 USD a month · 50 USD a year" in html
    assert "Demo payments" in html


def test_a_suggested_donation_is_recorded_without_making_a_member(client, db):
    response = client.post(
        "/join/", {"kind": "donation", "preset": "25", "email": "giver@readers.example"}
    )
    pay(client, response)
    payment = Payment.objects.get()
    assert (payment.kind, payment.amount, payment.email) == (
        "donation",
        Decimal(25),
        "giver@readers.example",
    )
    assert not Member.objects.filter(status__in=Member.CURRENT).exists()


def test_another_amount_wins_over_the_suggested_one(client, db):
    response = client.post(
        "/join/",
        {"kind": "donation", "preset": "25", "amount": "7.50", "email": "g@readers.example"},
    )
    pay(client, response)
    assert Payment.objects.get().amount == Decimal("7.50")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "1"}, b"The smallest donation we can take is 2"),
        ({}, b"Choose an amount or enter another"),
        ({"amount": "-5"}, b"greater than or equal to 0"),
        ({"preset": "999999"}, b"Select a valid choice"),
    ],
)
def test_bad_donations_get_a_clear_error_and_start_nothing(client, db, data, message):
    response = client.post("/join/", {"kind": "donation", "email": "g@readers.example", **data})
    assert response.status_code == 400
    assert message in response.content
    assert not Checkout.objects.exists()


def test_joining_needs_a_valid_address(client, tier):
    response = client.post(
        "/join/", {"kind": "membership", "tier": tier.pk, "interval": "month", "email": "nope"}
    )
    assert response.status_code == 400
    assert not Checkout.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_member_is_welcomed_by_email(client, tier, smtp_server):
    response = client.post(
        "/join/",
        {"kind": "membership", "tier": tier.pk, "interval": "year", "email": "new@readers.example"},
    )
    pay(client, response)
    [welcome] = smtp_server
    assert welcome["To"] == "new@readers.example"
    assert (
        "your membership (Supporter) has begun"
        in welcome.get_body(preferencelist=("plain",)).get_content()
    )


def stripe_away(fake_stripe, monkeypatch, how: str) -> None:
    """Stripe's API refusing connections, answering 503, or too slow to answer."""
    if how == "refused":
        fake_stripe.close()
    elif how == "503":
        fake_stripe.status = 503
    else:
        monkeypatch.setattr("masthead.membership.providers.stripe.TIMEOUT", (0.5, 0.3))
        fake_stripe.delay = 2


@pytest.mark.parametrize("how", ["refused", "503", "timeout"])
def test_stripe_being_away_is_explained_on_the_form_which_keeps_what_was_typed(
    client, tier, fake_stripe, monkeypatch, caplog, how
):
    stripe_away(fake_stripe, monkeypatch, how)
    response = client.post(
        "/join/",
        {"kind": "membership", "tier": tier.pk, "interval": "year", "email": "new@readers.example"},
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert (
        "We could not reach the payment provider: nothing was charged, please try again in a "
        "few minutes" in html
    )
    assert 'value="new@readers.example"' in html
    assert Checkout.objects.get().state == Checkout.State.CANCELED
    assert any("Stripe" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


def join_and_pay(client, tier, email="new@readers.example") -> str:
    response = client.post(
        "/join/", {"kind": "membership", "tier": tier.pk, "interval": "month", "email": email}
    )
    return pay(client, response)["Location"]


def test_the_browser_that_paid_is_signed_in_once_and_no_other(client, tier):
    from django.test import Client

    thanks = join_and_pay(client, tier)
    assert b"You are signed in as new@readers.example" in client.get(thanks).content
    assert client.get("/account/").status_code == 200
    # The address alone (history, a forwarded link) signs nobody in.
    stranger = Client()
    assert b"You are signed in" not in stranger.get(thanks).content
    assert stranger.get("/account/").status_code == 302
    client.logout()
    assert b"You are signed in" not in client.get(thanks).content  # once only


def test_paying_with_a_staff_address_signs_nobody_in(client, tier, cast):
    cast["editor"].email = "erin@courier.example"
    cast["editor"].save()
    thanks = join_and_pay(client, tier, email="erin@courier.example")
    assert b"You are signed in" not in client.get(thanks).content
    assert "_auth_user_id" not in client.session


def test_an_old_checkout_signs_nobody_in(client, tier):
    from datetime import timedelta

    from django.utils import timezone

    thanks = join_and_pay(client, tier)
    Checkout.objects.update(completed_at=timezone.now() - timedelta(hours=2))
    assert b"You are signed in" not in client.get(thanks).content
