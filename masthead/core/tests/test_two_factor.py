"""Optional two-factor sign-in for staff: turned on from the admin with a code from an
authenticator app, then asked for at every sign-in; sessions that gave no code are sent back."""

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice) -> str:
    """The app's current code. django-otp accepts each code once and slows down guessing
    after a wrong one: the device is first put as it would be in the next 30-second step."""
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, otp_token=""):
    return client.post(
        "/admin/login/", {"username": "erin", "password": "pass-word-123", "otp_token": otp_token}
    )


@pytest.fixture
def editor_with_two_factor(client, cast):
    """Erin turns two-factor sign-in on from the admin page, as a person would."""
    assert sign_in(client).status_code == 302
    page = client.get("/admin/account/two-factor/")
    assert b"<svg" in page.content  # the QR code
    secret = re.search(rb"data-secret>([A-Z2-7 ]+)<", page.content)[1].decode()
    device = TOTPDevice.objects.get(user=cast["editor"], confirmed=False)
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key  # typed by hand
    wrong = client.post("/admin/account/two-factor/", {"otp_token": "000000"})
    assert b"Enter the 6-digit code" in wrong.content
    response = client.post("/admin/account/two-factor/", {"otp_token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # this session gave a code
    client.logout()
    return device


def test_without_two_factor_the_password_is_enough(client, cast):
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_two_factor_on_the_password_alone_is_refused(client, editor_with_two_factor):
    response = sign_in(client)
    assert response.status_code == 200 and b"Enter the 6-digit code" in response.content
    assert client.get("/admin/").status_code == 302
    assert b"Enter the 6-digit code" in sign_in(client, otp_token="123456").content
    assert sign_in(client, otp_token=code(editor_with_two_factor)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_that_gave_no_code_is_sent_back_to_sign_in(client, cast, editor_with_two_factor):
    client.force_login(cast["editor"])  # a session from somewhere else: no code given
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_turning_it_off_takes_a_current_code(client, editor_with_two_factor):
    device = editor_with_two_factor
    sign_in(client, otp_token=code(device))
    refused = client.post("/admin/account/two-factor/", {"otp_token": "999999"})
    assert b"Enter the 6-digit code" in refused.content
    assert TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.post("/admin/account/two-factor/", {"otp_token": code(device)}).status_code == 302
    assert not TOTPDevice.objects.exists()
