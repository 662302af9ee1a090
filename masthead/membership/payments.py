"""Which payment provider takes the money: Stripe when its keys are set, else the demo one.

A provider module offers the same functions: checkout_url, portal_url, subscription_cancel,
subscription_resume, subscription_defer and subscription_end_now; and for a change of tier
or interval (membership/tier_changes.py), change_preview, change_now (answering
ChangeCharged), change_at_renewal (answering ChangeScheduled) and change_take_back.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import import_module

from django.conf import settings


class ProviderUnavailable(Exception):
    """The provider could not be reached or did not answer (its API is down, slow or
    overloaded): nothing was charged, and trying again later may work."""


@dataclass(frozen=True)
class ChangeCharged:
    """An upgrade at the provider: what it charged now (prorated), for which payment, and the
    paid period's end since. With `confirm_url` the payment waits for the member (their bank
    asks them to confirm it, or declined it) on that page, and nothing changed yet."""

    amount: Decimal
    payment_ref: str = ""
    period_end: datetime | None = None
    confirm_url: str = ""


@dataclass(frozen=True)
class ChangeScheduled:
    """A change the provider makes at the renewal on `applies_at`, held by its schedule."""

    applies_at: datetime
    schedule_ref: str = ""


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
        not settings.DEBUG and provider_name() == "demo" and not settings.PAYMENTS_PROVIDER_CHOSEN
    )


def provider_for(name: str | None = None):
    """The provider module by name (a member's own, or the configured one)."""
    return import_module(PROVIDERS.get(name or provider_name(), PROVIDERS[provider_name()]))
