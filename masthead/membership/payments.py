"""Which payment provider takes the money: Stripe when its keys are set, else the demo one.

A provider module offers the same functions: checkout_url, portal_url, subscription_cancel,
subscription_resume, subscription_defer and subscription_end_now.
"""

from importlib import import_module

from django.conf import settings

PROVIDERS = {
    "demo": "masthead.membership.providers.demo",
    "stripe": "masthead.membership.providers.stripe",
}


def provider_name() -> str:
    return settings.PAYMENTS_PROVIDER


def demo_by_default() -> bool:
    """Production taking sign-ups through the demo provider, which moves no money, without the
    newsroom having chosen it (PAYMENTS_PROVIDER=demo): a real provider's keys are missing."""
    return (
        not settings.DEBUG
        and provider_name() == "demo"
        and not settings.PAYMENTS_PROVIDER_CHOSEN
    )


def provider_for(name: str | None = None):
    """The provider module by name (a member's own, or the configured one)."""
    return import_module(PROVIDERS.get(name or provider_name(), PROVIDERS[provider_name()]))
