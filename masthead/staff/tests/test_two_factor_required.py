"""TWO_FACTOR_REQUIRED_FOR: people in the roles it names who have not set up two-factor sign-in
can open only its setup page (and sign out) until they have; a bad value stops start-up."""

import pytest

from masthead.conftest import settings_in_fresh_process
from masthead.core.tests.builders import totp_code
from masthead.staff import roles
from masthead.staff.two_factor import setup_device

pytestmark = pytest.mark.django_db

SETUP = "/admin/account/two-factor/"


@pytest.fixture
def editors_required(settings):
    settings.TWO_FACTOR_REQUIRED_FOR = [roles.EDITORS]


def sign_in(client, username, otp_token=""):
    return client.post(
        "/admin/login/",
        {"username": username, "password": "pass-word-123", "otp_token": otp_token},
    )


def test_an_editor_without_it_reaches_only_the_setup_page(client, cast, editors_required):
    response = sign_in(client, "erin")
    assert response.status_code == 302  # the password was right
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{SETUP}?next="), path
    page = client.get(f"{SETUP}?next=/admin/pages/")
    assert page.status_code == 200
    assert b"This newsroom requires it of Editors" in page.content
    assert b"the admin opens only this page" in page.content
    for loaded_by_the_page in ("/admin/sprite/", "/admin/jsi18n/"):  # icons, translations
        assert client.get(loaded_by_the_page).status_code == 200, loaded_by_the_page
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_signed_in_another_way_is_confined_too(client, cast, editors_required):
    client.force_login(cast["editor"])
    assert client.get("/admin/pages/")["Location"] == f"{SETUP}?next=/admin/pages/"


def test_once_set_up_the_editor_goes_on_where_they_were_going(client, cast, editors_required):
    sign_in(client, "erin")
    device = setup_device(user=cast["editor"])
    response = client.post(f"{SETUP}?next=/admin/pages/", {"otp_token": totp_code(device)})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    assert b"Your recovery codes" in codes_page.content
    assert b'href="/admin/pages/"' in codes_page.content  # "continue"
    assert client.get("/admin/pages/").status_code == 200
    client.logout()
    sign_in(client, "erin", otp_token=totp_code(device))  # and from then on, with a code
    assert client.get("/admin/pages/").status_code == 200


def test_only_the_roles_it_names_are_confined(client, cast, editors_required):
    client.force_login(cast["editor"])
    assert client.get("/admin/")["Location"].startswith(SETUP)
    for person in ("contributor", "membership_manager", "admin"):
        client.force_login(cast[person])
        assert client.get("/admin/").status_code == 200, person


def test_administrators_means_superusers(client, cast, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = ["administrators"]
    client.force_login(cast["admin"])
    assert client.get("/admin/users/")["Location"].startswith(SETUP)
    assert b"requires it of Administrators" in client.get(SETUP).content
    client.force_login(cast["editor"])
    assert client.get("/admin/").status_code == 200


def test_by_default_production_requires_it_of_administrators_and_editors():
    env = {"SECRET_KEY": "x", "MASTHEAD_DATA_DIR": "var/test"}
    drop = ("TWO_FACTOR_REQUIRED_FOR", "DEBUG")
    production = settings_in_fresh_process("s.TWO_FACTOR_REQUIRED_FOR", drop=drop, **env)
    assert production.stdout.strip() == "['administrators', 'Editors']", production.stderr
    development = settings_in_fresh_process(
        "s.TWO_FACTOR_REQUIRED_FOR", drop=drop, DEBUG="true", **env
    )
    assert development.stdout.strip() == "[]", development.stderr


def test_role_names_are_taken_in_any_case_and_none_means_nobody():
    chosen = settings_in_fresh_process(
        "s.TWO_FACTOR_REQUIRED_FOR",
        TWO_FACTOR_REQUIRED_FOR="editors, Membership Managers,ADMINISTRATORS",
    )
    assert chosen.stdout.strip() == "['Editors', 'Membership managers', 'administrators']"
    nobody = settings_in_fresh_process("s.TWO_FACTOR_REQUIRED_FOR", TWO_FACTOR_REQUIRED_FOR="None")
    assert nobody.stdout.strip() == "[]"


@pytest.mark.parametrize("value", ["Editor", "Editors,Reporters", "none,Editors", ","])
def test_a_name_that_is_not_a_role_stops_start_up(value):
    result = settings_in_fresh_process("1", TWO_FACTOR_REQUIRED_FOR=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured: TWO_FACTOR_REQUIRED_FOR must be none or" in result.stderr
