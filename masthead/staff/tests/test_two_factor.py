"""Two-factor sign-in for staff: turned on from the admin with a code from an authenticator
app, then asked for at every sign-in; sessions that gave no code are sent back. Turning it on
shows one-time recovery codes, which sign in instead of the app's code when the phone is lost."""

import base64
import re
from dataclasses import dataclass

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from masthead.core.tests.builders import totp_code as code

pytestmark = pytest.mark.django_db

SETTINGS = "/admin/account/two-factor/"


@pytest.fixture(autouse=True)
def _tries_without_waiting(settings):
    """After a wrong recovery code django-otp waits 1, 2, 4… seconds before it takes the next
    one; these tests try again at once."""
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, otp_token=""):
    return client.post(
        "/admin/login/", {"username": "erin", "password": "pass-word-123", "otp_token": otp_token}
    )


def shown_codes(page) -> list[str]:
    return re.findall(r"data-recovery-code>([a-z0-9-]+)<", page.content.decode())


@dataclass
class TwoFactor:
    device: TOTPDevice
    recovery_codes: list[str]


@pytest.fixture
def editor_with_two_factor(client, cast):
    """Erin turns two-factor sign-in on from the admin page, as a person would."""
    assert sign_in(client).status_code == 302
    page = client.get(SETTINGS)
    assert b"<svg" in page.content  # the QR code
    secret = re.search(rb"data-secret>([A-Z2-7 ]+)<", page.content)[1].decode()
    device = TOTPDevice.objects.get(user=cast["editor"], confirmed=False)
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key  # typed by hand
    wrong = client.post(SETTINGS, {"otp_token": "000000"})
    assert b"Enter the 6-digit code" in wrong.content
    assert not StaticDevice.objects.exists()  # no recovery codes before it is on
    response = client.post(SETTINGS, {"otp_token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(SETTINGS)
    assert "no-store" in codes_page["Cache-Control"]
    recovery_codes = shown_codes(codes_page)
    assert client.get("/admin/").status_code == 200  # this session gave a code
    client.logout()
    return TwoFactor(device=device, recovery_codes=recovery_codes)


def test_without_two_factor_the_password_is_enough(client, cast):
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_two_factor_on_the_password_alone_is_refused(client, editor_with_two_factor):
    response = sign_in(client)
    assert response.status_code == 200 and b"Enter the 6-digit code" in response.content
    assert client.get("/admin/").status_code == 302
    assert b"Enter the 6-digit code" in sign_in(client, otp_token="123456").content
    assert sign_in(client, otp_token=code(editor_with_two_factor.device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_that_gave_no_code_is_sent_back_to_sign_in(client, cast, editor_with_two_factor):
    client.force_login(cast["editor"])  # a session from somewhere else: no code given
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_turning_it_off_takes_a_current_code(client, editor_with_two_factor):
    device = editor_with_two_factor.device
    sign_in(client, otp_token=code(device))
    refused = client.post(SETTINGS, {"otp_token": "999999"})
    assert b"Enter the 6-digit code" in refused.content
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.post(SETTINGS, {"otp_token": code(device)}).status_code == 302
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()  # the recovery codes went with it


def test_turning_it_on_shows_ten_recovery_codes_only_once(client, editor_with_two_factor):
    recovery_codes = editor_with_two_factor.recovery_codes
    assert len(recovery_codes) == len(set(recovery_codes)) == 10
    sign_in(client, otp_token=code(editor_with_two_factor.device))
    page = client.get(SETTINGS)
    assert shown_codes(page) == []
    assert b"10 recovery codes left." in page.content


def test_a_recovery_code_signs_in_instead_of_the_apps_code_once(client, editor_with_two_factor):
    first, second = editor_with_two_factor.recovery_codes[:2]
    assert sign_in(client, otp_token=first).status_code == 302
    assert client.get("/admin/").status_code == 200  # the session counts as having given a code
    assert b"9 recovery codes left." in client.get(SETTINGS).content
    client.logout()

    used_again = sign_in(client, otp_token=first)
    assert used_again.status_code == 200 and b"or a recovery code" in used_again.content
    # As people type them: capitals, spaces, no hyphen.
    typed = second.replace("-", " ").upper()
    assert sign_in(client, otp_token=typed).status_code == 302
    assert StaticToken.objects.count() == 8


def test_a_new_set_takes_a_current_code_and_voids_the_old_one(client, editor_with_two_factor):
    old = editor_with_two_factor.recovery_codes
    sign_in(client, otp_token=code(editor_with_two_factor.device))
    refused = client.post(SETTINGS, {"action": "renew", "otp_token": "111111"})
    assert b"Enter the 6-digit code" in refused.content
    assert StaticToken.objects.count() == 10

    response = client.post(SETTINGS, {"action": "renew", "otp_token": old[0]})
    assert response.status_code == 302
    new = shown_codes(client.get(SETTINGS))
    assert len(new) == 10 and not set(new) & set(old)
    assert client.get("/admin/").status_code == 200  # still signed in, code given
    client.logout()

    assert b"or a recovery code" in sign_in(client, otp_token=old[1]).content
    assert sign_in(client, otp_token=new[0]).status_code == 302


def test_with_a_lost_phone_a_recovery_code_turns_it_off(client, editor_with_two_factor):
    sign_in(client, otp_token=editor_with_two_factor.recovery_codes[0])
    response = client.post(SETTINGS, {"otp_token": editor_with_two_factor.recovery_codes[1]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
