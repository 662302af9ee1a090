"""In Chromium, a signed-in member of the demo newsroom changes tier on their member page:
an upgrade paid now (prorated), then a downgrade left for the renewal and taken back."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from masthead.membership.models import Member
from masthead.membership.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def text(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def test_a_member_upgrades_then_schedules_and_takes_back_a_downgrade(
    chromium, live_server, newsroom
):
    builders.tier_make("friend", "3.00", "30.00", name="Friend", currency="EUR")
    supporter = builders.tier_make("supporter", "5.00", "50.00", name="Supporter", currency="EUR")
    builders.tier_make("patron", "10.00", "100.00", name="Patron", currency="EUR")
    member = builders.member_join("olena@readers.example", supporter)
    signed_in = Client()
    signed_in.force_login(member.user)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    async def scenario(browser):
        seen = {}
        context = await browser.new_context()
        await context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = await context.new_page()
        await page.goto(f"{live_server.url}/account/")
        await page.get_by_label("Patron").check()
        await page.get_by_role("button", name="See what changes").click()
        seen["upgrade"] = await page.locator("[data-change-promise]").inner_text()
        await page.get_by_role("button", name="Confirm and pay").click()
        await page.wait_for_url(f"{live_server.url}/account/")
        seen["upgraded"] = await page.locator("main").inner_text()

        await page.get_by_label("Friend").check()
        await page.get_by_role("button", name="See what changes").click()
        seen["downgrade"] = await page.locator("[data-change-promise]").inner_text()
        await page.get_by_role("button", name="Confirm the change").click()
        await page.wait_for_url(f"{live_server.url}/account/")
        seen["pending"] = await page.locator("[data-pending-change]").inner_text()
        await page.get_by_role("button", name="Take back this change").click()
        await page.wait_for_url(f"{live_server.url}/account/")
        seen["taken back"] = await page.locator("main").inner_text()
        return seen

    seen = chromium(scenario)
    renews = date_format(timezone.localtime(member.current_period_end), "j E Y")
    member = Member.objects.get(pk=member.pk)
    upgrade = re.fullmatch(
        r"You will pay (5|4\.\d\d) EUR now for the rest of this period \(prorated\), then 10 EUR a "
        rf"month from {renews}\.",
        text(seen["upgrade"]),
    )
    assert upgrade, seen["upgrade"]
    paid = upgrade[1]
    assert (
        f"You are now a Patron: {paid} EUR paid, then 10 EUR a month from {renews}."
        in (seen["upgraded"])
    )
    assert "Patron (monthly)" in seen["upgraded"]
    assert f"Next payment\n{renews}: 10.00 EUR" in seen["upgraded"]
    promise = f"From {renews} you will be a Friend at 3 EUR a month; until then nothing changes."
    assert text(seen["downgrade"]) == promise
    assert text(seen["pending"]).startswith(promise)
    assert "Taken back: your membership stays as it is." in seen["taken back"]
    assert "Take back this change" not in seen["taken back"]
    assert (member.tier.slug, member.pending_tier) == ("patron", None)
    assert [str(p.amount) for p in member.payments.order_by("paid_at")] == [
        "5.00",
        f"{Decimal(paid):.2f}",
    ]
