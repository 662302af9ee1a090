"""Nothing leaks: a members-only story's body reaches members only, whichever door a reader
tries; drafts and previews need permission; redirects stay on the site; and public pages set
no cookie at all (nothing to track readers with)."""

import pytest
from django.utils import timezone

from masthead.membership.tests.builders import member_join, tier_make
from masthead.newsletters.tests.builders import edition_make, newsletter_make
from masthead.newsroom.models import VideoPage
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db

SECRET = "zygomorphic ledger entries"


@pytest.fixture
def locked(newsroom):
    return builders.article_make(
        section=newsroom["news"],
        title="What the ledger shows",
        members_only=True,
        text=f"The {SECRET} were signed twice.",
    )


def test_the_body_of_a_members_only_story_reaches_members_only(client, locked, newsroom):
    briefing = newsletter_make(name="Briefing", slug="briefing")
    now = timezone.now()
    edition = edition_make(
        briefing, articles=[locked], status="sent", started_at=now, finished_at=now
    )
    doors = [
        locked.url,
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/feed.json",
        f"/feeds/rss/section/{newsroom['news'].slug}.xml",
        "/search/?q=zygomorphic",
        "/sitemap-pages.xml",
        "/sitemap-news.xml",
        "/",
        newsroom["news"].url,
        f"/newsletters/briefing/{edition.pk}/",
        "/api/v2/pages/",
    ]
    for door in doors:
        response = client.get(door)
        assert SECRET not in response.content.decode(errors="replace"), door
    client.force_login(member_join("m@readers.example", tier_make()).user)
    assert SECRET in client.get(locked.url).content.decode()


def test_drafts_and_previews_need_permission(client, cast, newsroom):
    draft = builders.article_make(section=newsroom["news"], title="Not yet", live=False)
    assert client.get(draft.url or "/news/not-yet/").status_code == 404
    preview = f"/admin/pages/{draft.pk}/view_draft/"
    for person in (None, member_join("m@readers.example", tier_make()).user):
        client.logout()
        if person:
            client.force_login(person)
        response = client.get(preview)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(cast["editor"])
    assert b"Not yet" in client.get(preview).content
    video = VideoPage(title="Unreleased clip", slug="unreleased", summary="Soon.", live=False)
    newsroom["videos"].add_child(instance=video)
    video.save_revision()
    assert b"Unreleased clip" in client.get(f"/admin/pages/{video.pk}/view_draft/").content


def test_redirects_after_sign_in_stay_on_the_site(client, cast):
    response = client.post(
        "/admin/login/?next=https://evil.example/steal",
        {"username": "erin", "password": "pass-word-123", "next": "https://evil.example/steal"},
    )
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_public_pages_set_no_cookies(client, locked, newsroom):
    for url in [
        "/",
        locked.url,
        newsroom["news"].url,
        newsroom["feed"].url,
        "/search/?q=tram",
        newsroom["author"].url,
        "/feeds/rss.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
