"""Picking stories in the admin (the home page's top and secondary stories, an article's related
stories, a newsletter edition's stories): live stories only, and one chosen earlier that is
not live any more is flagged where it was chosen, and kept."""

import json

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.conftest import nothing_cached
from masthead.newsletters.tests.builders import edition_make, newsletter_make
from masthead.newsroom.models import ArticleRelatedPick, HomeFeatured
from masthead.newsroom.tests import builders

CHOOSER = 'data-chooser-url="/admin/story_chooser/"'
FLAG = "is not live, so readers do not see it here"


@pytest.fixture
def stories(newsroom):
    news = newsroom["news"]
    return {
        "live": builders.article_make(section=news, title="Tram line opens"),
        # What Wagtail's autosave leaves of a story begun and never published.
        "draft": builders.article_make(section=news, title="Tram line draft", live=False),
        "unpublished": builders.article_make(section=news, title="Tram line withdrawn"),
        "private": builders.article_make(section=news, title="Tram line behind a password"),
    }


@pytest.fixture
def editor(client, cast):
    client.force_login(cast["editor"])
    return cast["editor"]


def modal_html(response) -> str:
    assert response.status_code == 200
    return json.loads(response.content)["html"]


def test_the_picker_offers_live_public_stories_only(client, editor, stories):
    stories["unpublished"].unpublish()
    PageViewRestriction.objects.create(
        page=stories["private"], restriction_type="password", password="secret"
    )
    nothing_cached()
    html = modal_html(client.get("/admin/story_chooser/"))
    assert "Tram line opens" in html
    assert "Tram line draft" not in html
    assert "Tram line withdrawn" not in html
    assert "Tram line behind a password" not in html
    assert "News" in html  # each story's section, to tell two alike apart


def test_the_picker_finds_stories_by_words_of_the_headline(client, editor, stories, newsroom):
    builders.article_make(section=newsroom["city"], title="Bridge repairs begin")
    html = client.get("/admin/story_chooser/results/?q=bridge").content.decode()
    assert "Bridge repairs begin" in html and "Tram line opens" not in html


@pytest.mark.parametrize("where", ["home page", "article", "edition"])
def test_every_story_field_uses_the_picker(client, editor, stories, newsroom, where):
    article = stories["live"]
    url = {
        "home page": f"/admin/pages/{newsroom['home'].pk}/edit/",
        "article": f"/admin/pages/{article.pk}/edit/",
        "edition": reverse("newsletters_edition:add"),
    }[where]
    html = client.get(url).content.decode()
    assert CHOOSER in html
    if where == "home page":  # it picks no other pages: Wagtail's tree picker is gone
        assert "/admin/choose-page/" not in html


def test_a_top_story_taken_down_is_flagged_and_kept(client, editor, stories, newsroom):
    home = newsroom["home"]
    home.top_story = stories["unpublished"]
    home.featured = [HomeFeatured(article=stories["live"])]
    home.save_revision().publish()
    stories["unpublished"].unpublish()

    url = f"/admin/pages/{home.pk}/edit/"
    html = client.get(url).content.decode()
    assert f"“Tram line withdrawn” {FLAG}" in html
    assert "“Tram line opens” is not live" not in html

    form = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "top_story": stories["unpublished"].pk,
            "featured": inline_formset(
                [
                    {"id": featured.pk, "article": featured.article_id}
                    for featured in HomeFeatured.objects.filter(page=home)
                ],
                initial=1,
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    home.refresh_from_db()
    assert home.top_story_id == stories["unpublished"].pk  # still there for the editor to see


def test_a_related_story_behind_a_password_is_flagged(client, editor, stories):
    article = builders.article_make(
        section=stories["live"].get_parent().specific, title="Main story"
    )
    article.related_picks = [ArticleRelatedPick(article=stories["private"])]
    article.save_revision().publish()
    PageViewRestriction.objects.create(
        page=stories["private"], restriction_type="password", password="secret"
    )
    nothing_cached()  # as when the restriction's save reaches every process
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f"“Tram line behind a password” {FLAG}" in html


def test_an_edition_story_unpublished_since_is_flagged(client, editor, stories):
    edition = edition_make(
        newsletter_make(name="Briefing", slug="briefing"),
        articles=[stories["live"], stories["unpublished"]],
    )
    stories["unpublished"].unpublish()
    html = client.get(reverse("newsletters_edition:edit", args=[edition.pk])).content.decode()
    assert f"“Tram line withdrawn” {FLAG}" in html
    assert "“Tram line opens” is not live" not in html
    assert edition.stories.count() == 2
