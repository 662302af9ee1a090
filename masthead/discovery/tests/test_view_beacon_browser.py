"""Opening a story in Chromium counts one view; reloading it does not count again."""

import pytest

from masthead.discovery.models import ArticleViewHour
from masthead.newsroom.tests import builders

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_opening_a_story_counts_once(chromium, live_server, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Counted story")
    url = f"{live_server.url}{story.url}"  # outside the browser's event loop: it reads the DB

    async def scenario(browser):
        page = await browser.new_page()
        async with page.expect_request(lambda request: "/views/" in request.url) as beacon:
            await page.goto(url)
        await (await beacon.value).response()
        async with page.expect_request(lambda request: "/views/" in request.url) as again:
            await page.reload()
        await (await again.value).response()

    chromium(scenario)
    assert ArticleViewHour.objects.get(article=story).views == 1
