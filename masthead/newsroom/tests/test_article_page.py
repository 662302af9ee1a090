from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from masthead.conftest import renditions_worker_run
from masthead.newsroom.tests import builders


@pytest.fixture
def story(newsroom):
    second = builders.author_make(index=newsroom["authors"], name="Petro Second", role="Reporter")
    image = builders.image_make(
        title="Flood",
        caption="The embankment at dawn.",
        credit="Iryna Test / Courier",
        alt="Sandbags",
    )
    return builders.article_make(
        section=newsroom["news"],
        title="River reaches its spring mark",
        standfirst="Crews worked through the night.",
        authors=[newsroom["author"], second],
        lead_image=image,
        tags=["flood"],
        text="word " * 500,
    )


def test_it_shows_the_story_with_its_bylines_and_read_time(client, story):
    html = client.get(story.url).content.decode()
    assert html.count("<h1") == 1
    assert "River reaches its spring mark</h1>" in html
    assert "Crews worked through the night." in html
    assert "3 min read" in html
    assert (
        'href="/authors/daria-test/">Daria Test</a> and <a href="/authors/petro-second/">' in html
    )
    assert "Published <time" in html


def test_the_lead_image_has_its_caption_credit_alt_and_sizes(client, story):
    renditions_worker_run(story.lead_image)
    html = client.get(story.url).content.decode()
    assert "The embankment at dawn." in html
    assert "Photo: Iryna Test / Courier" in html
    assert 'alt="Sandbags"' in html
    assert 'fetchpriority="high"' in html
    assert 'type="image/avif"' in html or "format-webp" in html
    assert 'width="' in html and 'height="' in html and "srcset=" in html


def test_the_article_can_override_the_image_caption_but_not_its_credit(client, story):
    story.lead_image_caption = "Volunteers filling sandbags."
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert "Volunteers filling sandbags." in html
    assert "The embankment at dawn." not in html
    assert "Photo: Iryna Test / Courier" in html


def test_an_author_card_for_each_author_closes_the_story(client, story):
    html = client.get(story.url).content.decode()
    assert html.count('class="author-card"') == 2
    assert "News Editor" in html and "Writes things." in html
    assert 'href="/authors/daria-test/">Read more' in html


def test_updated_shows_only_after_a_substantive_update(client, story):
    assert "Updated <time" not in client.get(story.url).content.decode()
    story.updated_at = timezone.now() + timedelta(minutes=5)
    story.save_revision().publish()
    assert "Updated <time" in client.get(story.url).content.decode()


def test_a_corrections_note_is_shown(client, story):
    story.corrections = "<p>An earlier version gave the wrong river level.</p>"
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert "Correction</h2>" in html
    assert "wrong river level" in html


def test_tags_link_to_their_listing_and_more_news_follows(client, story, newsroom):
    builders.article_make(section=newsroom["city"], title="Another story")
    html = client.get(story.url).content.decode()
    assert 'href="/tags/flood/" rel="tag"' in html
    assert "More from the News Feed" in html
    assert "Another story" in html


def test_social_cards_and_canonical_are_in_the_head(client, story):
    html = client.get(story.url).content.decode()
    assert '<link rel="canonical" href="http://localhost/news/' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'property="og:image" content="http' in html
    assert '<meta property="article:tag" content="flood">' in html


def test_a_draft_is_not_public(client, newsroom):
    draft = builders.article_make(section=newsroom["news"], live=False)
    assert client.get(f"/news/{draft.slug}/").status_code == 404


def test_the_article_page_costs_the_same_queries_whatever_the_archive(client, newsroom):
    authors = [
        builders.author_make(index=newsroom["authors"], name=f"Writer {n}") for n in range(3)
    ]
    story = builders.article_make(
        section=newsroom["news"],
        authors=authors,
        tags=["a", "b", "c"],
        lead_image=builders.image_make(),
    )

    def queries() -> int:
        client.get(story.url)  # renditions are made on the first view
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url).status_code == 200
        return len(captured.captured_queries)

    for _ in range(7):  # enough to fill "More from the News Feed"
        builders.article_make(
            section=newsroom["city"], authors=authors, lead_image=builders.image_make()
        )
    few = queries()
    for _ in range(25):
        builders.article_make(
            section=newsroom["city"], authors=authors, lead_image=builders.image_make()
        )
    assert queries() == few
    assert few <= 40  # page, bylines, tags, related, more news, settings, JSON-LD
