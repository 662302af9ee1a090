"""The newsletter e-mails' links, followed in Chromium as a reader does: signing up, the
double opt-in confirmation, choosing newsletters and leaving, each by pressing the page's
button (a form posted with headers set by hand once passed while browsers got a 403)."""

import re

import pytest

from masthead.newsletters.models import Subscription
from masthead.newsletters.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def link_in(message, live_server, path: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"{re.escape(live_server.url)}{path}\S+", text)[0]


@pytest.fixture
def lists(newsroom, settings, live_server, smtp_server):
    settings.BASE_URL = live_server.url
    return (
        builders.newsletter_make(name="Morning Briefing", slug="briefing", featured=True),
        builders.newsletter_make(name="Culture Week", slug="culture"),
    )


def test_a_reader_subscribes_confirms_and_chooses_by_clicking(
    chromium, live_server, lists, smtp_server
):
    async def scenario(browser):
        page = await browser.new_page()
        refused = []
        page.on("response", lambda r: refused.append(r.url) if r.status == 403 else None)
        await page.goto(f"{live_server.url}/newsletters/")
        await page.get_by_label("Morning Briefing").check()
        await page.get_by_label("E-mail address").fill("mykola@readers.example")
        await page.get_by_role("button", name="Subscribe").click()
        await page.get_by_text("Check your inbox").wait_for()

        [confirm] = smtp_server
        await page.goto(link_in(confirm, live_server, "/newsletters/confirm/"))
        await page.get_by_role("button", name="Yes, subscribe me").click()
        subscribed = await page.locator("main").inner_text()

        await page.get_by_role("link", name="Choose your newsletters").click()
        await page.get_by_label("Culture Week").check()
        await page.get_by_role("button", name="Save", exact=True).click()
        saved = await page.locator("main").inner_text()

        await page.get_by_role("button", name="Unsubscribe from all").click()
        left = await page.locator("main").inner_text()
        return refused, subscribed, saved, left

    refused, subscribed, saved, left = chromium(scenario)
    assert refused == []
    assert "You are subscribed" in subscribed
    assert "Saved." in saved
    assert "You are unsubscribed from every newsletter." in left
    assert not Subscription.objects.filter(status="confirmed").exists()


def test_the_unsubscribe_link_in_an_edition_works_by_clicking(chromium, live_server, lists):
    from django.urls import reverse

    from masthead.newsletters import tokens

    briefing, _ = lists
    subscriber = builders.subscribed("iryna@readers.example", briefing)
    token = tokens.subscriber_token(subscriber_id=subscriber.pk, newsletter_id=briefing.pk)
    unsubscribe = f"{live_server.url}{reverse('newsletters:unsubscribe', args=[token])}"

    async def scenario(browser):
        page = await browser.new_page()
        await page.goto(unsubscribe)
        await page.get_by_role("button", name="Unsubscribe").click()
        return await page.locator("main").inner_text()

    assert "unsubscribed" in chromium(scenario).lower()
    assert not Subscription.objects.filter(status="confirmed").exists()
