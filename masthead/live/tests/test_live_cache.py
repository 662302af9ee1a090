"""A live page in the page cache: served from it like any story, and an update makes stale
only this page (its run, its poll answer, its feed), not the rest of the site."""

import pytest
from django.contrib.auth import get_user_model

from masthead.core.pagecache.generation import GENERATION
from masthead.live import services
from masthead.live.services import UpdateFields
from masthead.live.tests.builders import live_page_make, updates_make
from masthead.newsroom.tests.builders import article_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("ed", password="x")


def test_an_update_renews_the_live_page_and_leaves_the_rest_of_the_site_stored(
    app,
    newsroom,
    editor,
):
    live = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    story = article_make(section=newsroom["city"], title="Unrelated story")
    updates_make(page=live, count=3)
    addresses = [live.url, f"{live.url}updates/", f"{live.url}feed/"]
    for address in [*addresses, story.url, newsroom["home"].url]:
        assert app(address).status == 200
        assert app(address).headers["x-cache"] == "HIT", address
    generation = GENERATION.current()
    etag = app(f"{live.url}updates/").headers["etag"]

    services.update_post(
        page=live, user=editor, fields=UpdateFields(body="<p>The water has reached the square.</p>")
    )

    GENERATION.forget()
    assert GENERATION.current() == generation  # the site's generation is untouched
    for address in addresses:
        fresh = app(address)
        assert fresh.headers["x-cache"] == "MISS", address
        assert "reached the square" in fresh.text, address
    assert app(story.url).headers["x-cache"] == "HIT"
    assert app(newsroom["home"].url).headers["x-cache"] == "HIT"
    # A poller holding the old ETag gets the new answer; with the new one, a 304.
    assert app(f"{live.url}updates/", if_none_match=etag).status == 200
    renewed = app(f"{live.url}updates/").headers["etag"]
    assert app(f"{live.url}updates/", if_none_match=renewed).status == 304


def test_the_topic_marker_never_reaches_readers(app, newsroom):
    live = live_page_make(section=newsroom["news"])
    assert "x-page-topic" not in app(live.url).headers
    assert "x-page-topic" not in app(live.url).headers  # from the cache either
