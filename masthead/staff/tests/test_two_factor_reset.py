"""An administrator resets the two-factor sign-in of a person who lost their phone and their
recovery codes, from Wagtail's user edit page, after a confirmation; it is in the audit log."""

import logging

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from masthead.core.tests.builders import totp_code, two_factor_turn_on
from masthead.staff import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin_has_two_factor(cast):
    return two_factor_turn_on(cast["editor"])


def reset_url(person) -> str:
    return f"/admin/two-factor/reset/{person.pk}/"


def signed_in_admin(client, cast):
    device, _ = two_factor_turn_on(cast["admin"])
    client.post(
        "/admin/login/",
        {"username": "alice", "password": "pass-word-123", "otp_token": totp_code(device)},
    )
    return client


def test_the_user_edit_page_offers_the_reset_to_an_administrator(client, cast):
    signed_in_admin(client, cast)
    page = client.get(f"/admin/users/edit/{cast['editor'].pk}/")
    assert page.status_code == 200
    assert reset_url(cast["editor"]).encode() in page.content
    own = client.get(f"/admin/users/edit/{cast['admin'].pk}/")
    assert reset_url(cast["admin"]).encode() not in own.content  # their own: turn it off


def test_an_administrator_resets_it_after_confirming(client, cast, erin_has_two_factor, caplog):
    signed_in_admin(client, cast)
    erin = cast["editor"]
    confirm = client.get(reset_url(erin))
    assert confirm.status_code == 200
    assert b"has two-factor sign-in on, with 10 recovery codes left" in confirm.content
    assert TOTPDevice.objects.filter(user=erin).exists()  # a GET changes nothing

    with caplog.at_level(logging.INFO, logger="masthead.staff.two_factor"):
        response = client.post(reset_url(erin))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/users/edit/{erin.pk}/"
    assert not TOTPDevice.objects.filter(user=erin).exists()
    assert not StaticDevice.objects.filter(user=erin).exists()
    assert TOTPDevice.objects.filter(user=cast["admin"]).exists()  # only hers

    entry = ModelLogEntry.objects.get(action="masthead.two_factor.reset")
    assert (entry.object_id, entry.user_id) == (str(erin.pk), cast["admin"].pk)
    assert entry.data == {"devices": 2}
    assert entry.message == "Two-factor sign-in reset"
    assert [r.getMessage() for r in caplog.records] == [
        f"two-factor sign-in of user {erin.pk} (erin) reset by {cast['admin'].pk} (alice): "
        "2 devices deleted"
    ]
    history = client.get(f"/admin/users/history/{erin.pk}/")
    assert b"Two-factor sign-in reset" in history.content


def test_the_person_then_signs_in_with_the_password_and_sets_it_up_again(
    client, cast, erin_has_two_factor, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR = [roles.EDITORS]
    signed_in_admin(client, cast)
    client.post(reset_url(cast["editor"]))
    client.logout()

    client.post("/admin/login/", {"username": "erin", "password": "pass-word-123"})
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/account/two-factor/")
    assert b"data-secret" in client.get(response["Location"]).content  # a new key to scan


@pytest.mark.parametrize("role", ["editor", "contributor", "membership_manager"])
def test_no_one_else_can_reset_it(client, cast, role):
    person = cast["admin"]  # not even to take over an administrator's account
    two_factor_turn_on(person)
    client.force_login(cast[role])
    assert client.get(reset_url(person)).status_code == 403
    assert client.post(reset_url(person)).status_code == 403
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not ModelLogEntry.objects.filter(action="masthead.two_factor.reset").exists()


def test_an_administrator_cannot_reset_their_own_without_a_code(client, cast):
    signed_in_admin(client, cast)
    assert client.post(reset_url(cast["admin"])).status_code == 403
    assert TOTPDevice.objects.filter(user=cast["admin"]).exists()
