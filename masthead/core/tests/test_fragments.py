"""Shared fragments: what every reader sees alike is rendered once per publish and reused by
every render after it, signed-in readers included; nothing personal or unpublished is shared."""

import pytest
from django.core.cache import cache

from masthead.conftest import renditions_worker_run
from masthead.core.pagecache import fragments
from masthead.core.pagecache.fragments import remembered
from masthead.core.pagecache.generation import pages_changed
from masthead.newsroom.tests import builders

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def test_a_second_render_reuses_the_fragments_and_reads_almost_nothing(
    client, newsroom, django_assert_max_num_queries
):
    story = builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])
    renditions_worker_run(newsroom["author"].avatar)  # else the page is provisional
    first = client.get(story.url).content
    with django_assert_max_num_queries(2):  # where the path leads, and the page
        second = client.get(story.url).content
    assert second == first


def test_a_render_finds_its_fragments_in_this_process(client, newsroom, monkeypatch):
    """No round trip to the shared cache (Redis) for each fragment once this process has
    read it."""
    story = builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])
    renditions_worker_run(newsroom["author"].avatar)
    first = client.get(story.url).content
    shared_reads = []
    monkeypatch.setattr(fragments, "kept", lambda key, *a, **k: shared_reads.append(key))
    assert client.get(story.url).content == first
    assert shared_reads == []


def test_each_render_gets_its_own_copy_until_the_pages_change(db):
    shelf = remembered("shelf", lambda: ["first"])
    shelf.append("changed by one render")
    assert remembered("shelf", lambda: ["second"]) == ["first"]

    pages_changed()
    assert remembered("shelf", lambda: ["second"]) == ["second"]


def test_publishing_refreshes_fragments_on_pages_that_did_not_change(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="The first story")
    assert "Ferry timetable" not in client.get(story.url).content.decode()
    assert "Ferry timetable" not in client.get("/").content.decode()

    builders.article_make(section=newsroom["city"], title="Ferry timetable changes")

    assert "Ferry timetable changes" in client.get(story.url).content.decode()  # More news
    assert "Ferry timetable changes" in client.get("/").content.decode()


def test_a_preview_shows_the_draft_not_the_published_fragment(client, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Published headline")
    assert "Published headline" in client.get(story.url).content.decode()

    draft = story.get_latest_revision_as_object()
    draft.title = "Draft headline"
    preview = draft.make_preview_request().content.decode()
    assert "Draft headline" in preview

    assert "Draft headline" not in client.get(story.url).content.decode()


def test_members_and_other_readers_never_get_each_others_article(client, newsroom, readers):
    story = builders.article_make(
        section=newsroom["news"], members_only=True, text="Only for members to read"
    )
    assert "Only for members to read" not in client.get(story.url).content.decode()

    client.force_login(readers["paying"])
    assert "Only for members to read" in client.get(story.url).content.decode()
    client.force_login(readers["lapsed"])
    assert "Only for members to read" not in client.get(story.url).content.decode()

    client.logout()
    assert "Only for members to read" not in client.get(story.url).content.decode()


def test_each_tag_and_list_page_keeps_its_own_fragment(client, newsroom):
    builders.article_make(section=newsroom["news"], title="About trams", tags=["Trams"])
    builders.article_make(section=newsroom["news"], title="About ferries", tags=["Ferries"])
    trams = client.get(f"{newsroom['tags'].url}trams/").content.decode()
    ferries = client.get(f"{newsroom['tags'].url}ferries/").content.decode()
    assert "About trams" in trams and "About ferries" not in trams
    assert "About ferries" in ferries and "About trams" not in ferries
    assert "<title>Ferries" in ferries


def test_a_changed_alt_text_is_new_markup_at_once(client, newsroom):
    image = builders.image_make(title="Tram depot", alt="The old depot")
    story = builders.article_make(section=newsroom["news"], lead_image=image)
    assert 'alt="The old depot"' in client.get(story.url).content.decode()

    image.description = "The depot after the fire"
    image.save()
    story.save_revision().publish()  # the page shows image changes when next published

    assert 'alt="The depot after the fire"' in client.get(story.url).content.decode()


def test_a_cache_that_fails_means_computing_again(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    calls = []
    assert remembered("anything", lambda: calls.append(1) or "value") == "value"
    assert remembered("anything", lambda: calls.append(1) or "value") == "value"
    assert len(calls) == 2
    cache.close()


def test_fragments_are_kept_apart_for_each_host_the_site_answers_to(client, newsroom, settings):
    """Absolute links made from the host the reader asked for (the search action in the home
    page's structured data): a fragment made for one host must not appear on another."""
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org", "testserver"]
    first = client.get("/", HTTP_HOST="news.example.org").content.decode()
    assert "http://news.example.org/search/" in first
    second = client.get("/", HTTP_HOST="www.news.example.org").content.decode()
    assert "http://news.example.org/search/" not in second
    assert "http://www.news.example.org/search/" in second
