"""Gift memberships: bought for an address, delivered on a date with a one-time code,
redeemed into a new or longer membership (gifts stack; a paying member's billing pauses)."""

import hashlib
import secrets
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from masthead.core.emails import email_normalize
from masthead.core.user_types import User
from masthead.membership import emails, payments
from masthead.membership.models import Gift, Member, Reason, Tier
from masthead.membership.status_machine import (
    MembershipError,
    member_for_user,
    member_locked,
    months_after,
    status_set,
)

# Crockford's base32: no I, L, O or U to misread. 16 characters carry 80 random bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def code_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def code_normalize(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum()).translate(_READ_AS)


def code_hash(code: str) -> str:
    return hashlib.sha256(code_normalize(code).encode()).hexdigest()


def gift_create(
    *,
    tier: Tier,
    months: int,
    purchaser_email: str,
    recipient_email: str,
    purchaser_name: str = "",
    recipient_name: str = "",
    message: str = "",
    deliver_on: date | None = None,
) -> Gift:
    today = timezone.localdate()
    deliver_on = deliver_on or today
    if deliver_on < today:
        raise MembershipError("The delivery date cannot be in the past.")
    if months not in dict(Gift.MONTHS):
        raise MembershipError("A gift lasts 1, 6 or 12 months.")
    return Gift.objects.create(
        tier=tier,
        months=months,
        purchaser_email=email_normalize(purchaser_email),
        purchaser_name=purchaser_name.strip(),
        recipient_email=email_normalize(recipient_email),
        recipient_name=recipient_name.strip(),
        message=message.strip(),
        deliver_on=deliver_on,
    )


def gift_paid(*, gift: Gift, at: datetime) -> None:
    """Called inside the checkout's transaction: deliver now or on the chosen date."""
    Gift.objects.filter(pk=gift.pk, state=Gift.State.UNPAID).update(state=Gift.State.PAID)
    emails.gift_receipt_send(gift=gift)
    if gift.deliver_on <= timezone.localdate(at):
        transaction.on_commit(lambda: gift_deliver(gift_id=gift.pk))


def gift_deliver(*, gift_id: int) -> bool:
    """Make the code and e-mail it. If the e-mail fails, nothing is stored and the
    scheduler tries again; the code only ever exists in a sent e-mail."""
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
        if gift is None or gift.state != Gift.State.PAID:
            return False
        if gift.deliver_on > timezone.localdate():
            return False
        code = code_new()
        gift.code_hash = code_hash(code)
        gift.state, gift.delivered_at = Gift.State.DELIVERED, timezone.now()
        gift.save(update_fields=["code_hash", "state", "delivered_at"])
        emails.gift_send(gift=gift, code=code)
    return True


def gifts_deliver_due() -> int:
    due = Gift.objects.filter(state=Gift.State.PAID, deliver_on__lte=timezone.localdate())
    return sum(gift_deliver(gift_id=pk) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def gift_redeem(*, user: User, code: str, at: datetime | None = None) -> Member:
    """Add the gift's months to the reader's membership, starting where it now ends."""
    at = at or timezone.now()
    gift = Gift.objects.select_for_update().filter(code_hash=code_hash(code)).first()
    if gift is None:
        raise MembershipError("That gift code is not valid. Check it against the e-mail.")
    if gift.state == Gift.State.REDEEMED:
        raise MembershipError("That gift code has already been used.")
    if gift.expires_at < at:
        raise MembershipError("That gift code has expired (codes last a year).")
    member = member_locked(member_for_user(user))
    if member.is_current and member.current_period_end and member.current_period_end > at:
        until = months_after(member.current_period_end, gift.months)
    else:
        until = months_after(at, gift.months)
    if member.is_current and member.subscription_ref and not member.cancel_at_period_end:
        # A paying member: the provider skips charges until the gifted months are used.
        payments.provider_for(member.provider).subscription_defer(member=member, until=until)
    was_current = member.is_current
    member.current_period_end = until
    if not was_current:
        member.tier, member.interval, member.subscription_ref = gift.tier, "", ""
        status_set(member, Member.Status.ACTIVE, at=at, reason=Reason.GIFT, source="gift")
    else:
        member.save()
    gift.state, gift.redeemed_by, gift.redeemed_at = Gift.State.REDEEMED, member, at
    gift.save(update_fields=["state", "redeemed_by", "redeemed_at"])
    return member
