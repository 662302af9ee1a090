"""The breaking-news bar: on every page of its edition at once, page cache included, and gone
by itself when its time runs out."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from masthead.live.models import BreakingNews
from masthead.live.tests.builders import live_page_make
from masthead.newsroom.tests.builders import article_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def _bar(page, *, seconds=3600, locale=None, headline="Dam gates opened at Verkhnia"):
    return BreakingNews.objects.create(
        locale=locale or Locale.get_default(),
        headline=headline,
        page=page,
        expires_at=timezone.now() + timedelta(seconds=seconds),
    )


def test_turning_it_on_reaches_stored_pages_at_once(app, newsroom):
    live = live_page_make(section=newsroom["news"])
    story = article_make(section=newsroom["city"])
    for address in (story.url, newsroom["home"].url, "/search/"):
        app(address)
        assert "Dam gates opened" not in app(address).text
    bar = _bar(live)
    for address in (story.url, newsroom["home"].url, "/search/"):
        page = app(address)
        assert "Dam gates opened" in page.text, address
        assert f'href="{live.url}"' in page.text
    bar.on = False
    bar.save()
    assert "Dam gates opened" not in app(story.url).text


def test_it_leaves_every_page_when_its_time_runs_out(app, newsroom):
    story = article_make(section=newsroom["city"])
    _bar(story, seconds=2)
    shown = app(story.url)
    assert "Dam gates opened" in shown.text
    assert (
        "s-maxage=2" in shown.headers["cache-control"]
        or "s-maxage=1" in shown.headers["cache-control"]
    )
    assert "Dam gates opened" in app(story.url).text  # from the cache meanwhile
    time.sleep(2.2)
    assert "Dam gates opened" not in app(story.url).text


def test_each_edition_shows_its_own(client, newsroom):
    ukrainian, _ = Locale.objects.get_or_create(language_code="uk")
    story = article_make(section=newsroom["city"])
    _bar(story, headline="Breaking in English")
    _bar(story, headline="Термінова новина", locale=ukrainian)
    html = client.get(story.url).content.decode()
    assert "Breaking in English" in html and "Термінова новина" not in html


def test_a_bar_needs_somewhere_to_lead(newsroom):
    from django.core.exceptions import ValidationError

    bar = BreakingNews(locale=Locale.get_default(), headline="Nowhere")
    with pytest.raises(ValidationError):
        bar.full_clean()


def test_an_editor_sets_one_up_in_the_admin(client, cast, newsroom):
    story = article_make(section=newsroom["city"])
    client.force_login(cast["editor"])
    add = reverse("breaking_news:add")
    expiry = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    data = {
        "locale": Locale.get_default().pk,
        "headline": "Bridge closed",
        "page": story.pk,
        "url": "",
        "on": "on",
        "expires_at": expiry,
    }
    assert client.post(add, {**data, "page": "", "url": ""}).status_code == 200  # needs a place
    assert not BreakingNews.objects.exists()
    assert client.post(add, data).status_code == 302
    client.logout()
    assert "Bridge closed" in client.get(newsroom["home"].url).content.decode()


def test_one_bar_at_a_time_per_edition_and_not_for_days(newsroom):
    from django.core.exceptions import ValidationError

    story = article_make(section=newsroom["city"])
    _bar(story, headline="The first one")
    second = BreakingNews(
        locale=Locale.get_default(),
        headline="The second one",
        page=story,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="The first one"):
        second.full_clean()
    second.on = False  # prepared, not shown: fine
    second.full_clean()
    far = BreakingNews(
        locale=Locale.objects.get_or_create(language_code="uk")[0],
        headline="Forever",
        page=story,
        expires_at=timezone.now() + timedelta(days=30),
    )
    with pytest.raises(ValidationError, match="At most 72 hours"):
        far.full_clean()
