"""The first layer of the WSGI stack: the client's address and scheme are believed from a
proxy's headers only when a trusted proxy sent them, and oversized request bodies are refused
before anything reads them."""

import io

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from masthead.core.gateway import Gateway
from masthead.core.pagecache import PageCache
from masthead.core.tests.test_page_cache import Response
from masthead.discovery.models import ArticleViewHour
from masthead.newsroom.tests import builders

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/156"


def echo(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']}".encode()]


def seen(gateway, remote: str, **headers) -> str:
    environ = {"REMOTE_ADDR": remote, "wsgi.url_scheme": "http", "PATH_INFO": "/"}
    environ |= {f"HTTP_{k.upper()}": v for k, v in headers.items()}
    return b"".join(gateway(environ, lambda *a: None)).decode()


def test_a_trusted_proxy_names_the_client_and_the_scheme():
    gateway = Gateway(echo, trusted_proxies=["10.0.0.0/8", "127.0.0.1"])
    headers = {"x_forwarded_for": "203.0.113.7", "x_forwarded_proto": "https"}
    assert seen(gateway, "10.1.2.3", **headers) == "203.0.113.7 https"
    # Through two trusted hops, the client is the first address no proxy of ours added.
    chain = {"x_forwarded_for": "198.51.100.1, 203.0.113.7, 10.9.9.9"}
    assert seen(gateway, "127.0.0.1", **chain) == "203.0.113.7 http"
    rfc7239 = {"forwarded": 'for="[2001:db8::17]:4711";proto=https, for=10.0.0.5'}
    assert seen(gateway, "10.1.2.3", **rfc7239) == "2001:db8::17 https"


def test_anyone_else_cannot_choose_their_address_or_scheme():
    gateway = Gateway(echo, trusted_proxies=["10.0.0.0/8"])
    spoofed = {"x_forwarded_for": "192.0.2.99", "x_forwarded_proto": "https"}
    assert seen(gateway, "198.51.100.23", **spoofed) == "198.51.100.23 http"
    assert seen(gateway, "198.51.100.23", forwarded="for=192.0.2.99") == "198.51.100.23 http"
    untrusting = Gateway(echo, trusted_proxies=[])
    assert seen(untrusting, "10.1.2.3", **spoofed) == "10.1.2.3 http"


def served(application):
    """Call the stack as a server does; `remote` is the peer's address, keywords are headers."""
    from wsgiref.util import setup_testing_defaults

    def get(path, method="GET", remote="10.0.0.1", **headers):
        environ = {"REQUEST_METHOD": method, "HTTP_HOST": "testserver", "REMOTE_ADDR": remote}
        environ |= {"PATH_INFO": path, "QUERY_STRING": "", "wsgi.input": io.BytesIO()}
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
def stack(settings, tmp_path):
    """The production WSGI stack (gateway, page cache, Django) behind a proxy at 10.0.0.1."""
    settings.PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    built = []

    def lazily(*args, **kwargs):  # built at the first request: middleware reads settings then
        if not built:
            built.append(served(Gateway(PageCache(WSGIHandler()), trusted_proxies=["10.0.0.1"])))
        return built[0](*args, **kwargs)

    yield lazily
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_readers_behind_the_proxy_are_counted_apart_and_spoofers_are_not(stack, newsroom):
    story = builders.article_make(section=newsroom["news"])
    beacon = f"/views/{story.pk}/"
    for reader in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        stack(beacon, "POST", x_forwarded_for=reader, user_agent=BROWSER)
    for fake in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):  # one reader pretending to be three
        stack(beacon, "POST", remote="198.51.100.9", x_forwarded_for=fake, user_agent=BROWSER)
    assert ArticleViewHour.objects.get(article=story).views == 4


@pytest.mark.django_db
def test_plain_http_is_redirected_before_a_stored_page_answers(stack, newsroom, settings):
    settings.SECURE_SSL_REDIRECT = True
    story = builders.article_make(section=newsroom["news"])
    secure = {"x_forwarded_for": "203.0.113.7"}
    assert stack(story.url, x_forwarded_proto="https", **secure).status == 200
    assert stack(story.url, x_forwarded_proto="https", **secure).headers["x-cache"] == "HIT"
    plain = stack(story.url, x_forwarded_proto="http", **secure)
    assert plain.status == 301 and plain.headers["location"].startswith("https://")
    assert stack(story.url, remote="203.0.113.7").status == 301  # no proxy: plain http too


def large_body(environ_extra: dict, path: str, settings) -> int:
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    status = {}
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "REMOTE_ADDR": "203.0.113.7",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "wsgi.input": Unreadable(),
        **environ_extra,
    }
    reached = []
    gateway = Gateway(lambda e, s: reached.append(e) or [b""], trusted_proxies=[])
    body = gateway(environ, lambda s, h, e=None: status.update(code=int(s.split()[0])))
    b"".join(body)
    return status.get("code", 200 if reached else 0)


def test_a_huge_anonymous_post_is_refused_before_it_is_read(settings):
    settings.REQUEST_MAX_MB, settings.ADMIN_REQUEST_MAX_MB = 2, 512
    huge = {"CONTENT_LENGTH": str(200 * 1024 * 1024)}
    assert large_body(huge, "/newsletters/", settings) == 413
    assert large_body(huge, "/admin/images/multiple/add/", settings) == 200  # within 512 MB
    assert large_body({"CONTENT_LENGTH": "1024"}, "/newsletters/", settings) == 200
