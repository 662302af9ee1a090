"""In Chromium, as a membership manager would: from the members list, a click on a member
opens their record (status in words, times in Kyiv time, payments, history); Edit is there,
and saving comes back to it."""

from datetime import UTC, datetime

import pytest

from masthead.membership.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_click_on_a_member_opens_the_record_and_edit_is_there(chromium, live_server, cast):
    tier = builders.tier_make()
    member = builders.member_join(
        "olena@readers.example", tier, at=datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
    )

    async def scenario(browser):
        seen = {}
        page = await browser.new_page()
        await page.goto(f"{live_server.url}/admin/login/?next=/admin/member/")
        await page.get_by_label("Username").fill("maria")
        await page.get_by_label("Password").fill("pass-word-123")
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_role("link", name="olena@readers.example").click()
        await page.get_by_role("heading", name="Payments").wait_for()
        seen["record"] = page.url.removeprefix(live_server.url)
        seen["facts"] = await page.locator("main dl").inner_text()
        seen["payments"] = await page.locator("main table").first.inner_text()
        await page.get_by_role("link", name="Edit", exact=True).click()
        await page.get_by_label("Notes").fill("Prefers the yearly letter.")
        await page.get_by_role("button", name="Save").click()
        await page.get_by_role("heading", name="Payments").wait_for()
        seen["saved"] = page.url.removeprefix(live_server.url)
        seen["notes"] = await page.locator("main dl").inner_text()
        return seen

    seen = chromium(scenario)
    assert seen["record"] == f"/admin/member/inspect/{member.pk}/"
    assert "Status\nActive" in seen["facts"]
    assert "Member since\n2 March 2026, 00:30" in seen["facts"]  # 22:30 UTC, in Kyiv
    assert "2 Mar 2026 00:30" in seen["payments"] and "5.00 USD" in seen["payments"]
    assert seen["saved"] == seen["record"]
    assert "Notes\nPrefers the yearly letter." in seen["notes"]
