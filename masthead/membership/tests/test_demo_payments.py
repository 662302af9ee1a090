"""The demo provider moves no money: it runs only where it is the provider in use, and a
production site that falls back to it for want of Stripe's keys says so loudly."""

import pytest
from django.core import checks

from masthead.membership.models import Checkout
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


def deploy_errors() -> list[str]:
    return [m.id for m in checks.run_checks(include_deployment_checks=True) if m.is_serious()]


def test_a_demo_checkout_begun_before_stripe_cannot_be_completed_after(client, tier, fake_stripe):
    from masthead.membership import checkouts

    checkout = checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email="early@readers.example",
        provider="demo",
        tier=tier,
        interval="year",
    )
    page = f"/pay/demo/{checkout.token}/"
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "pay"}).status_code == 404
    checkout.refresh_from_db()
    assert checkout.state == Checkout.State.OPEN


def test_the_demo_billing_page_adds_nothing_while_stripe_is_on(client, tier, settings):
    member = builders.member_join("demo@readers.example", tier)
    paid_through = member.current_period_end
    client.force_login(member.user)
    settings.PAYMENTS_PROVIDER = "stripe"
    response = client.post("/account/billing/demo/", {"action": "renew"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.current_period_end == paid_through
    assert member.payments.count() == 1


def test_production_without_a_provider_fails_the_deploy_check(settings):
    settings.DEBUG = False
    settings.PAYMENTS_PROVIDER, settings.PAYMENTS_PROVIDER_CHOSEN = "demo", False
    assert "masthead.E001" in deploy_errors()
    settings.PAYMENTS_PROVIDER_CHOSEN = True  # PAYMENTS_PROVIDER=demo, on purpose
    assert "masthead.E001" not in deploy_errors()


def test_staff_are_warned_in_the_admin_while_payments_are_not_set_up(client, cast, settings):
    settings.DEBUG = False
    settings.PAYMENTS_PROVIDER, settings.PAYMENTS_PROVIDER_CHOSEN = "demo", False
    client.force_login(cast["membership_manager"])
    home = client.get("/admin/").content.decode()
    assert "data-demo-payments-warning" in home and "Payments are not set up" in home
    settings.PAYMENTS_PROVIDER_CHOSEN = True
    assert "data-demo-payments-warning" not in client.get("/admin/").content.decode()
