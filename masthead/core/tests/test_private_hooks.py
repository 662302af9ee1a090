"""Contracts with the private parts of Django, Wagtail and django-csp the page cache and the
site lookup rely on, each driven through the real request stack: an upgrade that renames or
drops one fails here rather than on the site (a page cache that stores a personal page, or a
site looked up on every request)."""

from unittest import mock

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from wagtail.models import Site

from masthead.core.tests.test_page_cache import app  # noqa: F401 - the production stack
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db


def test_wagtail_takes_the_site_our_middleware_puts_on_the_request(client, newsroom):
    """pagecache.serving.SiteLookupMiddleware remembers Site._find_for_request's answer per
    host and leaves it on `request._wagtail_site`, where Site.find_for_request looks first."""
    story = builders.article_make(section=newsroom["news"])
    with mock.patch.object(Site, "_find_for_request", wraps=Site._find_for_request) as lookup:
        for path in ("/", "/news/", story.url, "/"):
            assert client.get(path).status_code == 200
    assert lookup.call_count == 1  # once for the host, not once per request

    request = RequestFactory().get("/")
    request._wagtail_site = found = Site.objects.get(is_default_site=True)
    with mock.patch.object(Site, "_find_for_request") as lookup:
        assert Site.find_for_request(request) is found
    lookup.assert_not_called()


def test_django_marks_a_request_whose_page_holds_a_csrf_token(app, newsroom):  # noqa: F811
    """The page cache never stores a page carrying a reader's CSRF token: it reads Django's
    `CSRF_COOKIE_NEEDS_UPDATE`, which get_token sets. (It read the older `CSRF_COOKIE_USED`,
    which Django no longer sets, until this test; the cookie set on such pages kept them out
    meanwhile.)"""
    request = RequestFactory().get("/")
    get_token(request)
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is True
    from masthead.membership.tests.builders import tier_make

    tier_make()
    assert app("/join/").headers["x-cache"] == "BYPASS"
    assert app("/join/").headers["x-cache"] == "BYPASS"


def test_django_csp_marks_a_request_whose_page_used_its_nonce(app, newsroom, settings):  # noqa: F811
    """A page with an inline script under this response's nonce is never stored (a stored
    copy would carry a nonce the next reader's header does not allow): the page cache reads
    django-csp's `request._csp_nonce`, set when a template reads `request.csp_nonce`."""
    settings.ROOT_URLCONF = "masthead.core.tests.nonce_urls"
    first, second = app("/nonce-page/"), app("/nonce-page/")
    assert first.status == 200 and second.headers["x-cache"] != "HIT"
    nonces = [page.text.split('nonce="')[1].split('"')[0] for page in (first, second)]
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1]}'" in second.headers["content-security-policy"]
    # The rest of the site is stored as before.
    assert app("/").headers["x-cache"] == "MISS" and app("/").headers["x-cache"] == "HIT"
