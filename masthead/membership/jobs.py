"""Membership work that falls due with time, run by `masthead scheduler`."""

import logging

from django.conf import settings

from masthead.membership import gifts, status_machine
from masthead.membership.providers import demo

log = logging.getLogger(__name__)


def due_run() -> dict[str, int]:
    done = {
        "gifts delivered": gifts.gifts_deliver_due(),
        "demo renewals": demo.renewals_due() if settings.PAYMENTS_PROVIDER == "demo" else 0,
        "memberships ended": status_machine.memberships_expire_due(),
    }
    if any(done.values()):
        log.info("membership: %s", ", ".join(f"{k} {v}" for k, v in done.items() if v))
    return done
