"""Security headers: a strict Content-Security-Policy on every public page (and nothing on
them that needs it loosened), Permissions-Policy, and the production cookie and HSTS settings."""

import re

import pytest
from django.test import RequestFactory

from masthead.conftest import settings_in_fresh_process
from masthead.core.pagecache import PublicCacheMiddleware
from masthead.membership.tests.builders import campaign_make, tier_make
from masthead.newsletters.tests.builders import newsletter_make
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pages(newsroom):
    tier_make()
    campaign_make()
    newsletter_make(featured=True)
    story = builders.article_make(
        section=newsroom["news"],
        authors=[newsroom["author"]],
        tags=["Trams"],
        lead_image=builders.image_make(title="Depot", credit="Courier"),
    )
    embedded = builders.video_make(
        index=newsroom["videos"],
        poster=builders.image_make(title="Still"),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    return [
        "/",
        story.url,
        embedded.url,
        newsroom["news"].url,
        newsroom["feed"].url,
        newsroom["author"].url,
        f"{newsroom['tags'].url}trams/",
        "/search/?q=tram",
        "/join/",
        "/account/sign-in/",
        "/newsletters/",
    ]


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_send_a_strict_policy_and_need_nothing_looser(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]  # no nonce used, nothing inline
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"] and policy["base-uri"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        html = response.content.decode()
        assert " style=" not in html, url  # style attributes would need 'unsafe-inline'
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or "application/ld+json" in script, (url, script)


def test_the_admin_keeps_wagtails_own_policy(client, cast):
    client.force_login(cast["editor"])
    assert "Content-Security-Policy" not in client.get("/admin/")


def test_a_response_with_a_nonce_is_never_shared(rf: RequestFactory):
    from django.http import HttpResponse

    request = rf.get("/")
    request._csp_nonce = "abc"
    response = PublicCacheMiddleware(lambda r: HttpResponse("<script nonce=abc>"))(request)
    assert "public" not in response.get("Cache-Control", "")


def test_production_settings_lock_cookies_and_transport():
    shown = settings_in_fresh_process(
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "'upgrade-insecure-requests' in s.CONTENT_SECURITY_POLICY['DIRECTIVES']",
        SECRET_KEY="x" * 50,
        HTTPS="true",
        DEBUG="false",
        ALLOWED_HOSTS="news.example.org",
    )
    assert shown.stdout.split() == ["True", "True", "True", "31536000", "True", "True"], (
        shown.stderr
    )


def test_media_on_object_storage_is_allowed_by_the_policy():
    shown = settings_in_fresh_process(
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
        SECRET_KEY="x" * 50,
        MEDIA_S3_BUCKET="courier-media",
        MEDIA_S3_ACCESS_KEY_ID="key",
        MEDIA_S3_SECRET_ACCESS_KEY="secret",
        MEDIA_S3_CUSTOM_DOMAIN="media.courier.example",
    )
    assert "https://media.courier.example" in shown.stdout, shown.stderr


def test_the_video_players_the_newsroom_allows_may_be_framed_and_nothing_else():
    frame_src = "' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-src'])"
    shown = settings_in_fresh_process(frame_src, SECRET_KEY="x" * 50)
    assert shown.stdout.split() == [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ], shown.stderr
    shown = settings_in_fresh_process(
        frame_src,
        SECRET_KEY="x" * 50,
        VIDEO_EMBED_PROVIDERS="none",
        CSP_FRAME_SRC="https://maps.example.org",
    )
    assert shown.stdout.split() == ["'self'", "https://maps.example.org"], shown.stderr


@pytest.mark.browser
# The live server reads committed data; serialized_rollback brings back what migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_policy_violations_in_the_browser(live_server, public_pages, cast, chromium):
    """What the header says is what the pages need: Chromium reports no violation, for a
    reader and for an editor with Wagtail's user bar on the page."""

    async def scenario(browser):
        violations = []
        page = await browser.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for url in public_pages:
            await page.goto(f"{live_server.url}{url}")
        await page.goto(f"{live_server.url}/admin/login/")
        await page.get_by_label("Username").fill("erin")
        await page.get_by_label("Password").fill("pass-word-123")
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/admin/")
        for url in public_pages[:2]:
            await page.goto(f"{live_server.url}{url}")
            await page.wait_for_selector("wagtail-userbar", state="attached")
        return violations

    assert chromium(scenario) == []
