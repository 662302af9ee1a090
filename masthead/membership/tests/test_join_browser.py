"""A reader becomes a member through the demo provider in Chromium, and a page left open
elsewhere shows the drive's count go up without a reload."""

import re

import pytest

from masthead.membership.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def drive(newsroom, settings):
    settings.CAMPAIGN_POLL_SECONDS = 1
    settings.CAMPAIGN_CACHE_SECONDS = 0
    tier = builders.tier_make(name="Supporter")
    builders.campaign_make(goal=25_000)
    for n in range(12):
        builders.member_join(f"early{n}@readers.example", tier)
    return tier


def test_joining_raises_the_banner_count_on_an_open_page(chromium, live_server, drive):
    async def scenario(browser):
        watcher = await browser.new_page()
        await watcher.goto(f"{live_server.url}/")
        before = await watcher.locator("[data-campaign-count]").inner_text()
        await watcher.evaluate("window.stillTheSamePage = true")

        reader = await browser.new_page()
        await reader.goto(f"{live_server.url}/")
        await reader.locator(".campaign").get_by_role("link", name="Become a member").click()
        await reader.get_by_label("Supporter").check()
        await reader.get_by_label("yearly").check()
        await reader.get_by_label("E-mail address").first.fill("new.member@readers.example")
        await reader.get_by_role("button", name="Continue to payment").click()
        notice = await reader.locator(".notice").inner_text()
        await reader.get_by_role("button", name="Confirm demo payment").click()
        thanks = await reader.locator("main").inner_text()
        # Signed in by paying: the member is thanked, never asked to join again.
        await reader.goto(f"{live_server.url}/")
        header = await reader.locator(".site-header").inner_text()
        member_banner = await reader.locator(".campaign").inner_text()
        await reader.goto(f"{live_server.url}/account/")
        account = await reader.locator("main").inner_text()

        # A locator wait: the page's CSP allows no eval (wait_for_function would need it).
        await watcher.locator("[data-campaign-count]", has_text="13").wait_for(timeout=10_000)
        after = await watcher.locator(".campaign__text").inner_text()
        width = await watcher.locator(".campaign__bar").evaluate("e => [e.value, e.max]")
        same_page = await watcher.evaluate("window.stillTheSamePage === true")
        return before, notice, thanks, after, width, same_page, header, member_banner, account

    before, notice, thanks, after, width, same_page, header, member_banner, account = chromium(
        scenario
    )
    assert before == "12"
    assert "no money moves" in notice
    assert "Welcome: your membership (Supporter) has begun." in thanks
    assert "You are signed in as new.member@readers.example" in thanks
    assert "Join" not in header and "Account" in header
    assert "thank you" in member_banner and "Become a member" not in member_banner
    assert "A member, renewing on" in account
    assert re.sub(r"\s+", " ", after).startswith("13 out of 25,000 — help us reach")
    assert width == [13, 25_000]
    assert same_page  # updated in place, never reloaded


def test_a_paying_member_joining_again_is_sent_to_change_their_tier(chromium, live_server, drive):
    """Joining a second time with the same address would replace the paid membership (and
    a provider would charge for both): the form says so and leads to the account instead."""
    from masthead.membership.models import Checkout, Member

    async def join(page, email: str) -> None:
        await page.goto(f"{live_server.url}/join/")
        await page.get_by_label("Supporter").check()
        await page.get_by_label("monthly").check()
        await page.get_by_label("E-mail address").first.fill(email)
        await page.get_by_role("button", name="Continue to payment").click()

    async def scenario(browser):
        first = await browser.new_context()
        page = await first.new_page()
        await join(page, "twice@readers.example")
        await page.get_by_role("button", name="Confirm demo payment").click()
        await page.goto(f"{live_server.url}/join/")
        signed_in = await page.locator("main").inner_text()
        offered = await page.get_by_role("button", name="Continue to payment").count()

        later = await (await browser.new_context()).new_page()  # signed out, same person
        await join(later, "Twice@Readers.example")
        refused = await later.locator("main").inner_text()
        await later.get_by_role("link", name="Sign in to your account").click()
        return signed_in, offered, refused, later.url

    signed_in, offered, refused, sign_in_url = chromium(scenario)
    assert "You are a member already" in signed_in
    assert offered == 0  # no second membership offered; giving once still is
    assert "already has a paid membership" in refused
    assert "/account/sign-in/" in sign_in_url
    member = Member.objects.get(user__email="twice@readers.example")
    assert member.interval == "month" and member.is_current
    assert Checkout.objects.filter(email="twice@readers.example").count() == 1
