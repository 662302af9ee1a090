"""The membership team opens a member from the list and gets the member's record: status in
words, times in the newsroom's time zone, payments and history, and Edit from there."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from masthead.membership import subscriptions
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db
# 22:30 in London is 00:30 the next day in Kyiv (TIME_ZONE), two hours ahead in March.
JOINED = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)


@pytest.fixture
def olena(tier):
    member = builders.member_join("olena@readers.example", tier, at=JOINED)
    subscriptions.invoice_failed(subscription_ref=member.subscription_ref, at=timezone.now())
    return member


def test_a_member_in_the_list_opens_their_record(client, cast, olena):
    client.force_login(cast["membership_manager"])
    listing = client.get("/admin/member/").content.decode()
    record_url = f"/admin/member/inspect/{olena.pk}/"
    assert re.search(rf'<a href="{record_url}">\s*olena@readers.example\s*</a>', listing)
    assert f'href="/admin/member/edit/{olena.pk}/"' in listing  # still in the row's menu

    record = client.get(record_url).content.decode()
    assert re.search(r"<dt>Status</dt>\s*<dd>\s*Payment overdue\s*</dd>", record)
    assert "past_due" not in record
    assert "Times are Europe/Kyiv time." in record
    assert re.search(r"<dt>Member since</dt>\s*<dd>\s*2 March 2026, 00:30\s*</dd>", record)
    assert "22:30" not in record
    assert "5.00 USD" in record and "2 Mar 2026 00:30" in record  # its payment
    assert "<td>Payment overdue</td><td>payment failed</td>" in record  # its history
    assert f'href="/admin/member/edit/{olena.pk}/"' in record


def test_saving_the_edit_form_returns_to_the_record(client, cast, olena):
    client.force_login(cast["membership_manager"])
    response = client.post(
        f"/admin/member/edit/{olena.pk}/", {"wall_name": "Olena H.", "notes": "Called in May."}
    )
    assert response["Location"] == f"/admin/member/inspect/{olena.pk}/"
    olena.refresh_from_db()
    assert olena.notes == "Called in May."
