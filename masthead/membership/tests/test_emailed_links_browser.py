"""The e-mailed links of membership, followed in Chromium the way a reader does: open the
e-mail, click the link, press the button. (A test that posts the form with headers set by
hand passed while every browser got a 403 from the CSRF check.)"""

import re

import pytest

from masthead.membership.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def link_in(message, live_server) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"{re.escape(live_server.url)}/\S+", text)[0]


@pytest.fixture
def site(newsroom, settings, live_server, smtp_server):
    """A newsroom whose e-mails link to the live server, sent through a real SMTP server."""
    settings.BASE_URL = live_server.url
    return builders.tier_make(name="Supporter")


def test_a_reader_signs_in_by_clicking_the_emailed_link(chromium, live_server, site, smtp_server):
    async def scenario(browser):
        page = await browser.new_page()
        await page.goto(f"{live_server.url}/account/sign-in/")
        await page.get_by_label("E-mail address").fill("olena@readers.example")
        await page.get_by_role("button", name="E-mail me a sign-in link").click()
        await page.get_by_text("Check your inbox").wait_for()
        [message] = smtp_server
        await page.goto(link_in(message, live_server))
        response_statuses = []
        page.on("response", lambda response: response_statuses.append(response.status))
        await page.get_by_role("button", name="Sign in now").click()
        await page.wait_for_url(f"{live_server.url}/account/")
        return response_statuses, await page.locator("main").inner_text()

    statuses, account = chromium(scenario)
    assert 403 not in statuses
    assert "Your membership" in account
    assert "olena@readers.example" in account


def test_a_gift_is_bought_emailed_and_redeemed_by_clicking(
    chromium, live_server, site, smtp_server
):
    async def scenario(browser):
        buyer = await browser.new_page()
        await buyer.goto(f"{live_server.url}/gift/")
        await buyer.get_by_label("Supporter").check()
        await buyer.get_by_label("6 months").check()
        await buyer.get_by_label("Their e-mail address").fill("friend@readers.example")
        await buyer.get_by_label("Your e-mail address (for the receipt)").fill(
            "giver@readers.example"
        )
        await buyer.get_by_role("button", name="Continue to payment").click()
        await buyer.get_by_role("button", name="Confirm demo payment").click()
        await buyer.locator("main").wait_for()

        gift = next(m for m in smtp_server if m["To"] == "friend@readers.example")
        friend = await browser.new_page()
        await friend.goto(link_in(gift, live_server))
        # Not signed in yet: the button says so, and signing in brings the code back.
        await friend.get_by_role("button", name="Sign in to redeem").click()
        await friend.get_by_label("E-mail address").fill("friend@readers.example")
        await friend.get_by_role("button", name="E-mail me a sign-in link").click()
        await friend.get_by_text("Check your inbox").wait_for()
        sign_in = next(m for m in smtp_server if "sign-in link" in m["Subject"])
        await friend.goto(link_in(sign_in, live_server))
        await friend.get_by_role("button", name="Sign in now").click()
        await friend.get_by_role("button", name="Redeem", exact=True).click()
        await friend.wait_for_url(f"{live_server.url}/account/")
        return await friend.locator("main").inner_text()

    account = chromium(scenario)
    assert "Gift redeemed: you are a member until" in account
    assert "Received 6 months of Supporter" in account
