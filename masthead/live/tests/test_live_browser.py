"""A live page in Debian's Chromium, as an editor and a reader use it at once: the editor
posts from the live updates screen by clicking; the reader's open page shows the new update
without a reload, says so in its status message, and holds still while paused."""

import asyncio

import pytest

from masthead.live.models import LiveUpdate
from masthead.live.tests.builders import live_page_make, updates_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def live(newsroom, settings):
    settings.LIVE_POLL_SECONDS = 0.5
    settings.TWO_FACTOR_REQUIRED_FOR = []
    page = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    updates_make(page=page, count=3)
    return page


async def _sign_in(context, base: str, username: str):
    page = await context.new_page()
    await page.goto(f"{base}/admin/login/")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill("pass-word-123")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(f"{base}/admin/")
    return page


async def _post_update(editor, base: str, live_pk: int, text: str) -> None:
    await editor.goto(f"{base}/admin/live/{live_pk}/")
    await editor.locator(".live-admin__post .public-DraftEditor-content").click()
    await editor.keyboard.type(text)
    await editor.wait_for_timeout(400)  # Draftail keeps its text in the form every 250 ms
    await editor.get_by_role("button", name="Publish update").click()
    await editor.locator(".messages").get_by_text("Update published").wait_for()


def test_a_reader_sees_a_new_update_without_reloading_and_can_pause(
    chromium, live_server, cast, live
):
    base, address = live_server.url, f"{live_server.url}{live.url}"

    async def scenario(browser):
        seen = {}
        reader_context = await browser.new_context()
        reader = await reader_context.new_page()
        await reader.goto(address)
        await reader.get_by_role("button", name="Pause live updates").wait_for()
        seen["navigations"] = 0
        reader.on(
            "framenavigated", lambda frame: seen.__setitem__("navigations", seen["navigations"] + 1)
        )

        editor_context = await browser.new_context()
        editor = await _sign_in(editor_context, base, "erin")
        await _post_update(editor, base, live.pk, "Water over the embankment at Lypky.")

        first = reader.locator("#live-updates > li").first
        await first.get_by_text("Water over the embankment at Lypky.").wait_for(timeout=10_000)
        status = reader.locator("[role=status]", has_text="new update")
        await status.wait_for(timeout=5_000)  # announced just after the update appears
        seen["status"] = await status.inner_text()

        await reader.get_by_role("button", name="Pause live updates").click()
        seen["pressed"] = await reader.get_by_role(
            "button", name="Pause live updates"
        ).get_attribute("aria-pressed")
        await _post_update(editor, base, live.pk, "Second bridge closed.")
        await reader.wait_for_timeout(2000)
        seen["while paused"] = await reader.locator("#live-updates").inner_text()
        await reader.get_by_role("button", name="Pause live updates").click()
        await (
            reader.locator("#live-updates > li")
            .first.get_by_text("Second bridge closed.")
            .wait_for(timeout=10_000)
        )
        seen["count"] = await reader.locator("#live-updates > li").count()
        await reader_context.close()
        await editor_context.close()
        return seen

    seen = chromium(scenario)
    assert seen["status"] == "1 new update"
    assert seen["pressed"] == "true"
    assert "Second bridge closed." not in seen["while paused"]
    assert seen["count"] == 5
    assert seen["navigations"] == 0  # never reloaded
    assert LiveUpdate.objects.filter(page=live).count() == 5


