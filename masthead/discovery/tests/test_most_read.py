from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.discovery.models import ArticleViewHour
from masthead.discovery.pageviews import articles_most_read, view_count
from masthead.newsroom.tests import builders

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/156"


@pytest.fixture
def stories(newsroom):
    return [builders.article_make(section=newsroom["news"], title=f"Story {n}") for n in range(3)]


def beacon(client, article, *, address="203.0.113.7", agent=BROWSER):
    return client.post(f"/views/{article.pk}/", REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def test_a_view_is_counted_once_per_reader_per_hour(client, stories):
    story = stories[0]
    assert beacon(client, story).status_code == 204
    beacon(client, story)  # a refresh
    beacon(client, story)
    beacon(client, story, address="198.51.100.9")  # another reader
    assert ArticleViewHour.objects.get(article=story).views == 2


def test_the_counter_sets_no_cookie_and_stores_no_address(client, stories):
    response = beacon(client, stories[0])
    assert not response.cookies
    row = ArticleViewHour.objects.get(article=stories[0])
    assert "203.0.113.7" not in str(row.__dict__)


def test_bots_are_not_counted(client, stories):
    beacon(client, stories[0], agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    beacon(client, stories[0], agent="")
    assert not ArticleViewHour.objects.exists()


def test_the_beacon_takes_only_post_and_real_stories(client, stories, newsroom):
    assert client.get(f"/views/{stories[0].pk}/").status_code == 405
    assert client.post("/views/999999/", HTTP_USER_AGENT=BROWSER).status_code == 404
    draft = builders.article_make(section=newsroom["news"], live=False)
    assert client.post(f"/views/{draft.pk}/", HTTP_USER_AGENT=BROWSER).status_code == 404


def test_most_read_orders_the_last_day_by_views(stories):
    now = timezone.now()
    for reader in range(3):
        view_count(
            article_id=stories[1].pk, address=f"10.0.0.{reader}", user_agent=BROWSER, now=now
        )
    view_count(article_id=stories[2].pk, address="10.0.0.1", user_agent=BROWSER, now=now)
    for reader in range(9):  # popular, but two days ago
        view_count(
            article_id=stories[0].pk,
            address=f"10.0.1.{reader}",
            user_agent=BROWSER,
            now=now - timedelta(hours=48),
        )
    most_read = articles_most_read(locale=stories[0].locale)
    assert [story.title for story in most_read] == ["Story 1", "Story 2"]


def test_the_home_page_shows_most_read(client, stories):
    beacon(client, stories[2])
    html = client.get("/").content.decode()
    block = html.split('id="most-read-title"', 1)[1].split("</section>", 1)[0]
    assert "Story 2" in block and "Story 0" not in block


def test_article_pages_load_the_counting_script(client, stories):
    html = client.get(stories[0].url).content.decode()
    assert f'data-url="/views/{stories[0].pk}/"' in html and "count-view.js" in html
