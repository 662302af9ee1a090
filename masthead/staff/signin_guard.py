"""Locking out password guessing: after repeated failed sign-ins to an account, or from one
address, password sign-in refuses for a quarter of an hour (the admin and /django-admin/
alike; members sign in by e-mailed link and are limited in their own view)."""

from django import forms
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from masthead.core.ratelimit import attempts, attempts_forget, client_address, rate_limited
from masthead.staff import two_factor

WINDOW = 15 * 60
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
LOCKED_MESSAGE = _(
    "Too many failed sign-ins. For your account's safety, signing in is paused for "
    "15 minutes; try again then, or ask an administrator to reset your password."
)


def _account(username) -> str:
    return str(username or "").strip().lower()


def signin_locked(request, username) -> bool:
    return (
        attempts(scope="signin-account", key=_account(username), window=WINDOW)
        >= FAILURES_PER_ACCOUNT
        or attempts(scope="signin-address", key=client_address(request), window=WINDOW)
        >= FAILURES_PER_ADDRESS
    )


@receiver(user_login_failed, dispatch_uid="signin-guard-failed")
def _failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if request is None or not username:
        return
    rate_limited(scope="signin-account", key=_account(username), limit=0, window=WINDOW)
    rate_limited(scope="signin-address", key=client_address(request), limit=0, window=WINDOW)


@receiver(user_logged_in, dispatch_uid="signin-guard-succeeded")
def _succeeded(sender, request, user, **kwargs):
    # Only a right password lifts a password lock-out (not a link, not a forced login).
    if getattr(user, "backend", "") != f"{GuardedBackend.__module__}.{GuardedBackend.__name__}":
        return
    attempts_forget(scope="signin-account", key=_account(user.get_username()), window=WINDOW)


class GuardedBackend(ModelBackend):
    """Django's password backend, refusing while the account or address is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and signin_locked(request, username):
            raise PermissionDenied(LOCKED_MESSAGE)
        return super().authenticate(request, username=username, password=password, **kwargs)


class GuardedLoginForm(LoginForm):
    """Wagtail's sign-in form, saying plainly when signing in is paused, and asking for the
    authenticator code (or a recovery code) of people who have two-factor sign-in on."""

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=24,
        help_text=_(
            "Only if you turned on two-factor sign-in. Without your phone, enter one of your "
            "recovery codes."
        ),
        # Not inputmode=numeric: recovery codes have letters.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean(self):
        username = self.data.get("username")
        if username and signin_locked(self.request, username):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and two_factor.two_factor_on(user=user):
            device = two_factor.device_for_code(user=user, code=cleaned.get("otp_token") or "")
            if device is None:
                _failed(None, {"username": username}, request=self.request)
                raise forms.ValidationError(two_factor.code_error(), code="otp")
            user.otp_device = device  # django_otp marks the session verified at sign-in
        return cleaned