def test_an_edited_or_deleted_update_changes_in_place(chromium, live_server, cast, live):
    base, address = live_server.url, f"{live_server.url}{live.url}"
    newest = LiveUpdate.objects.filter(page=live).order_by("-published_at").first()
    oldest = LiveUpdate.objects.filter(page=live).order_by("published_at").first()

    async def scenario(browser):
        reader = await (await browser.new_context()).new_page()
        await reader.goto(address)
        await reader.get_by_role("button", name="Pause live updates").wait_for()

        editor = await _sign_in(await browser.new_context(), base, "erin")
        await editor.goto(f"{base}/admin/live/{live.pk}/?edit={newest.pk}")
        form = editor.locator(f"#update-{newest.pk} form")
        await form.locator(".public-DraftEditor-content").click()
        await editor.keyboard.press("Control+A")
        await editor.keyboard.type("Corrected: the level is 4.2 m.")
        await editor.wait_for_timeout(400)  # Draftail keeps its text in the form every 250 ms
        await form.get_by_role("button", name="Save").click()
        await editor.locator(".messages").get_by_text("Update saved").wait_for()
        editor.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
        await editor.locator(f"#update-{oldest.pk}").get_by_role("button", name="Delete").click()
        await editor.locator(".messages").get_by_text("Update deleted").wait_for()

        await reader.get_by_text("Corrected: the level is 4.2 m.").wait_for(timeout=10_000)
        await reader.locator(f"#update-{oldest.pk}").wait_for(state="detached", timeout=10_000)

        # Pinned by the editor: under the summary in the open tab too, and gone when unpinned.
        await editor.locator(f"#update-{newest.pk}").get_by_role("button", name="Pin").click()
        await editor.locator(".messages").get_by_text("Pinned under the summary").wait_for()
        pinned = reader.locator("[data-live-pinned]").get_by_text("Corrected: the level is 4.2 m.")
        await pinned.wait_for(timeout=10_000)
        await editor.locator(f"#update-{newest.pk}").get_by_role("button", name="Unpin").click()
        await pinned.wait_for(state="detached", timeout=10_000)
        return await reader.locator("#live-updates > li").count()

    assert chromium(scenario) == 2


def test_without_javascript_the_page_is_whole_and_older_updates_are_a_link(
    chromium, live_server, newsroom, settings
):
    settings.LIVE_POLL_SECONDS = 0.5
    page = live_page_make(section=newsroom["news"])
    updates_make(page=page, count=25)
    address = f"{live_server.url}{page.url}"

    async def scenario(browser):
        context = await browser.new_context(java_script_enabled=False)
        tab = await context.new_page()
        await tab.goto(address)
        controls_hidden = await tab.locator("[data-live-controls]").is_hidden()
        await tab.get_by_role("link", name="Show older updates").click()
        await tab.get_by_text("What happened at step 1.").wait_for()
        return controls_hidden, tab.url

    hidden, url = chromium(scenario)
    assert hidden  # no pause button that would do nothing
    assert "?before=" in url


def test_an_editor_corrects_in_place_and_ends_the_coverage_by_clicking(
    chromium, live_server, cast, live
):
    base, address = live_server.url, f"{live_server.url}{live.url}"
    newest = LiveUpdate.objects.filter(page=live).order_by("-published_at").first()

    async def scenario(browser):
        context = await browser.new_context()
        editor = await _sign_in(context, base, "erin")
        await editor.goto(f"{base}/admin/pages/{live.pk}/edit/")
        await editor.locator("[data-live-updates-link]").click()
        row = editor.locator(f"#update-{newest.pk}")
        await row.get_by_role("link", name="Edit").click()
        form = editor.locator(f"#update-{newest.pk} form")
        await form.locator(".public-DraftEditor-content").click()
        await editor.keyboard.press("End")
        await editor.keyboard.type(" Two lanes are open again.")
        await form.get_by_label("Mark as corrected").check()
        await form.get_by_label("What was corrected (shown to readers)").fill("Lanes reopened.")
        await editor.wait_for_timeout(400)  # Draftail keeps its text in the form every 250 ms
        await form.get_by_role("button", name="Save").click()
        await editor.locator(".messages").get_by_text("Update saved").wait_for()

        editor.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
        await editor.get_by_role("button", name="End the coverage…").click()
        await editor.locator(".messages").get_by_text("The coverage is now ended").wait_for()

        reader = await (await browser.new_context()).new_page()
        await reader.goto(address)
        text = await reader.locator("main").inner_text()
        has_pause = await reader.get_by_role("button", name="Pause live updates").count()
        await context.close()
        return text, has_pause

    text, has_pause = chromium(scenario)
    assert "Two lanes are open again." in text
    assert "Updated" in text and "Lanes reopened." in text
    assert "This live coverage has ended" in text
    assert has_pause == 0  # an archive: nothing polls
