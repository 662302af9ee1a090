"""Two-factor sign-in for staff: a time-based code from an authenticator app (TOTP, django-otp)
asked for after the password, and one-time recovery codes (otp_static) for a lost phone.

It is each person's choice unless TWO_FACTOR_REQUIRED_FOR names one of their roles: then, until
they have set it up, the admin opens only its setup page. Once a person has it on, an admin
session that gave no code (signed in some other way) is sent back to sign in. An administrator
can reset another person's, who then signs in with the password alone (and sets it up again
where their role requires it)."""

import logging
import re
import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import device_classes
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import log_actions

from masthead.staff.admin_access import opens_admin
from masthead.staff.role_names import ADMINISTRATORS

log = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODES = 10
# Ten characters without look-alikes (no 0/o, 1/l/i): about 49 bits each.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
RESET_ACTION = "masthead.two_factor.reset"


def _code_clean(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def two_factor_on(*, user) -> bool:
    """Whether this person has set up an authenticator app (their recovery codes come with it)."""
    return bool(
        user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def two_factor_required_by(*, user) -> list[str]:
    """The roles of this person's that TWO_FACTOR_REQUIRED_FOR names (empty: their choice)."""
    required = settings.TWO_FACTOR_REQUIRED_FOR
    if not (required and user.is_authenticated and user.is_active):
        return []
    roles = [ADMINISTRATORS] if user.is_superuser and ADMINISTRATORS in required else []
    if groups := [name for name in required if name != ADMINISTRATORS]:
        names = set(user.groups.filter(name__in=groups).values_list("name", flat=True))
        roles += [name for name in groups if name in names]
    return roles


def device_for_code(*, user, code: str) -> Device | None:
    """The device that accepts this code, which is then used up: the app's 6-digit code, or a
    recovery code (each works once). Each kind is tried on its own devices only, so that a right
    code of one kind does not count as a wrong guess (and a slow-down) on the other."""
    code = _code_clean(code)
    if not code or not user.is_authenticated:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def setup_device(*, user) -> TOTPDevice:
    """The device being set up: made once, unconfirmed until a code from it is given."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def setup_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-factor sign-in on with a code from the app being set up. Returns the recovery
    codes, to be shown this once; None if the code is wrong."""
    if not device.verify_token(_code_clean(code)):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return _recovery_codes_make(user=device.user)


def recovery_codes_renew(*, user, code: str) -> list[str] | None:
    """A new set of recovery codes for a current code (the app's, or a recovery code); the
    codes of before stop working. None if the code is wrong."""
    if not two_factor_on(user=user) or device_for_code(user=user, code=code) is None:
        return None
    return _recovery_codes_make(user=user)


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_code_display(code: str) -> str:
    """In two halves, easier to read out and type: "abcde-fghjk"."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _recovery_code() -> str:
    while True:
        code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        if not code.isdigit():  # all-digit codes would be taken for the app's
            return code


@transaction.atomic
def _recovery_codes_make(*, user) -> list[str]:
    # The same device keeps its id: a session that signed in with a recovery code stays verified.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [recovery_code_display(code) for code in codes]


def _devices_delete(*, user) -> int:
    """Every two-factor device of this person's (app, recovery codes, any other plugin's)."""
    deleted = 0
    for model in device_classes():
        deleted += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return deleted


def two_factor_off(*, user, code: str) -> bool:
    """Turning it off takes a current code too (the app's, or a recovery code when the phone is
    lost): a stolen session alone cannot."""
    if not two_factor_on(user=user) or device_for_code(user=user, code=code) is None:
        return False
    _devices_delete(user=user)
    return True


def reset_allowed(*, by, person) -> bool:
    """Only an administrator resets two-factor sign-in, and only another person's (their own
    they turn off with a code, like everyone)."""
    return bool(by.is_authenticated and by.is_active and by.is_superuser and by.pk != person.pk)


def two_factor_reset(*, person, by) -> int:
    """For a person who lost both their phone and their recovery codes: their devices are
    deleted, so they next sign in with the password alone. Logged in Wagtail's audit log and to
    the Python log. Returns how many devices went."""
    if not reset_allowed(by=by, person=person):
        raise PermissionDenied
    with transaction.atomic():
        deleted = _devices_delete(user=person)
        log_actions.log(instance=person, action=RESET_ACTION, user=by, data={"devices": deleted})
    log.warning(
        "two-factor sign-in of user %s (%s) reset by %s (%s): %s devices deleted",
        person.pk,
        person.get_username(),
        by.pk,
        by.get_username(),
        deleted,
    )
    return deleted


# Readers' e-mailed links sign in through this backend; such a session never opens the admin.
LINK_BACKEND = "sesame.backends.ModelBackend"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
SIGN_IN_PREFIXES = ("/admin/login/", "/django-admin/login/")


def _setup_paths() -> set[str]:
    """What a person who must set up two-factor sign-in can open in the admin meanwhile: the
    setup page, signing out, and what the admin's pages load (icons, translations)."""
    return {
        reverse("two_factor"),
        reverse("wagtailadmin_logout"),
        reverse("admin:logout"),
        reverse("wagtailadmin_sprite"),
        reverse("wagtailadmin_javascript_catalog"),
    }


class VerifiedAdminMiddleware:
    """After django_otp's OTPMiddleware: the admin opens only for a session that signed in
    with a password, and, for a person with two-factor sign-in on, gave a code. (A reader made
    an editor keeps no admin access from the link they signed in with.) A person whose role
    requires two-factor sign-in and who has not set it up yet is taken to its setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        path = request.path_info
        if (
            not path.startswith(ADMIN_PREFIXES)
            or path.startswith(SIGN_IN_PREFIXES)
            or not user.is_authenticated
        ):
            return self.get_response(request)
        if (request.session.get(BACKEND_SESSION_KEY) == LINK_BACKEND and opens_admin(user)) or (
            not user.is_verified() and two_factor_on(user=user)
        ):
            logout(request)
            return redirect(f"/admin/login/?next={quote(request.path)}")
        if (
            not user.is_verified()
            and path not in _setup_paths()
            and two_factor_required_by(user=user)
        ):
            return redirect(f"{reverse('two_factor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def code_error() -> str:
    return _("Enter the 6-digit code from your authenticator app, or a recovery code.")
