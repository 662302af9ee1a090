"""The payment providers: each module offers what `payments.PaymentProvider` asks, which mypy
checks here (a third provider is one more module, or class, and one more line)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from masthead.membership.payments import PaymentProvider
    from masthead.membership.providers import demo, stripe

    _demo: PaymentProvider = demo
    _stripe: PaymentProvider = stripe
