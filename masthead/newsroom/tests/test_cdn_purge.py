"""With a CDN in front, publishing a story purges it and every page and feed that lists it,
through Wagtail's HTTP purge backend to a server that records the PURGE requests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest

from masthead.conftest import background_tasks_run
from masthead.newsroom import cdn
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_server(settings):
    purged = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append((self.headers["Host"], self.path))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield purged
    server.shutdown()


def test_publishing_purges_the_story_and_everything_listing_it(newsroom, purge_server):
    story = builders.article_make(
        section=newsroom["news"], authors=[newsroom["author"]], tags=["river"], title="Flood"
    )
    background_tasks_run()
    paths = {path for _host, path in purge_server}
    assert {story.url, "/", "/news/", "/news-feed/", "/authors/daria-test/"} <= paths
    assert "/tags/river/" in paths
    for feed in ("/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/sitemap-news.xml"):
        assert feed in paths
    for scope in ("section/news", "tag/river", "author/daria-test"):
        assert {f"/feeds/{scope}/rss.xml", f"/feeds/{scope}/atom.xml"} <= paths

    purge_server.clear()
    story.unpublish()
    background_tasks_run()
    assert {story.url, "/", "/news/"} <= {path for _host, path in purge_server}


def test_without_a_cdn_publishing_sends_nothing_and_lists_nothing(newsroom, purge_server, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    with mock.patch.object(cdn, "urls_showing", wraps=cdn.urls_showing) as listing:
        story = builders.article_make(section=newsroom["news"])
        background_tasks_run()
    story.refresh_from_db()
    assert story.live
    assert purge_server == []
    listing.assert_not_called()  # no pages looked up for a CDN that is not there
