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
    assert message.envelope_to == ["Olena@readers.example"]
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


def test_staff_accounts_cannot_sign_in_by_link(client, cast, smtp_server):
    cast["admin"].email = "alice@courier.example"
    cast["admin"].save()
    response = client.post("/account/sign-in/", {"email": "alice@courier.example"})
    assert response.status_code == 200  # the same answer, so addresses are not revealed
    assert smtp_server == []
