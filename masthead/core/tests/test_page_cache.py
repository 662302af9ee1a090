"""The page cache in front of Django: anonymous readers share stored pages; anything
personal goes straight to Django; publishing makes the pages fresh at once."""

import gzip
import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.apps import apps
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.db.models.signals import post_migrate

from masthead.core.pagecache import PageCache
from masthead.core.pagecache.generation import GENERATION
from masthead.membership.tests.builders import tier_make
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db


class Response:
    def __init__(self, status, headers, body):
        self.status, self.body = int(status.split()[0]), b"".join(body)
        self.headers = {name.lower(): value for name, value in headers}
        self.text = self.body.decode(errors="replace")


def served(application):
    """Call a WSGI application the way a server does."""

    def get(path, method="GET", **headers):
        environ = {"REQUEST_METHOD": method, "HTTP_HOST": "testserver", "SERVER_NAME": "testserver"}
        path, _, query = path.partition("?")
        environ |= {"PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": io.BytesIO()}
        environ |= {f"HTTP_{k.upper()}": v for k, v in headers.items()}
        setup_testing_defaults(environ)
        started = {}
        body = application(environ, lambda s, h, e=None: started.update(status=s, headers=h))
        try:
            return Response(started["status"], started["headers"], body)
        finally:
            if hasattr(body, "close"):
                body.close()

    return get


@pytest.fixture
def app(settings, tmp_path):
    """The production WSGI stack (page cache + Django), called the way a server calls it."""
    settings.PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    # Django closes connections at the end of a request; here that is the test's own.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield served(PageCache(WSGIHandler()))
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_anonymous_readers_share_a_stored_page(app, newsroom, django_assert_num_queries):
    story = builders.article_make(section=newsroom["news"], title="Bridge reopens")
    first = app(story.url)
    assert first.status == 200 and first.headers["x-cache"] == "MISS"
    control = first.headers["cache-control"]
    assert "public" in control and "s-maxage=300" in control
    assert "stale-while-revalidate=60" in control
    with django_assert_num_queries(0):
        second = app(story.url)
    assert second.headers["x-cache"] == "HIT" and second.body == first.body
    assert app(story.url, method="HEAD").body == b""
    # A revalidation with the page's ETag is answered without the body.
    not_modified = app(story.url, if_none_match=first.headers["etag"])
    assert not_modified.status == 304 and not_modified.body == b""


