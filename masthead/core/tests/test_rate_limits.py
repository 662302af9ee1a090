"""Every public form and every sign-in has a limit, and says so plainly when it is reached
(sign-in by link and newsletter signups are checked in their own apps' tests)."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from masthead.discovery.views import SEARCHES_PER_MINUTE
from masthead.membership.tests.builders import tier_make
from masthead.membership.views.join import CHECKOUTS_PER_HOUR
from masthead.staff.signin_guard import FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every attempt falls in one window: a slow run that crossed a minute's boundary would
    start counting again (the limits count per fixed window)."""
    from masthead.core import ratelimit

    at = 1_800_000_030.0  # half a minute into a minute, and into an hour
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: at))


def test_donations_and_gifts_stop_after_the_hours_limit(client):
    tier = tier_make()
    gift = {
        "tier": tier.pk,
        "months": 6,
        "recipient_email": "friend@readers.example",
        "deliver_on": timezone.localdate().isoformat(),
        "purchaser_email": "giver@readers.example",
    }
    donation = {"kind": "donation", "preset": "25", "email": "giver@readers.example"}
    statuses = [client.post("/join/", donation).status_code for _ in range(CHECKOUTS_PER_HOUR)]
    assert set(statuses) == {302}  # on to the payment page
    refused = client.post("/join/", donation)
    assert refused.status_code == 400 and b"Too many attempts" in refused.content
    refused = client.post("/gift/", gift)  # the same budget for one address
    assert refused.status_code == 400 and b"Too many attempts" in refused.content


def test_searches_past_the_limit_get_429_and_a_message(client):
    for number in range(SEARCHES_PER_MINUTE):
        assert client.get("/search/", {"q": f"tram {number}"}).status_code == 200
    response = client.get("/search/", {"q": "one more"})
    assert response.status_code == 429
    assert b"Too many searches" in response.content
    assert "public" not in response.get("Cache-Control", "")  # never stored


def admin_sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_the_admin_locks_an_account_after_repeated_failures(client, cast):
    for _ in range(FAILURES_PER_ACCOUNT):
        response = admin_sign_in(client, "erin", "a wrong guess")
        assert b"didn" in response.content  # "didn't match"
    # Now even the right password is refused, with a message that says why.
    response = admin_sign_in(client, "erin", "pass-word-123")
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session
    # Django's own admin sign-in is under the same lock.
    response = client.post(
        "/django-admin/login/", {"username": "erin", "password": "pass-word-123"}
    )
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected.
    assert admin_sign_in(client, "alice", "pass-word-123").status_code == 302


def test_one_address_guessing_many_accounts_is_locked_out(client, cast):
    for number in range(FAILURES_PER_ADDRESS):
        admin_sign_in(client, f"nobody-{number}", "guess")
    response = admin_sign_in(client, "alice", "pass-word-123")
    assert b"Too many failed sign-ins" in response.content


def test_a_successful_sign_in_clears_the_accounts_failures(client, cast):
    for _ in range(FAILURES_PER_ACCOUNT - 1):
        admin_sign_in(client, "erin", "a wrong guess")
    assert admin_sign_in(client, "erin", "pass-word-123").status_code == 302
    client.logout()
    for _ in range(FAILURES_PER_ACCOUNT - 1):
        admin_sign_in(client, "erin", "a wrong guess")
    assert admin_sign_in(client, "erin", "pass-word-123").status_code == 302
