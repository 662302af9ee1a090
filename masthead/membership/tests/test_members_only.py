"""Members-only stories: the body for members, the standfirst and a join prompt for others,
and nothing more in feeds, search snippets or structured data."""

import json

import extruct
import feedparser
import pytest

from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db

SECRET = "The ledger shows forty-one payments to the contractor"


@pytest.fixture
def story(newsroom):
    return builders.article_make(
        section=newsroom["news"],
        title="What the tram contract hid",
        text=f"{SECRET}.",
        members_only=True,
    )


def test_a_reader_who_is_not_a_member_sees_the_standfirst_and_a_join_prompt(client, story):
    html = client.get(story.url).content.decode()
    assert story.standfirst in html
    assert "This story is for members" in html
    assert SECRET not in html


@pytest.mark.parametrize("standing", ["paying", "gifted"])
def test_a_member_reads_the_whole_story(client, story, readers, standing):
    client.force_login(readers[standing])
    html = client.get(story.url).content.decode()
    assert SECRET in html
    assert "article__body--members" in html


def test_a_lapsed_member_is_asked_to_join_again(client, story, readers):
    client.force_login(readers["lapsed"])
    html = client.get(story.url).content.decode()
    assert SECRET not in html and "This story is for members" in html


@pytest.mark.parametrize("role", ["editor", "contributor", "membership_manager"])
def test_the_newsrooms_staff_read_it_and_preview_it(client, story, cast, role):
    """Staff are whoever opens the admin (editors are not Django's `is_staff`)."""
    client.force_login(cast[role])
    assert SECRET in client.get(story.url).content.decode()
    if role == "editor":
        draft = client.get(f"/admin/pages/{story.pk}/view_draft/").content.decode()
        assert SECRET in draft


def test_structured_data_marks_the_story_as_not_free(client, story):
    html = client.get(story.url).content.decode()
    data = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    article = next(item for item in data if item.get("@type") == "NewsArticle")
    assert article["isAccessibleForFree"] is False
    assert article["hasPart"] == {
        "@type": "WebPageElement",
        "isAccessibleForFree": False,
        "cssSelector": ".article__body--members",
    }


def test_feeds_carry_the_summary_only(client, story):
    for url in ("/feeds/rss.xml", "/feeds/atom.xml"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo
        entry = next(e for e in feed.entries if e.title == story.title)
        content = " ".join(part.value for part in entry.get("content", []))
        assert SECRET not in content + entry.get("summary", "")
    body = json.loads(client.get("/feeds/feed.json").content)
    item = next(i for i in body["items"] if i["title"] == story.title)
    assert SECRET not in item["content_html"]
    assert "for members" in item["content_html"]


def test_search_snippets_do_not_show_the_body(story):
    from masthead.discovery import search

    assert "ledger" not in search.snippet(story, terms=["ledger"])


def test_lists_mark_members_only_stories(client, story):
    html = client.get("/").content.decode()
    card = html.split(story.title)[0].rsplit("<li", 1)[-1]
    assert '<span class="badge">Members</span>' in card
