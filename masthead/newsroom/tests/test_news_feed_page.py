import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.newsroom.queries import FEED_PAGE_SIZE
from masthead.newsroom.tests import builders


def feed_titles(html: str) -> list[str]:
    feed = html.split('id="news-feed"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', feed)


@pytest.fixture
def stories(newsroom):
    """25 stories across two sections, story 1 the newest."""
    return [
        builders.article_make(
            section=newsroom["news" if n % 2 else "city"], title=f"Story {n:02d}", hours_ago=n
        )
        for n in range(1, 26)
    ]


def test_the_first_page_lists_the_newest_stories_across_sections(client, newsroom, stories):
    html = client.get("/news-feed/").content.decode()
    assert feed_titles(html) == [f"Story {n:02d}" for n in range(1, FEED_PAGE_SIZE + 1)]
    assert ">City</span>" in html and ">News</span>" in html


def test_show_more_is_a_real_link_to_the_next_page(client, newsroom, stories):
    html = client.get("/news-feed/").content.decode()
    assert '<a class="show-more" href="?page=2" data-show-more="news-feed" rel="next">' in html
    page_two = client.get("/news-feed/?page=2").content.decode()
    assert feed_titles(page_two) == [f"Story {n:02d}" for n in range(11, 21)]
    assert 'href="?page=3"' in page_two


def test_the_last_page_has_no_show_more(client, newsroom, stories):
    html = client.get("/news-feed/?page=3").content.decode()
    assert feed_titles(html) == [f"Story {n:02d}" for n in range(21, 26)]
    assert "Show More" not in html


@pytest.mark.parametrize("page", ["0", "abc", "-1", "4", "99999999", "1e3"])
def test_a_page_that_does_not_exist_is_a_clear_404(client, newsroom, stories, page):
    response = client.get(f"/news-feed/?page={page}")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_drafts_and_scheduled_stories_stay_out(client, newsroom):
    builders.article_make(section=newsroom["news"], title="Published one")
    builders.article_make(section=newsroom["news"], title="Still a draft", live=False)
    titles = feed_titles(client.get("/news-feed/").content.decode())
    assert titles == ["Published one"]


def queries_for(client, url: str) -> int:
    client.get(url)  # the first view may make image renditions
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_feed_costs_the_same_queries_at_any_size(client, newsroom):
    for n in range(12):
        builders.article_make(section=newsroom["news"], authors=[newsroom["author"]], hours_ago=n)
    small = queries_for(client, "/news-feed/?page=2")
    for n in range(40):
        builders.article_make(section=newsroom["city"], authors=[newsroom["author"]], hours_ago=n)
    assert queries_for(client, "/news-feed/?page=2") == small
    assert queries_for(client, "/news-feed/?page=4") == small