def test_text_is_served_gzipped_to_clients_that_take_it(app, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Bridge reopens")
    plain = app(story.url)
    assert "accept-encoding" in plain.headers["vary"].lower()
    for _ in range(2):  # stored, then from the cache
        packed = app(story.url, accept_encoding="br, gzip")
        assert packed.headers["content-encoding"] == "gzip"
        assert gzip.decompress(packed.body) == plain.body
        assert int(packed.headers["content-length"]) == len(packed.body) < len(plain.body) / 2
    assert packed.headers["etag"] == f"W/{plain.headers['etag']}"
    assert app(story.url, if_none_match=packed.headers["etag"]).status == 304


def test_every_text_response_is_compressed_once(app, client, newsroom, readers, settings):
    story = builders.article_make(section=newsroom["news"], title="Ferry returns")
    first = app(story.url, accept_encoding="gzip")  # stored by the cache, compressed by it
    assert first.headers["x-cache"] == "MISS" and first.headers["content-encoding"] == "gzip"
    assert b"Ferry returns" in gzip.decompress(first.body)
    assert b"Ferry returns" in app(story.url).body  # and plain for clients without gzip

    # Pages for signed-in readers are compressed by Django, with its BREACH padding.
    client.force_login(readers["paying"])
    personal = client.get(story.url, headers={"accept-encoding": "gzip"})
    assert personal["Content-Encoding"] == "gzip"
    assert b"Ferry returns" in gzip.decompress(personal.content)
    # Pictures are not compressed again.
    image = builders.image_make(title="Ferry")
    picture = client.get(image.file.url, headers={"accept-encoding": "gzip"})
    assert picture.status_code == 200 and not picture.has_header("Content-Encoding")


def test_publishing_a_story_refreshes_the_pages_at_once(app, newsroom):
    builders.article_make(section=newsroom["news"], title="Yesterday's story", hours_ago=20)
    assert app("/").headers["x-cache"] == "MISS"
    assert app("/").headers["x-cache"] == "HIT"
    builders.article_make(section=newsroom["news"], title="Breaking: the dam holds")
    fresh = app("/")
    assert fresh.headers["x-cache"] == "MISS" and "Breaking: the dam holds" in fresh.text
    assert "Breaking: the dam holds" in app("/news/").text


def test_pages_stored_while_a_publish_commits_are_stale_once_it_has(
    app, newsroom, django_capture_on_commit_callbacks
):
    """Another process may read the new generation before the publish commits, and store a
    page built from the data as it was: the commit marks the pages stale again."""
    builders.article_make(section=newsroom["news"], title="Yesterday's story", hours_ago=20)
    with django_capture_on_commit_callbacks(execute=True):
        story = builders.article_make(section=newsroom["news"], title="Breaking: the dam holds")
        # What the other process still reads before the commit: the story not yet live.
        ArticlePage.objects.filter(pk=story.pk).update(live=False)
        assert "Breaking: the dam holds" not in app("/").text
        ArticlePage.objects.filter(pk=story.pk).update(live=True)
    fresh = app("/")
    assert fresh.headers["x-cache"] == "MISS" and "Breaking: the dam holds" in fresh.text


def test_a_story_published_through_one_server_shows_on_the_other(app, newsroom):
    """Two servers, each with its own table of ready pages, share the cache (Redis in the
    PostgreSQL + Redis pass) and its generation."""
    other = served(PageCache(WSGIHandler()))
    builders.article_make(section=newsroom["news"], title="Morning story", hours_ago=3)
    for server in (app, other):
        server("/")
        assert server("/").headers["x-cache"] == "HIT"
    builders.article_make(section=newsroom["news"], title="Afternoon story")  # through `app`
    assert "Afternoon story" in other("/").text


def test_unpublishing_removes_the_story_from_cached_lists(app, newsroom):
    story = builders.article_make(section=newsroom["news"], title="A story pulled for checks")
    assert "A story pulled for checks" in app("/news/").text
    story.unpublish()
    assert "A story pulled for checks" not in app("/news/").text
    assert app(story.url).status == 404


def test_signed_in_readers_and_personal_requests_go_straight_to_django(
    app, client, newsroom, readers
):
    story = builders.article_make(section=newsroom["news"], members_only=True, text="Secret body")
    anonymous = app(story.url)
    assert "Secret body" not in anonymous.text
    client.force_login(readers["paying"])
    session = client.cookies["sessionid"].value
    member = app(story.url, cookie=f"sessionid={session}")
    assert "Secret body" in member.text and "x-cache" not in member.headers
    assert "Secret body" not in app(story.url).text  # the member's page was not stored
    # A one-time message waiting in a cookie, the admin, and POSTs are never cached.
    assert "x-cache" not in app(story.url, cookie="messages=abc").headers
    assert "x-cache" not in app("/admin/login/").headers
    assert "x-cache" not in app(story.url, method="POST").headers


def test_pages_with_a_csrf_form_are_not_stored(app, newsroom):
    tier_make()
    join = app("/join/")
    assert join.status == 200 and join.headers["x-cache"] == "BYPASS"
    assert "public" not in join.headers.get("cache-control", "")
    # The newsletter box on stories posts without a per-page token, so stories are stored.
    story = builders.article_make(section=newsroom["news"])
    assert app(story.url).headers["x-cache"] == "MISS"


def test_the_cache_is_off_when_settings_say_so(app, settings, newsroom):
    settings.PAGE_CACHE = False
    story = builders.article_make(section=newsroom["news"])
    assert "x-cache" not in app(story.url).headers


def test_a_cache_that_is_down_does_not_take_pages_down(app, settings, newsroom):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"
    # Publishing goes on (the bump fails quietly), and readers get pages from Django.
    story = builders.article_make(section=newsroom["news"], title="Still here")
    response = app(story.url)
    assert response.status == 200 and "Still here" in response.text


def test_a_deploy_marks_every_stored_page_stale(app, newsroom):
    """`migrate` runs at every deploy, and new code may render pages differently."""
    story = builders.article_make(section=newsroom["news"])
    app(story.url)
    assert app(story.url).headers["x-cache"] == "HIT"

    core = apps.get_app_config("core")
    post_migrate.send(
        sender=core, app_config=core, verbosity=0, interactive=False, using="default", plan=[]
    )

    assert app(story.url).headers["x-cache"] == "MISS"


def test_tracking_and_cache_busting_parameters_share_the_stored_page(app, newsroom, settings):
    from django.core.cache import caches

    story = builders.article_make(section=newsroom["news"])
    assert app(story.url).headers["x-cache"] == "MISS"
    for query in ("utm_source=newsletter&utm_medium=email", "fbclid=IwAR0abc", "x=12345"):
        busted = app(f"{story.url}?{query}")
        assert busted.status == 200 and busted.headers["x-cache"] == "HIT", query
    cache = caches[settings.PAGE_CACHE_ALIAS]
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):  # in-process
        stored = [key for key in cache._cache if ":page:" in key]
    else:  # Redis
        stored = cache._cache.get_client().keys(f"{cache.key_prefix}*:page:*")
    assert len(stored) == 1  # one entry for the page, whatever the addresses asked for


