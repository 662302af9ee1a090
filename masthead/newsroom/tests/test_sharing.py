"""Sharing a story: plain links to each network's share page under the story (nothing loaded from
them), our page that asks a Mastodon user for their server, and the social card preview on the
editor's screen, which shows what the page's Open Graph tags say."""

import html as html_lib
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from masthead.core.models import NewsroomSettings
from masthead.newsroom.sharing import mastodon_server
from masthead.newsroom.sharing import share_links as share_links_for
from masthead.newsroom.tests import builders
from masthead.newsroom.tests.test_article_admin import edit_form

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]

NETWORKS = {
    "Share on Bluesky": "https://bsky.app/intent/compose?",
    "Share on Mastodon": "/share/mastodon/?",
    "Share on Facebook": "https://www.facebook.com/sharer/sharer.php?",
    "Share on X": "https://x.com/intent/post?",
    "Share on Telegram": "https://t.me/share/url?",
    "Share on WhatsApp": "https://wa.me/?",
    "Share on LinkedIn": "https://www.linkedin.com/sharing/share-offsite/?",
    "Share by e-mail": "mailto:?",
}


@pytest.fixture
def story(newsroom):
    image = builders.image_make(title="Depot", alt="Trams in the depot")
    return builders.article_make(
        section=newsroom["news"],
        title="Tram line 4 opens & runs late",
        standfirst="The first trams ran at dawn.",
        lead_image=image,
        authors=[newsroom["author"]],
    )


def share_links(page_html: str) -> dict[str, str]:
    section = page_html.split('<section class="share"', 1)[1].split("</section>", 1)[0]
    return {
        label: html_lib.unescape(href)
        for href, label in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', section)
    }


def test_the_story_has_a_link_for_each_network(client, story):
    links = share_links(client.get(story.url).content.decode())
    assert list(links) == list(NETWORKS)
    for label, start in NETWORKS.items():
        assert links[label].startswith(start), label
    address = story.full_url
    bluesky = parse_qs(urlsplit(links["Share on Bluesky"]).query)
    assert bluesky["text"] == [f"Tram line 4 opens & runs late {address}"]
    assert parse_qs(urlsplit(links["Share on Facebook"]).query)["u"] == [address]
    assert parse_qs(urlsplit(links["Share on X"]).query) == {
        "text": ["Tram line 4 opens & runs late"],
        "url": [address],
    }
    assert links["Share by e-mail"] == (
        f"mailto:?subject={quote('Tram line 4 opens & runs late')}"
        f"&body={quote('Tram line 4 opens & runs late ' + address)}"
    )


def test_x_names_the_newsroom_account(client, story):
    newsroom_settings = NewsroomSettings.for_site(story.get_site())
    newsroom_settings.x_handle = "@courier"
    newsroom_settings.save()
    links = share_links(client.get(story.url).content.decode())
    assert parse_qs(urlsplit(links["Share on X"]).query)["via"] == ["courier"]


@pytest.mark.parametrize("language", ["en", "uk"])
def test_each_link_s_accessible_name_holds_what_it_says(language):
    with translation.override(language):
        links = share_links_for(url="https://news.example/t/", title="Tram")
    assert all(link.name.lower() in link.label.lower() for link in links)
    assert len({link.label for link in links}) == len(links)


def test_nothing_is_loaded_from_the_networks(client, story):
    page = client.get(story.url).content.decode()
    for host in ("bsky.app", "facebook.com", "x.com", "t.me", "wa.me", "linkedin.com"):
        assert not re.search(rf'(src|srcset|data|action)="[^"]*{re.escape(host)}', page), host
    assert "<iframe" not in page
    assert "Share this story</h2>" in page


def test_mastodon_asks_for_the_server(client):
    response = client.get("/share/mastodon/", {"text": "A story https://news.example/x/"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<label for="mastodon-server">Your Mastodon server</label>' in page
    assert 'name="text" value="A story https://news.example/x/"' in page
    assert "noindex" in page


@pytest.mark.parametrize(
    "typed", ["mastodon.social", "https://Mastodon.Social/", "@olena@mastodon.social"]
)
def test_mastodon_then_offers_the_server_s_share_page(client, typed):
    response = client.get("/share/mastodon/", {"text": "A story & more", "server": typed})
    page = response.content.decode()
    assert 'href="https://mastodon.social/share?text=A+story+%26+more"' in page
    assert "Continue to mastodon.social" in page


@pytest.mark.parametrize(
    "typed", ["javascript:alert(1)", "mastodon", "-bad-.example", "a b.social", "x" * 300]
)
def test_mastodon_refuses_what_is_not_a_server(client, typed):
    response = client.get("/share/mastodon/", {"text": "A story", "server": typed})
    assert response.status_code == 400
    assert "That is not a server" in response.content.decode()
    assert "/share?text=" not in response.content.decode()


def test_mastodon_server_names():
    assert mastodon_server("  social.example.org ") == "social.example.org"
    assert mastodon_server("ftp://x") == ""


def test_the_ukrainian_edition_links_to_its_own_mastodon_page(client):
    with translation.override("uk"):
        assert reverse("share_mastodon") == "/uk/share/mastodon/"
    assert client.get("/uk/share/mastodon/").status_code == 200


def social_card_preview(client, story, **changes) -> str:
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    form = edit_form(story, lead_image=story.lead_image_id or "", **changes)
    form.pop("action-publish")
    assert client.post(url, form).json() == {"is_valid": True, "is_available": True}
    response = client.get(url, {"mode": "social-card"})
    assert response.status_code == 200
    return response.content.decode()


def og(page_html: str, prop: str) -> str:
    return html_lib.unescape(re.search(rf'<meta property="{prop}" content="([^"]*)"', page_html)[1])


def test_the_editor_previews_the_social_card_as_the_page_tells_the_networks(client, cast, story):
    client.force_login(cast["editor"])
    card = social_card_preview(client, story)
    page = client.get(story.url).content.decode()
    assert f'<p class="card__title" data-card-title>{html_lib.escape(og(page, "og:title"))}' in card
    assert og(page, "og:title") == "Tram line 4 opens & runs late"
    assert og(page, "og:description") == "The first trams ran at dawn."
    assert "data-card-description>The first trams ran at dawn.<" in card
    assert "data-card-domain>" in card and 'alt="Trams in the depot"' in card
    picture = re.search(r'<img[^>]+src="([^"]+)"', card)[1]
    assert og(page, "og:image").endswith(picture)  # the same 1200x630 crop


def test_the_card_shows_unsaved_search_words_before_the_headline(client, cast, story):
    client.force_login(cast["editor"])
    card = social_card_preview(
        client, story, seo_title="Line 4: first trams", search_description="What changes."
    )
    assert "data-card-title>Line 4: first trams<" in card
    assert "data-card-description>What changes.<" in card


def test_a_story_without_a_picture_shows_the_newsroom_share_image(client, cast, newsroom):
    story = builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])
    newsroom_settings = NewsroomSettings.for_site(story.get_site())
    newsroom_settings.share_image = builders.image_make(title="Logo card", alt="The Courier")
    newsroom_settings.save()
    client.force_login(cast["editor"])
    card = social_card_preview(client, story)
    assert 'alt="The Courier"' in card and "share image" in card


def test_the_preview_modes_are_offered(client, cast, story):
    client.force_login(cast["editor"])
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert 'value="social-card"' in html and "Social card" in html
