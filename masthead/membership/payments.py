"""Which payment provider takes the money: Stripe when its keys are set, else the demo one.
What membership asks of one is `PaymentProvider`; a provider is a module (or an object)
with those functions, and mypy checks each against it (providers/__init__.py)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, cast

from django.conf import settings

if TYPE_CHECKING:
    from masthead.membership.models import Checkout, Member, Tier


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


class PaymentProvider(Protocol):
    """Checkouts, the member's billing page, their subscription, and a change of tier or
    interval (membership/tier_changes.py). A provider that cannot be reached raises
    ProviderUnavailable."""

    def checkout_url(self, checkout: "Checkout", *, success_url: str, cancel_url: str) -> str:
        """Where the reader pays (the provider's page, or the demo's)."""
        ...

    def portal_url(self, member: "Member", *, return_url: str) -> str: ...

    def subscription_cancel(self, *, member: "Member") -> None:
        """Stop renewing at the end of the paid period."""
        ...

    def subscription_resume(self, *, member: "Member") -> None: ...

    def subscription_defer(self, *, member: "Member", until: datetime) -> None:
        """No charge before `until` (a gift redeemed by a paying member)."""
        ...

    def subscription_end_now(self, *, member: "Member") -> None: ...

    def change_preview(
        self, *, member: "Member", tier: "Tier", interval: str, at: datetime
    ) -> Decimal:
        """What an upgrade would charge at once."""
        ...

    def change_now(
        self, *, member: "Member", tier: "Tier", interval: str, at: datetime
    ) -> ChangeCharged: ...

    def change_at_renewal(
        self, *, member: "Member", tier: "Tier", interval: str, at: datetime
    ) -> ChangeScheduled: ...

    def change_take_back(self, *, member: "Member") -> None:
        """Cancel a change waiting for the renewal."""
        ...


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


def provider_for(name: str | None = None) -> PaymentProvider:
    """The provider by name (a member's own, or the configured one)."""
    module = import_module(PROVIDERS.get(name or provider_name(), PROVIDERS[provider_name()]))
    return cast(PaymentProvider, module)  # each is checked against the protocol by mypy
