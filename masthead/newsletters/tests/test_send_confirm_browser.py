"""In Chromium with JavaScript off, as an editor would: "Send now" asks first, naming the list
and how many it goes to; "No" sends nothing, "Yes" sends; then the edition's page tells how
it went and that opens are not tracked."""

import pytest

from masthead.conftest import background_tasks_run
from masthead.newsletters.models import Delivery
from masthead.newsletters.tests.builders import edition_make, newsletter_make, subscribed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_is_asked_before_an_edition_goes_out(
    chromium, live_server, cast, stories, smtp_server, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR = []
    briefing = newsletter_make(name="Morning Briefing", slug="morning-briefing")
    subscribed("ann@example.org", briefing)
    subscribed("bob@example.org", briefing)
    edition = edition_make(briefing, articles=stories)
    page_url = f"{live_server.url}/admin/newsletters/editions/{edition.pk}/send/"

    async def asked(browser):
        seen = {}
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(f"{live_server.url}/admin/login/")
        await page.get_by_label("Username").fill("erin")
        await page.get_by_label("Password").fill("pass-word-123")
        await page.get_by_role("button", name="Sign in").click()
        await page.goto(page_url)
        await page.get_by_role("link", name="Send now to 2 subscribers").click()
        seen["question"] = await page.locator("[data-confirm-question]").inner_text()
        await page.get_by_role("link", name="No, back to the edition").click()
        seen["after no"] = page.url
        seen["queued after no"] = await Delivery.objects.acount()
        await page.get_by_role("link", name="Send now to 2 subscribers").click()
        await page.get_by_role("button", name="Yes, send to 2 subscribers").click()
        seen["after yes"] = await page.locator(".messages").inner_text()
        await context.close()
        return seen

    seen = chromium(asked)
    assert seen["question"] == "Send “Morning Briefing” to 2 subscribers now?"
    assert seen["after no"] == page_url and seen["queued after no"] == 0
    assert "Sending to 2 subscribers." in seen["after yes"]

    background_tasks_run()
    assert sorted(m.envelope_to[0] for m in smtp_server) == ["ann@example.org", "bob@example.org"]

    async def results(browser):
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(f"{live_server.url}/admin/login/?next={page_url}")
        await page.get_by_label("Username").fill("erin")
        await page.get_by_label("Password").fill("pass-word-123")
        await page.get_by_role("button", name="Sign in").click()
        figures = await page.locator("[data-figure]").evaluate_all(
            "nodes => Object.fromEntries(nodes.map(n => [n.dataset.figure, n.textContent]))"
        )
        opens = await page.locator("[data-opens-not-tracked]").inner_text()
        await context.close()
        return figures, opens

    figures, opens = chromium(results)
    assert figures["delivered"] == "2" and figures["bounced"] == "0"
    assert figures["complained"] == "0" and figures["unsubscribed"] == "0"
    assert opens.startswith("Opens are not tracked, on purpose.")
