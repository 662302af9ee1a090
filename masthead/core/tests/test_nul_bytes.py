"""A NUL character in an address, a query, a form field or a cookie: PostgreSQL cannot store
or compare one, so the request is refused with 400 before any view reads it, on every
database alike."""

import pytest

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.mark.parametrize(
    "url",
    [
        "/pay/demo/%00/",
        "/join/thanks/?checkout=%00",
        "/newsletters/confirm/%00/",
        "/newsletters/unsubscribe/abc%00def/",
        "/news/%00/",
        "/search/?q=river%00",
        "/join/?%00=1",
    ],
)
def test_a_nul_in_the_address_or_query_is_a_bad_request(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/pay/demo/abc/", {"action": "pay\x00"}),
        ("/gift/redeem/", {"code": "ABCD-\x00"}),
        ("/newsletters/", {"email": "ada@example.org", "newsletters": "1\x00"}),
    ],
)
def test_a_nul_in_a_form_field_is_a_bad_request(client, newsroom, url, data):
    response = client.post(url, data)
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_a_nul_in_an_admin_form_is_a_bad_request_and_changes_nothing(client, cast):
    from masthead.membership.models import Tier

    client.force_login(cast["admin"])
    fields = {"name": "Supporter\x00", "slug": "supporter", "currency": "USD"}
    prices = {"monthly_price": "5", "yearly_price": "50", "sort_order": "0"}
    response = client.post("/admin/tier/new/", {**fields, **prices})
    assert response.status_code == 400
    assert not Tier.objects.exists()


def test_a_nul_in_a_cookie_is_a_bad_request(client, newsroom):
    client.cookies["sessionid"] = "\x00" * 8  # sent octal-escaped, read back as NUL
    response = client.get("/join/")
    assert response.status_code == 400


def test_a_json_body_is_left_to_its_view(client, settings):
    # Webhooks read their own bodies (and verify a signature over them first).
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_only"
    response = client.post(
        "/membership/webhooks/stripe/", b'{"id": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert b"NUL character" not in response.content
