"""In Chromium, as an editor would: open a story, find the headline under that name, add a
journalist who has no page yet from the byline picker, pick a related story from live stories
only, look at the social card in the preview panel, publish, and see the byline on the story."""

import os

import pytest

from masthead.newsroom.tests import builders
from masthead.people.models import AuthorPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("BROWSER_SCREENSHOTS", "")  # a folder: a picture at each step


@pytest.fixture
def story(newsroom):
    builders.article_make(section=newsroom["city"], title="Bridge repairs begin", hours_ago=3)
    builders.article_make(section=newsroom["city"], title="Bridge repairs draft", live=False)
    return builders.article_make(
        section=newsroom["news"],
        title="Tram line 4 opens",
        standfirst="The first trams ran at dawn.",
        authors=[newsroom["author"]],
    )


async def shot(page, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_editor_adds_a_journalist_picks_a_story_and_previews_the_card(
    chromium, live_server, cast, story
):
    async def scenario(browser):
        seen = {}
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        await page.goto(f"{live_server.url}/admin/login/")
        await page.get_by_label("Username").fill("erin")
        await page.get_by_label("Password").fill("pass-word-123")
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/admin/")

        await page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
        seen["headline"] = await page.get_by_role("textbox", name="Headline").input_value()

        # Bylines: a second author, who has no page yet.
        await page.get_by_role("button", name="Add author").click()
        await page.get_by_role("button", name="Choose a journalist").last.click()
        modal = page.locator(".modal-content")
        await modal.get_by_role("link", name="Daria Test").wait_for()
        seen["journalists listed"] = await modal.locator("tbody tr").count()
        await shot(page, "1-journalists")
        await modal.get_by_role("tab", name="Add a journalist").click()
        await modal.get_by_label("Name").fill("Olena Marchuk")
        await modal.get_by_label("Role").fill("Photographer")
        await modal.get_by_role("button", name="Add the journalist").click()
        await modal.wait_for(state="hidden")
        seen["byline chosen"] = await page.locator("[data-chooser-title]").all_inner_texts()

        # Related stories: live ones only.
        await page.get_by_role("button", name="Add related story").click()
        await page.get_by_role("button", name="Choose a story").last.click()
        await modal.get_by_role("link", name="Bridge repairs begin").wait_for()
        seen["stories listed"] = await modal.locator("tbody tr td:first-child").all_inner_texts()
        await shot(page, "2-stories")
        await modal.get_by_role("link", name="Bridge repairs begin").click()
        await modal.wait_for(state="hidden")

        # The social card, in the preview panel.
        await page.get_by_role("button", name="Toggle preview").click()
        await page.get_by_label("Preview mode").select_option("social-card")
        frame = page.frame_locator("iframe[src*='mode=social-card']").last
        await frame.locator("[data-card-title]").wait_for()
        seen["card title"] = await frame.locator("[data-card-title]").inner_text()
        seen["card description"] = await frame.locator("[data-card-description]").inner_text()
        await shot(page, "3-social-card")

        await page.get_by_role("button", name="More actions").click()
        await page.get_by_role("button", name="Publish").click()
        await page.wait_for_url("**/admin/pages/*/")
        await page.goto(f"{live_server.url}{story.url}")
        seen["byline"] = await page.locator(".byline").inner_text()
        await shot(page, "4-story")
        return seen

    seen = chromium(scenario)
    assert seen["headline"] == "Tram line 4 opens"
    assert seen["journalists listed"] == 1
    assert "Olena Marchuk" in seen["byline chosen"]
    assert seen["stories listed"] == ["Tram line 4 opens", "Bridge repairs begin"]  # no draft
    assert seen["card title"] == "Tram line 4 opens"
    assert seen["card description"] == "The first trams ran at dawn."
    assert seen["byline"] == "By Daria Test and Olena Marchuk"
    journalist = AuthorPage.objects.get(title="Olena Marchuk")
    assert journalist.live and journalist.role == "Photographer"
