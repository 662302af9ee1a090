import pytest

from masthead.membership.tests import builders


@pytest.fixture
def tier(db):
    return builders.tier_make()


@pytest.fixture
def fake_stripe(settings):
    """Payments through Stripe's real client library, against a fake of its HTTP API."""
    api = builders.FakeStripe()
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_only"
    settings.STRIPE_WEBHOOK_SECRET = builders.WEBHOOK_SECRET
    settings.STRIPE_API_BASE = api.url
    yield api
    api.close()
