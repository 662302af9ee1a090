"""Reader accounts: password-free sign-in by e-mailed link (django-sesame tokens), the
member's data export, and deleting an account."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from sesame.utils import get_token, get_user

from masthead.membership import emails, payments, queries, status_machine
from masthead.membership.account_parts import account_parts
from masthead.membership.models import Checkout, Payment, Reason
from masthead.staff.admin_access import opens_admin

SCOPE = "sign-in"


def sign_in_link_send(*, email: str, next_url: str = "") -> None:
    """E-mail a one-time sign-in link; the account is made on first sign-in request."""
    user = status_machine.user_for_email(email)
    if not user.is_active:
        return
    if opens_admin(user):
        # Staff sign in to the admin with their password; a mailbox must not bypass it. The
        # page says the same to everyone, so addresses are not revealed; the mail says why.
        emails.sign_in_staff_send(email=user.email)
        return
    query = {"sesame": get_token(user, scope=SCOPE)}
    if next_url:
        query["next"] = next_url
    link = f"{reverse('membership:sign_in_confirm')}?{urlencode(query)}"
    emails.sign_in_send(email=user.email, link=link)


def sign_in_user(*, token: str):
    """The account a sign-in token belongs to, or None (expired, used, forged, or staff)."""
    user = get_user(token, scope=SCOPE)
    return None if user is None or opens_admin(user) else user


# How long after paying the thank-you page may sign the new member in (they may come back to
# it from the provider's receipt a little later).
CHECKOUT_SIGN_IN_WINDOW = timedelta(hours=1)


def checkout_sign_in_user(*, checkout: Checkout, at: datetime | None = None):
    """The new member a just-paid subscription checkout may sign in, as Ghost does, or None:
    not paid yet, not a membership, too long ago, or an account that opens the admin (staff
    sign in with their password). The view checks it is the browser that began it."""
    at = at or timezone.now()
    if checkout.kind != Checkout.Kind.SUBSCRIPTION or checkout.state != Checkout.State.COMPLETED:
        return None
    if checkout.completed_at is None or at - checkout.completed_at > CHECKOUT_SIGN_IN_WINDOW:
        return None
    user = status_machine.user_for_email(checkout.email)
    return None if not user.is_active or opens_admin(user) else user


def member_data(*, user) -> dict:
    """Everything we hold about a reader, for "download my data"."""
    member = getattr(user, "member", None)
    data: dict[str, object] = {
        "account": {
            "email": user.email,
            "created": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "membership": None,
        "payments": [],
        "gifts_given": [
            {
                "to": gift.recipient_email,
                "tier": gift.tier.name,
                "months": gift.months,
                "state": gift.state,
                "created": gift.created_at.isoformat(),
            }
            for gift in queries.gifts_given(user).select_related("tier")
        ],
    }
    for part in account_parts():  # what the apps above keep (newsletters)
        data[part.name] = part.export(user.email)
    if member:
        data["membership"] = {
            "status": member.status,
            "tier": member.tier.name if member.tier else None,
            "interval": member.interval,
            "source": member.source,
            "joined": member.joined_at.isoformat() if member.joined_at else None,
            "paid_through": member.current_period_end.isoformat()
            if member.current_period_end
            else None,
            "wall_of_supporters": {"listed": member.wall_consent, "name": member.wall_name},
            "history": [
                {"status": change.status, "at": change.at.isoformat(), "reason": change.reason}
                for change in member.changes.all()
            ],
            "tier_changes": [
                {
                    "from": change.from_tier.name if change.from_tier else None,
                    "from_interval": change.from_interval,
                    "to": change.to_tier.name if change.to_tier else None,
                    "to_interval": change.to_interval,
                    "how": change.how,
                    "at": change.at.isoformat(),
                }
                for change in member.tier_changes.select_related("from_tier", "to_tier")
            ],
            "gifts_redeemed": [
                {"tier": gift.tier.name, "months": gift.months, "at": gift.redeemed_at.isoformat()}
                for gift in member.gifts_redeemed.select_related("tier")
            ],
        }
        data["payments"] = [
            {
                "amount": str(payment.amount),
                "currency": payment.currency,
                "kind": payment.kind,
                "paid": payment.paid_at.isoformat(),
            }
            for payment in member.payments.all()
        ]
    return data


def account_delete(*, user) -> None:
    """End the membership at the provider, keep payment records for the accounts (without
    the e-mail: the law asks us to keep them, not to know whose they were), delete the rest."""
    member = getattr(user, "member", None)
    if member and member.subscription_ref and member.is_current:
        payments.provider_for(member.provider).subscription_end_now(member=member)
    if member:
        status_machine.member_end(member=member, at=timezone.now(), reason=Reason.ACCOUNT_DELETED)
    with transaction.atomic():
        Payment.objects.filter(member=member).update(member=None, email="")
        if user.email:
            Payment.objects.filter(email__iexact=user.email).update(email="")
        queries.gifts_given(user).update(purchaser_email="", purchaser_name="", message="")
        for part in account_parts():
            part.forget(user.email)
        user.delete()
