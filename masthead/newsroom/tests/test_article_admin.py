"""Editing an article in Wagtail's admin, as an editor does."""

import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders


def edit_form(article: ArticlePage, **changes) -> dict:
    fields = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "lead_image": "",
        "lead_image_caption": "",
        "authors": inline_formset(
            [{"id": byline.pk, "author": byline.author_id} for byline in article.authors.all()],
            initial=article.authors.count(),
        ),
        "body": streamfield([("paragraph", rich_text("<p>The story, edited.</p>"))]),
        "tags": "",
        "related_picks": inline_formset([], initial=0),
        "updated_at": "",
        "corrections": rich_text(""),
        "action-publish": "publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


@pytest.fixture
def article(newsroom):
    return builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])


def test_the_editor_opens_the_article_form_with_its_panels(client, cast, article):
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "This edit is a substantive update" in html
    assert 'name="lead_image_caption"' in html and 'name="corrections"' in html


def test_a_substantive_update_shows_readers_an_updated_time(client, cast, article):
    client.force_login(cast["editor"])
    response = client.post(
        f"/admin/pages/{article.pk}/edit/", edit_form(article, mark_updated="on")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.updated_at is not None and article.live
    assert "Updated <time" in client.get(article.url).content.decode()


def test_a_typo_fix_leaves_no_updated_line(client, cast, article):
    client.force_login(cast["editor"])
    client.post(f"/admin/pages/{article.pk}/edit/", edit_form(article))
    article.refresh_from_db()
    assert article.updated_at is None
    assert "Updated <time" not in client.get(article.url).content.decode()


def test_an_article_without_an_author_is_refused(client, cast, article):
    client.force_login(cast["editor"])
    # Deleting the one byline is how an editor would leave none.
    form = edit_form(
        article,
        authors=inline_formset(
            [{"id": b.pk, "author": b.author_id, "DELETE": "on"} for b in article.authors.all()],
            initial=1,
        ),
    )
    response = client.post(f"/admin/pages/{article.pk}/edit/", form)
    assert response.status_code == 200  # the form again, with the error
    assert ArticlePage.objects.get(pk=article.pk).authors.count() == 1


def test_the_contributor_cannot_publish_from_the_form(client, cast, newsroom):
    draft = builders.article_make(
        section=newsroom["news"],
        authors=[newsroom["author"]],
        live=False,
        owner=cast["contributor"],
    )
    client.force_login(cast["contributor"])
    client.post(f"/admin/pages/{draft.pk}/edit/", edit_form(draft))
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_the_headline_is_called_so_and_the_slug_is_its_address(client, cast, article):
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "<span data-panel-heading-text>Headline<" in html and 'placeholder="Headline*"' in html
    assert "Page title" not in html and "to be seen by the public" not in html
    assert re.search(r'id="id_slug-label">\s*Address<', html)
    assert "web address: “tram-line-4-opens” in /news/tram-line-4-opens/." in html


def test_a_section_is_named_so(client, cast, newsroom):
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{newsroom['news'].pk}/edit/").content.decode()
    assert "<span data-panel-heading-text>Section name<" in html
    assert re.search(r'id="id_slug-label">\s*Address<', html)
