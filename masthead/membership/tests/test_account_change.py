"""/account/change/: what a change would do and when, shown before the member confirms it;
the change waiting on the member page, taken back from there."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from masthead.membership import tier_changes
from masthead.membership.models import Member
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    return {
        "friend": builders.tier_make("friend", "3.00", "30.00", currency="EUR"),
        "supporter": builders.tier_make("supporter", "5.00", "50.00", currency="EUR"),
        "patron": builders.tier_make("patron", "10.00", "100.00", currency="EUR"),
    }


@pytest.fixture
def member(client, tiers):
    member = builders.member_join("olena@readers.example", tiers["supporter"])
    client.force_login(member.user)
    return member


def renews(member) -> str:
    return date_format(timezone.localtime(member.current_period_end), "j E Y")


def shown_at(html: str) -> str:
    return html.split('name="at" value="')[1].split('"')[0]


def test_the_member_page_offers_the_tiers_and_intervals_to_change_to(client, member):
    html = client.get("/account/").content.decode()
    assert "Change tier or how often you pay" in html
    assert "Patron: 10 EUR a month, 100 EUR a year" in html
    assert 'action="/account/change/"' in html


def test_a_downgrade_is_explained_then_confirmed_and_shown_on_the_member_page(
    client, member, tiers
):
    page = client.get("/account/change/", {"tier": tiers["friend"].pk, "interval": "month"})
    promise = (
        f"From {renews(member)} you will be a Friend at 3 EUR a month; until then nothing changes."
    )
    html = page.content.decode()
    assert promise in html and "Confirm the change" in html
    assert Member.objects.get(pk=member.pk).pending_tier is None  # nothing yet

    response = client.post(
        "/account/change/",
        {"tier": tiers["friend"].pk, "interval": "month", "at": shown_at(html)},
        follow=True,
    )
    account = response.content.decode()
    assert response.redirect_chain[-1][0] == "/account/"
    assert f'<div class="notice" data-pending-change>\n          <p>{promise}</p>' in account
    assert f"{renews(member)}: 3.00 EUR" in account  # the next payment, at the new price
    assert "Take back this change" in account
    assert "Change tier or how often you pay" not in account  # one change at a time

    account = client.post("/account/change/take-back/", follow=True).content.decode()
    assert "Taken back: your membership stays as it is." in account
    assert promise not in account and f"{renews(member)}: 5.00 EUR" in account
    assert Member.objects.get(pk=member.pk).pending_tier is None


def test_an_upgrade_shows_the_prorated_price_then_charges_it(client, member, tiers):
    html = client.get(
        "/account/change/", {"tier": tiers["patron"].pk, "interval": "month"}
    ).content.decode()
    assert "You will pay" in html and "now for the rest of this period (prorated)" in html
    assert f"then 10 EUR a month from {renews(member)}." in html

    response = client.post(
        "/account/change/",
        {"tier": tiers["patron"].pk, "interval": "month", "at": shown_at(html)},
        follow=True,
    )
    member = Member.objects.get(pk=member.pk)
    assert member.tier == tiers["patron"]
    charged = member.payments.order_by("-paid_at", "-id").first().amount
    assert Decimal("4.90") < charged <= Decimal("5.00")  # nearly all of the period left
    paid = tier_changes.money(charged, "EUR")
    assert f"You are now a Patron: {paid} paid" in response.content.decode()


def test_a_price_shown_too_long_ago_is_worked_out_again_before_anything_is_charged(
    client, member, tiers
):
    long_ago = int((timezone.now() - timedelta(hours=1)).timestamp())
    response = client.post(
        "/account/change/", {"tier": tiers["patron"].pk, "interval": "month", "at": long_ago}
    )
    assert response.status_code == 200
    assert "here it is worked out again" in response.content.decode()
    assert int(shown_at(response.content.decode())) > long_ago
    member = Member.objects.get(pk=member.pk)
    assert member.tier == tiers["supporter"] and member.payments.count() == 1


def test_a_refused_change_says_why_on_the_member_page(client, member, tiers):
    response = client.get(
        "/account/change/", {"tier": tiers["supporter"].pk, "interval": "month"}, follow=True
    )
    assert "That is your membership already." in response.content.decode()


def test_stripe_being_away_changes_nothing_and_says_so(client, tiers, fake_stripe):
    from masthead.membership import checkouts
    from masthead.membership.models import Checkout

    fake_stripe.subscription_add("sub_1", amount=500, currency="eur")
    checkout = checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email="olena@readers.example",
        provider="stripe",
        tier=tiers["supporter"],
        interval="month",
    )
    member = checkouts.checkout_complete(
        checkout=checkout, payment_ref="in_first", subscription_ref="sub_1", at=timezone.now()
    )
    client.force_login(member.user)
    fake_stripe.status = 503
    for tier in ("patron", "friend"):
        response = client.get(
            "/account/change/", {"tier": tiers[tier].pk, "interval": "month"}, follow=True
        )
        html = response.content.decode()
        if tier == "friend":  # nothing to ask Stripe before confirming a downgrade
            response = client.post(
                "/account/change/",
                {"tier": tiers[tier].pk, "interval": "month", "at": shown_at(html)},
                follow=True,
            )
            html = response.content.decode()
        assert "We could not reach the payment provider: nothing was charged and nothing " in html
    member = Member.objects.get(pk=member.pk)
    assert (member.tier, member.pending_tier) == (tiers["supporter"], None)


def test_changing_needs_a_post_with_csrf_to_confirm(member, tiers):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member.user)
    data = {"tier": tiers["friend"].pk, "interval": "month", "at": int(timezone.now().timestamp())}
    assert strict.post("/account/change/", data).status_code == 403
    assert strict.get("/account/change/take-back/").status_code == 405
    assert Member.objects.get(pk=member.pk).pending_tier is None
