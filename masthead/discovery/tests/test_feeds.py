import json

import feedparser
import pytest
from wagtail.models import Locale

from masthead.conftest import renditions_worker_run
from masthead.newsroom.tests import builders


@pytest.fixture
def stories(newsroom):
    image = builders.image_make(title="Flood", credit="Iryna Test / Courier")
    first = builders.article_make(
        section=newsroom["news"],
        title="River reaches its spring mark",
        standfirst="Crews worked through the night.",
        authors=[newsroom["author"]],
        lead_image=image,
        tags=["flood", "river"],
        text='The <a href="/city/">city</a> held its breath & waited.',
        hours_ago=2,
    )
    second = builders.article_make(
        section=newsroom["city"], title="Tram line extended", hours_ago=5
    )
    return first, second


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_the_site_feed_is_valid_and_newest_first(client, stories, url):
    feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == [
        "River reaches its spring mark",
        "Tram line extended",
    ]
    assert feed.feed.title == "Masthead" or feed.feed.title


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_entries_carry_full_text_summary_dates_author_and_tags(client, stories, url):
    entry = parse(client, url).entries[0]
    assert entry.summary == "Crews worked through the night."
    content = entry.content[0].value
    assert "held its breath &amp; waited" in content or "held its breath & waited" in content
    assert 'href="http://testserver/city/"' in content  # absolute for feed readers
    assert entry.published_parsed is not None
    assert entry.author == "Daria Test"
    assert {tag.term for tag in entry.tags} == {"flood", "river"}
    assert entry.link == stories[0].full_url


def test_the_lead_image_is_an_enclosure(client, stories):
    renditions_worker_run(*(story.lead_image for story in stories if story.lead_image))
    entry = parse(client, "/feeds/rss.xml").entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert int(enclosure.length) > 0


def test_guids_stay_the_same_across_edits(client, stories):
    before = parse(client, "/feeds/rss.xml").entries[0].id
    story = stories[0]
    story.title = "River reaches its spring mark, crews say"
    story.slug = "renamed"
    story.save_revision().publish()
    after = parse(client, "/feeds/rss.xml").entries[0]
    assert after.id == before and after.id.startswith("tag:testserver,")
    assert after.title == "River reaches its spring mark, crews say"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/feeds/section/city/rss.xml", ["Tram line extended"]),
        ("/feeds/section/news/atom.xml", ["River reaches its spring mark"]),
        ("/feeds/author/daria-test/rss.xml", ["River reaches its spring mark"]),
        ("/feeds/tag/flood/atom.xml", ["River reaches its spring mark"]),
    ],
)
def test_sections_authors_and_tags_have_their_own_feeds(client, stories, url, expected):
    assert [entry.title for entry in parse(client, url).entries] == expected


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/section/nope/rss.xml",
        "/feeds/author/nope/atom.xml",
        "/feeds/tag/nope/rss.xml",
        "/feeds/planet/x/rss.xml",
    ],
)
def test_an_unknown_feed_is_a_404(client, stories, url):
    assert client.get(url).status_code == 404


def test_drafts_never_reach_a_feed(client, newsroom, stories):
    builders.article_make(section=newsroom["news"], title="Not yet", live=False)
    assert "Not yet" not in client.get("/feeds/rss.xml").content.decode()


def test_the_json_feed_follows_version_1_1(client, stories):
    response = client.get("/feeds/feed.json")
    assert response["Content-Type"] == "application/feed+json"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    item = feed["items"][0]
    assert item["title"] == "River reaches its spring mark"
    assert item["summary"] == "Crews worked through the night."
    assert item["authors"] == [
        {"name": "Daria Test", "url": "http://localhost/authors/daria-test/"}
    ]
    assert item["id"].startswith("tag:testserver,") and item["date_published"]


def test_pages_point_feed_readers_to_their_feeds(client, newsroom, stories):
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="Masthead (RSS)" href="/feeds/rss.xml"' in home
    assert 'href="/feeds/feed.json"' in home
    section = client.get("/city/").content.decode()
    assert 'href="/feeds/section/city/rss.xml"' in section
    author = client.get("/authors/daria-test/").content.decode()
    assert 'href="/feeds/author/daria-test/atom.xml"' in author


def test_each_edition_has_its_own_feed(client, newsroom, stories):
    locale = Locale.objects.create(language_code="uk")
    home = newsroom["home"].copy_for_translation(locale)
    home.save_revision().publish()
    section = newsroom["news"].copy_for_translation(locale, copy_parents=True)
    section.save_revision().publish()
    builders.article_make(section=section, title="Річка піднялася")
    assert [e.title for e in parse(client, "/uk/feeds/rss.xml").entries] == ["Річка піднялася"]
    assert "Річка піднялася" not in client.get("/feeds/rss.xml").content.decode()


def test_a_topic_named_in_cyrillic_has_its_page_and_feed(client, newsroom):
    builders.article_make(section=newsroom["news"], title="Flood defences hold", tags=["повінь"])
    topic = client.get("/tags/повінь/")
    assert topic.status_code == 200 and "Flood defences hold" in topic.content.decode()
    feed = parse(client, "/feeds/tag/повінь/rss.xml")
    assert [entry.title for entry in feed.entries] == ["Flood defences hold"]


def test_the_feed_runs_a_fixed_number_of_queries(client, newsroom, django_assert_max_num_queries):
    for n in range(15):
        builders.article_make(
            section=newsroom["news"], authors=[newsroom["author"]], tags=["a", "b"], hours_ago=n
        )
    client.get("/feeds/rss.xml")
    with django_assert_max_num_queries(15):
        client.get("/feeds/rss.xml")


@pytest.mark.parametrize("url", ["/feeds/feed.json", "/feeds/rss.xml", "/feeds/atom.xml"])
def test_a_head_request_for_a_feed_answers_as_a_get_does(client, stories, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
