from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction, Site

from masthead.conftest import response_bytes
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
    return ElementTree.fromstring(response_bytes(response))


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


@pytest.mark.parametrize("url", ["/sitemap-news.xml", "/sitemap-pages.xml", "/robots.txt"])
def test_a_head_request_answers_as_a_get_does(client, newsroom, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert response_bytes(head) == b""


XHTML = "{http://www.w3.org/1999/xhtml}link"


def _ukrainian_edition(newsroom):
    locale = Locale.objects.create(language_code="uk")
    home = newsroom["home"].copy_for_translation(locale)
    home.save_revision().publish()
    return locale


def test_each_address_in_the_pages_sitemap_is_the_pages_own(client, newsroom):
    """Written from the stored URL paths, not the pages: every address as Wagtail makes it,
    in both editions, a slug in Cyrillic quoted as in the page's own links."""
    locale = _ukrainian_edition(newsroom)
    story = builders.article_make(section=newsroom["news"], title="Tram line opens")
    translated = story.copy_for_translation(locale, copy_parents=True)
    translated.title, translated.slug = "Трамвай поїхав", "трамвай-поїхав"
    translated.save_revision().publish()
    urls = xml(client, "/sitemap-pages.xml").findall("s:url", NS)
    listed = sorted(url.find("s:loc", NS).text for url in urls)
    pages = Page.objects.live().public().exclude(depth=1).specific()
    assert listed == sorted(page.full_url for page in pages)
    quoted = "http://localhost/uk/news/%D1%82%D1%80%D0%B0%D0%BC%D0%B2%D0%B0%D0%B9-"
    assert any(location.startswith(quoted) for location in listed)


def test_a_translated_page_names_each_edition_both_ways(client, newsroom):
    locale = _ukrainian_edition(newsroom)
    story = builders.article_make(section=newsroom["news"], title="Bridge reopens")
    translated = story.copy_for_translation(locale, copy_parents=True)
    translated.save_revision().publish()
    alone = builders.article_make(section=newsroom["news"], title="Only in English")
    urls = {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall(XHTML)
        }
        for url in xml(client, "/sitemap-pages.xml").findall("s:url", NS)
    }
    pair = {"en": story.full_url, "uk": translated.full_url}
    assert urls[story.full_url] == pair and urls[translated.full_url] == pair
    assert urls[alone.full_url] == {}
    # A translation unpublished is no longer named.
    Page.objects.get(pk=translated.pk).unpublish()
    urls = {
        url.find("s:loc", NS).text: url.findall(XHTML)
        for url in xml(client, "/sitemap-pages.xml").findall("s:url", NS)
    }
    assert urls[story.full_url] == [] and translated.full_url not in urls


def test_the_pages_sitemap_is_kept_until_the_next_publish(
    client, newsroom, django_assert_max_num_queries
):
    builders.article_make(section=newsroom["news"], title="First story")
    first = client.get("/sitemap-pages.xml")
    assert first.streaming and first["X-Robots-Tag"].startswith("noindex")
    written = response_bytes(first)
    with django_assert_max_num_queries(2):  # the site, no page read
        again = client.get("/sitemap-pages.xml")
    assert not again.streaming and again.content == written
    story = builders.article_make(section=newsroom["news"], title="Second story")
    assert story.full_url.encode() in response_bytes(client.get("/sitemap-pages.xml"))


@pytest.mark.parametrize("page", ["2", "0", "x", "-1", "99999999999"])
def test_a_sitemap_page_that_is_not_there_is_not_found(client, newsroom, page):
    assert client.get("/sitemap-pages.xml", {"p": page}).status_code == 404


def test_a_restricted_section_stays_out_of_the_pages_sitemap(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Behind a password")
    PageViewRestriction.objects.create(
        page=newsroom["news"], restriction_type="password", password="x"
    )
    text = response_bytes(client.get("/sitemap-pages.xml")).decode()
    assert story.full_url not in text and newsroom["news"].full_url not in text
    assert newsroom["home"].full_url in text
