"""Nothing leaks: a members-only story's body reaches members only, whichever door a reader
tries; drafts and previews need permission; redirects stay on the site; and public pages set
no cookie at all (nothing to track readers with)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.conftest import background_tasks_run, response_bytes
from masthead.discovery.models import ArticleViewHour
from masthead.newsletters import rendering
from masthead.newsletters.tests.builders import edition_make, newsletter_make
from masthead.newsroom.models import VideoPage
from masthead.newsroom.tests import builders

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]

SECRET = "zygomorphic ledger entries"


@pytest.fixture
def locked(newsroom):
    return builders.article_make(
        section=newsroom["news"],
        title="What the ledger shows",
        members_only=True,
        text=f"The {SECRET} were signed twice.",
    )


def test_the_body_of_a_members_only_story_reaches_members_only(client, locked, newsroom, readers):
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
        f"/feeds/section/{newsroom['news'].slug}/rss.xml",
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
        assert SECRET not in response_bytes(response).decode(errors="replace"), door
    client.force_login(readers["paying"])
    assert SECRET in client.get(locked.url).content.decode()


def test_drafts_and_previews_need_permission(client, cast, readers, newsroom):
    draft = builders.article_make(section=newsroom["news"], title="Not yet", live=False)
    assert client.get(draft.url or "/news/not-yet/").status_code == 404
    preview = f"/admin/pages/{draft.pk}/view_draft/"
    for person in (None, readers["paying"]):
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


RESTRICTED = "quinquennial harbour tariffs"
RESTRICTED_TITLE = "Memo on the harbour board"


@pytest.fixture(params=["password", "login", "groups", "a private section"])
def restricted(request, newsroom):
    """A story behind each of Wagtail's privacy settings (on itself, or on its section), and
    an open story that shares its tag, its words and a newsletter with it."""
    section = newsroom["news"]
    if request.param == "a private section":
        section = builders.publish(
            builders.SectionPage(title="Board", slug="board"), parent=newsroom["home"]
        )
    hidden = builders.article_make(
        section=section,
        title=RESTRICTED_TITLE,
        standfirst="The harbour board meets.",
        text=f"The {RESTRICTED} were set in private.",
        authors=[newsroom["author"]],
        tags=["Harbourmaster"],
    )
    kind = "login" if request.param == "a private section" else request.param
    restriction = PageViewRestriction.objects.create(
        page=section if request.param == "a private section" else hidden,
        restriction_type=kind,
        password="board-only" if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.create(name="Harbour board"))
    open_story = builders.article_make(
        section=newsroom["news"],
        title="The harbour board meets in public",
        text="The harbour board tariffs debate is open to all.",
        authors=[newsroom["author"]],
        tags=["Harbourmaster"],
    )
    background_tasks_run()  # the search index and related stories, as the worker makes them
    ArticleViewHour.objects.create(article=hidden, hour=timezone.now().replace(minute=0), views=99)
    return hidden, open_story


def test_pages_behind_privacy_settings_stay_out_of_every_list(client, newsroom, restricted):
    hidden, open_story = restricted
    briefing = newsletter_make(name="Briefing", slug="briefing")
    now = timezone.now()
    edition = edition_make(
        briefing, articles=[hidden, open_story], status="sent", started_at=now, finished_at=now
    )
    author, tags = newsroom["author"], newsroom["tags"]
    doors = [
        "/",
        newsroom["news"].url,
        newsroom["feed"].url,
        author.url,
        tags.url,
        f"{tags.url}harbourmaster/",
        open_story.url,  # its related stories and the latest news under it
        "/search/?q=harbour",
        "/search/?q=quinquennial",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-news.xml",
        f"/newsletters/briefing/{edition.pk}/",
        *(
            f"/feeds/{scope}{kind}"
            for scope in (
                "",
                f"section/{newsroom['news'].slug}/",
                f"author/{author.slug}/",
                "tag/harbourmaster/",
            )
            for kind in ("rss.xml", "atom.xml")
        ),
        "/feeds/feed.json",
    ]
    for door in doors:
        response = client.get(door)
        assert response.status_code == 200, door
        page = response_bytes(response).decode()
        assert RESTRICTED not in page and RESTRICTED_TITLE not in page, door
        assert hidden.url not in page, door
    assert "harbour board meets in public" in client.get("/search/?q=harbour").content.decode()
    sent = rendering.edition_render(edition)
    assert RESTRICTED_TITLE not in sent.html and RESTRICTED_TITLE not in sent.text
    fill = rendering.articles_for_fill(section=None, hours=24, limit=10)
    assert hidden not in fill and open_story in fill
    # The page itself still asks for what its setting asks for.
    assert RESTRICTED not in client.get(hidden.url).content.decode()
