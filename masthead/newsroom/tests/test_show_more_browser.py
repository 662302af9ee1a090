"""News Feed "Show More" in Debian's Chromium: in place with JavaScript, a plain link without."""

import pytest

from masthead.newsroom.tests import builders

# The live server reads committed data; serialized_rollback brings back what migrations made
# (root page, home page, roles) after each test's flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Story titles: h2 on the News Feed page (straight under its h1), h3 on the home page.
FEED_ITEMS = "#news-feed > li :is(h2, h3)"


@pytest.fixture
def feed(newsroom):
    for n in range(1, 26):
        builders.article_make(section=newsroom["news"], title=f"Story {n:02d}", hours_ago=n)
    return newsroom


async def count_reaches(page, n: int) -> None:
    """Wait for the list to hold `n` stories (a locator wait: the page's CSP allows no eval)."""
    await page.locator("#news-feed > li").nth(n - 1).wait_for(state="attached")


def test_show_more_loads_the_next_stories_in_place(chromium, live_server, feed):
    async def scenario(browser):
        page = await browser.new_page()
        await page.goto(f"{live_server.url}/news-feed/")
        first = await page.locator(FEED_ITEMS).all_inner_texts()
        await page.get_by_role("link", name="Show More").click()
        await count_reaches(page, 20)
        after_one = await page.locator(FEED_ITEMS).all_inner_texts()
        focused = await page.evaluate("document.activeElement.textContent")
        url = page.url
        await page.get_by_role("link", name="Show More").click()
        await count_reaches(page, 25)
        return (
            first,
            after_one,
            focused,
            url,
            await page.get_by_role("link", name="Show More").count(),
        )

    first, after_one, focused, url, show_more_left = chromium(scenario)
    assert first == [f"Story {n:02d}" for n in range(1, 11)]
    assert after_one == [f"Story {n:02d}" for n in range(1, 21)]
    assert url == f"{live_server.url}/news-feed/"  # loaded in place, no navigation
    assert focused == "Story 11"  # keyboard and screen-reader users land on the new stories
    assert show_more_left == 0


def test_show_more_on_the_home_page_continues_the_same_feed(chromium, live_server, feed):
    async def scenario(browser):
        page = await browser.new_page()
        await page.goto(f"{live_server.url}/")
        await page.locator(".news-feed").get_by_role("link", name="Show More").click()
        await count_reaches(page, 15)
        return await page.locator(FEED_ITEMS).all_inner_texts()

    # The five lead stories sit above the feed, which goes on from there without a gap.
    assert chromium(scenario) == [f"Story {n:02d}" for n in range(6, 21)]


def test_without_javascript_show_more_opens_the_next_page(chromium, live_server, feed):
    async def scenario(browser):
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(f"{live_server.url}/news-feed/")
        await page.get_by_role("link", name="Show More").click()
        await page.wait_for_url(f"{live_server.url}/news-feed/?page=2")
        return await page.locator(FEED_ITEMS).all_inner_texts()

    assert chromium(scenario) == [f"Story {n:02d}" for n in range(11, 21)]
