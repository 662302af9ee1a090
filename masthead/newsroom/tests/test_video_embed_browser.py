"""An embedded YouTube video in Debian's Chromium: nothing from another site until the reader
presses play, then the privacy-enhanced player in its place."""

import pytest

from masthead.newsroom.tests import builders

# The live server reads committed data; serialized_rollback brings back what migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def embedded(newsroom):
    video = builders.video_make(
        index=newsroom["videos"],
        title="River from the air",
        poster=builders.image_make(alt="Drone view", size=(1600, 900)),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    return video.url


def test_the_player_comes_from_youtube_nocookie_only_once_play_is_pressed(
    chromium, live_server, embedded
):
    async def scenario(browser):
        page = await browser.new_page()
        elsewhere, violations = [], []
        page.on(
            "request",
            lambda request: (
                elsewhere.append(request.url)
                if not request.url.startswith(live_server.url)
                else None
            ),
        )
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        # Nothing leaves this machine: the player's request is seen, then refused.
        await page.route(
            lambda url: not url.startswith(live_server.url), lambda route: route.abort()
        )
        await page.goto(f"{live_server.url}{embedded}", wait_until="networkidle")
        before = list(elsewhere)
        play = page.get_by_role("button", name="Play video: River from the air")
        await play.focus()
        await page.keyboard.press("Enter")
        frame = page.locator("iframe")
        await frame.wait_for(state="attached")
        return {
            "before": before,
            "after": list(elsewhere),
            "src": await frame.get_attribute("src"),
            "title": await frame.get_attribute("title"),
            "focused": await page.evaluate("document.activeElement.tagName"),
            "buttons": await play.count(),
            "violations": violations,
        }

    seen = chromium(scenario)
    assert seen["before"] == []
    player = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert seen["src"] == player and seen["title"] == "River from the air"
    assert seen["after"] and all(
        url.startswith("https://www.youtube-nocookie.com/") for url in seen["after"]
    ), seen["after"]
    assert seen["focused"] == "IFRAME" and seen["buttons"] == 0
    assert seen["violations"] == []


def test_without_javascript_play_is_a_link_to_the_video_on_youtube(chromium, live_server, embedded):
    async def scenario(browser):
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(f"{live_server.url}{embedded}")
        link = page.get_by_role("link", name="Play video: River from the air")
        return await link.get_attribute("href"), await page.locator("iframe").count()

    assert chromium(scenario) == ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", 0)
