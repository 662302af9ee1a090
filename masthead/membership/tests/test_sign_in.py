"""Password-free sign-in: a one-time link e-mailed through a real SMTP server."""

import re

import pytest

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/\S+)", text)[1]


def test_a_reader_signs_in_with_the_emailed_link(client, smtp_server):
    response = client.post("/account/sign-in/", {"email": "Olena@Readers.example"})
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    [message] = smtp_server
    assert message.envelope_to == ["olena@readers.example"]  # one way to write an address
    assert "sign-in link" in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None
    link = link_in(message)

    # Opening the link (as a mail scanner would) does not sign in or use it up.
    page = client.get(link)
    assert page.status_code == 200
    assert "_auth_user_id" not in client.session
    token = re.search(r'name="sesame" value="([^"]+)"', page.content.decode())[1]
    response = client.post("/account/sign-in/confirm/", {"sesame": token, "next": ""})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200

    client.logout()
    again = client.post("/account/sign-in/confirm/", {"sesame": token})
    assert again.status_code == 400  # one time only
    assert "_auth_user_id" not in client.session


def test_the_link_returns_to_a_local_next_page_only(client, smtp_server):
    client.post("/account/sign-in/", {"email": "a@readers.example", "next": "/gift/redeem/?code=X"})
    client.post(
        "/account/sign-in/", {"email": "b@readers.example", "next": "https://evil.example/"}
    )
    local, evil = (link_in(message) for message in smtp_server)
    assert "next=%2Fgift%2Fredeem%2F" in local
    assert "evil" not in evil


def test_sign_in_requests_are_rate_limited(client, smtp_server):
    statuses = [
        client.post("/account/sign-in/", {"email": "spam@readers.example"}).status_code
        for _ in range(7)
    ]
    assert statuses == [200] * 5 + [400] * 2
    assert len(smtp_server) == 5


def test_a_bad_address_gets_a_clear_error_and_no_mail(client, smtp_server):
    response = client.post("/account/sign-in/", {"email": "not an address"})
    assert response.status_code == 400
    assert b"valid email" in response.content
    assert smtp_server == []


def test_a_forged_token_does_not_sign_in(client):
    response = client.post("/account/sign-in/confirm/", {"sesame": "AAAAAAAAAAAAAAAAAAAAAAAA"})
    assert response.status_code == 400
    assert b"no longer works" in response.content


def test_the_member_page_needs_a_signed_in_reader(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=/account/")


def test_editors_and_other_admin_users_get_no_sign_in_link(client, cast, smtp_server):
    for role in ("admin", "editor", "contributor", "membership_manager"):
        cast[role].email = f"{role}@courier.example"
        cast[role].save()
        response = client.post("/account/sign-in/", {"email": f"{role}@courier.example"})
        assert response.status_code == 200  # the same page as for readers
    assert [m["To"] for m in smtp_server] == [
        "admin@courier.example",
        "editor@courier.example",
        "contributor@courier.example",
        "membership_manager@courier.example",
    ]
    for message in smtp_server:  # a note to use the password sign-in, never a link
        assert "Sign in with your password" in message["Subject"]
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "sesame" not in text and "http://testserver/admin/login/" in text


def test_a_link_made_for_an_editor_does_not_sign_in_even_while_locked_out(client, cast):
    from sesame.utils import get_token

    from masthead.membership.accounts import SCOPE
    from masthead.staff import signin_guard

    editor = cast["editor"]
    for _ in range(signin_guard.FAILURES_PER_ACCOUNT):
        client.post("/admin/login/", {"username": "erin", "password": "wrong"})
    token = get_token(editor, scope=SCOPE)
    response = client.post("/account/sign-in/confirm/", {"sesame": token})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # Still locked: the right password is refused until the pause is over.
    locked = client.post("/admin/login/", {"username": "erin", "password": "pass-word-123"})
    assert b"Too many failed sign-ins" in locked.content


def test_a_reader_made_an_editor_keeps_no_admin_access_from_the_link(client, cast, smtp_server):
    from django.contrib.auth.models import Group

    from masthead.staff import roles

    client.post("/account/sign-in/", {"email": "newhire@readers.example"})
    token = re.search(r"sesame=([^&\s]+)", link_in(smtp_server[0]))[1]
    assert client.post("/account/sign-in/confirm/", {"sesame": token}).status_code == 302
    assert client.get("/account/").status_code == 200
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.get(email="newhire@readers.example")
    reader.groups.add(Group.objects.get(name=roles.EDITORS))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
