"""Small builders for the core tests: two-factor sign-in turned on, and its codes."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.staff import two_factor


def totp_code(device: TOTPDevice) -> str:
    """The app's current code. django-otp accepts each code once and slows down guessing
    after a wrong one: the device is first put as it would be in the next 30-second step."""
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def two_factor_turn_on(user) -> tuple[TOTPDevice, list[str]]:
    """Two-factor sign-in on for `user` as the setup page does it: the device and the
    recovery codes shown."""
    device = two_factor.setup_device(user=user)
    codes = two_factor.setup_confirm(device=device, code=totp_code(device))
    assert codes is not None
    return device, codes
