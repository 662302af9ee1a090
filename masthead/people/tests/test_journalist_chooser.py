"""An article's bylines are picked from the journalists (not Wagtail's page tree from the root),
and a journalist who has no page yet can be added from the picker."""

import json

import pytest
from wagtail.models import PageLogEntry

from masthead.newsroom.models import ArticleAuthor
from masthead.newsroom.tests import builders
from masthead.people.models import AuthorPage

CHOOSE = "/admin/journalist_chooser/"
CREATE = "/admin/journalist_chooser/create/"


def modal(response) -> dict:
    assert response.status_code == 200, response.content.decode()[:2000]
    return json.loads(response.content)


def test_the_picker_lists_journalists_only(client, cast, newsroom):
    builders.article_make(section=newsroom["news"], title="A story, not a person")
    client.force_login(cast["editor"])
    html = modal(client.get(CHOOSE))["html"]
    assert "Daria Test" in html and "News Editor" in html
    assert "A story, not a person" not in html and ">News<" not in html
    assert "Add a journalist" in html  # the tab with the form


def test_the_picker_finds_journalists_by_name(client, cast, newsroom):
    builders.author_make(index=newsroom["authors"], name="Petro Test")
    client.force_login(cast["editor"])
    html = client.get(CHOOSE + "results/?q=petro").content.decode()
    assert "Petro Test" in html and "Daria Test" not in html


def test_the_bylines_use_the_picker(client, cast, newsroom):
    article = builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f'data-chooser-url="{CHOOSE}"' in html
    assert "Choose a journalist" in html


def test_an_editor_adds_a_journalist_who_is_chosen_and_published(client, cast, newsroom):
    client.force_login(cast["editor"])
    answer = modal(client.post(CREATE, {"name": "Olena Marchuk", "role": "Photographer"}))
    assert answer["step"] == "chosen"
    journalist = AuthorPage.objects.get(title="Olena Marchuk")
    assert answer["result"]["id"] == str(journalist.pk)
    assert answer["result"]["title"] == "Olena Marchuk"
    assert journalist.live and journalist.role == "Photographer"
    assert journalist.get_parent().pk == newsroom["authors"].pk
    assert journalist.slug == "olena-marchuk" and journalist.owner == cast["editor"]
    assert PageLogEntry.objects.filter(page=journalist, action="wagtail.create").exists()
    assert client.get("/authors/olena-marchuk/").status_code == 200


def test_a_second_journalist_of_the_same_name_gets_an_address_of_their_own(client, cast, newsroom):
    client.force_login(cast["editor"])
    modal(client.post(CREATE, {"name": "Daria Test"}))
    assert sorted(AuthorPage.objects.values_list("slug", flat=True)) == [
        "daria-test",
        "daria-test-1",
    ]


def test_a_contributor_adds_a_draft_an_editor_publishes(client, cast, newsroom):
    client.force_login(cast["contributor"])
    modal(client.post(CREATE, {"name": "New Freelancer"}))
    journalist = AuthorPage.objects.get(title="New Freelancer")
    assert not journalist.live and journalist.has_unpublished_changes


def test_someone_who_cannot_add_pages_gets_no_form(client, cast, newsroom):
    client.force_login(cast["membership_manager"])
    assert "Add a journalist" not in modal(client.get(CHOOSE))["html"]
    assert client.post(CREATE, {"name": "Nobody"})["Location"] == "/admin/"  # Wagtail's "no"
    assert not AuthorPage.objects.filter(title="Nobody").exists()


def test_a_name_is_needed(client, cast, newsroom):
    client.force_login(cast["editor"])
    answer = modal(client.post(CREATE, {"name": " "}))
    assert answer["step"] == "reshow_creation_form"
    assert "This field is required" in answer["htmlFragment"]


def test_a_journalist_unpublished_since_is_flagged_on_the_article(client, cast, newsroom):
    gone = builders.author_make(index=newsroom["authors"], name="Left Newsroom")
    article = builders.article_make(section=newsroom["news"], authors=[newsroom["author"], gone])
    gone.unpublish()
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "“Left Newsroom” has no published page, so the byline leaves them out" in html
    assert "“Daria Test” has no published page" not in html
    assert ArticleAuthor.objects.filter(page=article).count() == 2


def test_the_journalist_form_calls_the_title_their_name(client, cast, newsroom):
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{newsroom['author'].pk}/edit/").content.decode()
    assert "<span data-panel-heading-text>Name<" in html and 'placeholder="Name*"' in html
    assert "/authors/olena-marchuk/" in html  # the example under "Address"


@pytest.fixture
def two_editions(newsroom):
    """The Ukrainian edition's page of journalists beside the English one."""
    from wagtail.models import Locale

    from masthead.people.models import AuthorIndexPage

    uk = Locale.objects.get_or_create(language_code="uk")[0]
    home_uk = newsroom["home"].copy_for_translation(uk)
    home_uk.save_revision().publish()
    index = builders.publish(
        AuthorIndexPage(title="Автори", slug="authors", locale=uk), parent=home_uk
    )
    return index


def test_with_two_editions_the_editor_says_where_the_journalist_goes(
    client, cast, newsroom, two_editions
):
    client.force_login(cast["editor"])
    html = modal(client.get(CHOOSE))["html"]
    assert "Автори (" in html and "Authors (" in html
    modal(client.post(CREATE, {"name": "Максим Литвин", "index": two_editions.pk}))
    journalist = AuthorPage.objects.get(title="Максим Литвин")
    assert journalist.get_parent().pk == two_editions.pk
    assert journalist.locale.language_code == "uk"
