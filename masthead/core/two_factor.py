"""Two-factor sign-in for staff, optional per person: a time-based code from an authenticator
app (TOTP, django-otp) asked for after the password. Once a person has turned it on, an admin
session that has not given a code (signed in some other way) is sent back to sign in."""

from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.core.admin_access import opens_admin

DEVICE_NAME = "Authenticator app"


def two_factor_on(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def setup_device(user) -> TOTPDevice:
    """The device being set up: made once, unconfirmed until a code from it is given."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def setup_confirm(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def two_factor_off(user, token: str) -> bool:
    """Turning it off takes a current code too: a stolen session alone cannot."""
    devices = list(devices_for_user(user, confirmed=True))
    if not any(device.verify_token(token.strip().replace(" ", "")) for device in devices):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    return True


# Readers' e-mailed links sign in through this backend; such a session never opens the admin.
LINK_BACKEND = "sesame.backends.ModelBackend"


class VerifiedAdminMiddleware:
    """After django_otp's OTPMiddleware: the admin opens only for a session that signed in
    with a password, and, for a person with two-factor sign-in on, gave a code. (A reader made
    an editor keeps no admin access from the link they signed in with.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path_info.startswith(("/admin/", "/django-admin/"))
            and not request.path_info.startswith(("/admin/login/", "/django-admin/login/"))
            and user.is_authenticated
            and (
                (request.session.get(BACKEND_SESSION_KEY) == LINK_BACKEND and opens_admin(user))
                or (two_factor_on(user) and not user.is_verified())
            )
        ):
            logout(request)
            return redirect(f"/admin/login/?next={request.path}")
        return self.get_response(request)


def code_error() -> str:
    return _("Enter the 6-digit code from your authenticator app.")
