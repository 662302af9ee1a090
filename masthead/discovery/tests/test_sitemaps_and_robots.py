from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from wagtail.models import Site

from masthead.core.models import NewsroomSettings
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def test_the_index_lists_the_pages_and_news_sitemaps(client, newsroom):
    builders.article_make(section=newsroom["news"])
    index = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-news.xml",
    ]


def test_the_pages_sitemap_lists_live_pages_with_lastmod(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Live story")
    draft = builders.article_make(section=newsroom["news"], live=False)
    urls = xml(client, "/sitemap-pages.xml").findall("s:url", NS)
    locations = {url.find("s:loc", NS).text for url in urls}
    assert story.full_url in locations and "http://localhost/city/" in locations
    assert not any(draft.slug in location for location in locations)
    story_url = next(url for url in urls if url.find("s:loc", NS).text == story.full_url)
    assert story_url.find("s:lastmod", NS).text.startswith(str(timezone.now().year))


def test_the_pages_sitemap_splits_at_50000_urls():
    from masthead.discovery.sitemaps import EditionsSitemap

    assert EditionsSitemap.limit == 50_000


def test_the_news_sitemap_has_only_the_last_48_hours(client, newsroom):
    builders.article_make(section=newsroom["news"], title="Fresh story", hours_ago=3)
    builders.article_make(section=newsroom["news"], title="Old story", hours_ago=49)
    root = xml(client, "/sitemap-news.xml")
    titles = [title.text for title in root.findall("s:url/news:news/news:title", NS)]
    assert titles == ["Fresh story"]
    news = root.find("s:url/news:news", NS)
    assert news.find("news:publication/news:name", NS).text
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:publication_date", NS).text.startswith(str(timezone.now().year))


def test_the_news_sitemap_stops_at_1000(client, newsroom):
    from masthead.discovery import queries

    assert queries.NEWS_SITEMAP_SIZE == 1000
    story = builders.article_make(section=newsroom["news"], hours_ago=1)
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=timezone.now() - timedelta(hours=47)
    )
    assert len(list(queries.articles_for_news_sitemap())) == 1


def test_robots_txt_is_editable_and_points_to_the_sitemap(client, newsroom):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.robots_txt = "User-agent: *\nDisallow: /private/"
    settings.save()
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /private/" in text and "Disallow: /admin/" not in text


def test_the_index_gives_each_sitemap_its_latest_change(client, newsroom):
    story = builders.article_make(section=newsroom["news"], hours_ago=1)
    index = xml(client, "/sitemap.xml")
    lastmods = [node.text for node in index.findall("s:sitemap/s:lastmod", NS)]
    # The latest change of the pages sitemap, not a date string: at midnight in Kyiv the
    # local and UTC days differ.
    assert lastmods and datetime.fromisoformat(lastmods[0]) >= story.last_published_at


@pytest.mark.parametrize("url", ["/sitemap-news.xml", "/robots.txt"])
def test_a_head_request_answers_as_a_get_does(client, newsroom, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
