"""Search engines read a live page as LiveBlogPosting, and find it in the News sitemap while
it is live."""

from datetime import timedelta

import extruct
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.live import services
from masthead.live.models import LivePage, LiveUpdate
from masthead.live.tests.builders import live_page_make, updates_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def _json_ld(response) -> list[dict]:
    html = response.content.decode()
    return extruct.extract(html, base_url="http://testserver", syntaxes=["json-ld"])["json-ld"]


def test_the_page_is_a_live_blog_posting_with_its_newest_updates(client, newsroom):
    live = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    updates_make(page=live, count=25)
    update = LiveUpdate.objects.filter(page=live).first()
    update.authors.add(newsroom["author"])
    (posting,) = [
        thing for thing in _json_ld(client.get(live.url)) if thing["@type"] == "LiveBlogPosting"
    ]
    assert posting["headline"] == live.title
    assert posting["coverageStartTime"] == live.coverage_start.isoformat()
    assert "coverageEndTime" not in posting
    entries = posting["liveBlogUpdate"]
    assert len(entries) == 20
    newest = entries[0]
    assert newest["@type"] == "BlogPosting"
    assert newest["articleBody"] == "What happened at step 25."
    assert newest["datePublished"] == update.published_at.isoformat()
    assert newest["author"][0]["name"] == newsroom["author"].title
    assert newest["headline"]


def test_ended_coverage_names_its_end(client, newsroom):
    live = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    editor = get_user_model().objects.create_superuser("ed", password="x")
    services.coverage_status_set(page=live, status=LivePage.Status.ENDED, user=editor)
    live.refresh_from_db()
    (posting,) = [
        thing for thing in _json_ld(client.get(live.url)) if thing["@type"] == "LiveBlogPosting"
    ]
    assert posting["coverageEndTime"] == live.coverage_end.isoformat()


def test_the_news_sitemap_keeps_a_live_page_while_it_is_live(client, newsroom):
    live = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    long_ago = timezone.now() - timedelta(days=5)
    LivePage.objects.filter(pk=live.pk).update(first_published_at=long_ago)
    assert live.full_url in client.get("/sitemap-news.xml").content.decode()
    LivePage.objects.filter(pk=live.pk).update(status=LivePage.Status.ENDED)
    assert live.full_url not in client.get("/sitemap-news.xml").content.decode()