def test_the_parameters_a_page_reads_keep_their_pages_apart(app, newsroom):
    for n in range(12):
        builders.article_make(section=newsroom["news"], title=f"Feed story {n}", hours_ago=n)
    feed = newsroom["feed"].url
    first, second = app(feed), app(f"{feed}?page=2&utm_source=x")
    assert second.headers["x-cache"] == "MISS" and first.body != second.body
    assert app(f"{feed}?utm_campaign=y&page=2").headers["x-cache"] == "HIT"


def test_a_page_built_from_another_parameter_is_never_stored(app, newsroom):
    """The thanks page shows one checkout's e-mail address: it must not be shared."""
    from masthead.membership import checkouts
    from masthead.membership.models import Checkout

    tier = tier_make()
    checkouts = [
        checkouts.checkout_start(
            kind=Checkout.Kind.SUBSCRIPTION,
            email=f"reader{n}@readers.example",
            provider="demo",
            tier=tier,
            interval="month",
        )
        for n in range(2)
    ]
    for checkout in checkouts:
        page = app(f"/join/thanks/?checkout={checkout.token}")
        assert page.headers["x-cache"] == "BYPASS"
    assert "reader0@" not in app(f"/join/thanks/?checkout={checkouts[1].token}").text


def test_media_and_static_files_pass_the_page_cache_by(app, settings, newsroom):
    image = builders.image_make(title="Quay")
    media = app(image.file.url)
    assert media.status == 200 and "x-cache" not in media.headers
    static = app("/static/core/site.css")
    assert static.status == 200 and "x-cache" not in static.headers


def test_unpublishing_takes_effect_at_once_while_redis_is_away_and_after(
    app, settings, newsroom, monkeypatch
):
    """Redis stops answering (a network fault: it keeps what it holds); a story unpublished
    meanwhile must leave the pages at once, and not come back with Redis."""
    import signal
    import time

    from masthead.core.pagecache.cache_backends import ResilientRedisCache
    from masthead.core.tests.test_faults import REDIS_SERVER, OwnRedis, needs

    needs(REDIS_SERVER is not None, "needs Debian's redis-server")
    redis = OwnRedis()
    redis.start()
    monkeypatch.setattr(ResilientRedisCache, "PAUSE_SECONDS", 0.3)
    monkeypatch.setattr(ResilientRedisCache, "_away_until", 0.0)
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "masthead.core.pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    GENERATION.forget()

    def home() -> str:
        GENERATION.forget()  # as after GENERATION_CHECK_SECONDS
        return app("/").text

    try:
        builders.article_make(section=newsroom["news"], title="Harbour deal signed")
        taken = builders.article_make(section=newsroom["news"], title="Ferry strike ends")
        home()
        assert app("/").headers["x-cache"] == "HIT"

        redis.process.send_signal(signal.SIGSTOP)
        assert "Ferry strike ends" in home()  # from Django meanwhile
        taken.unpublish()  # the bump cannot reach Redis
        assert "Ferry strike ends" not in home()
        assert "Ferry strike ends" not in home()
        assert "Harbour deal signed" in home()

        redis.process.send_signal(signal.SIGCONT)
        time.sleep(0.4)  # the cache tries Redis again
        back = home()
        assert "Ferry strike ends" not in back and "Harbour deal signed" in back
    finally:
        redis.process.send_signal(signal.SIGCONT)
        redis.stop()
        monkeypatch.setattr(ResilientRedisCache, "_away_until", 0.0)
