"""Subheadings in a story carry ids readers can link to, in any script and unique on the page."""

import json

from masthead.newsroom.tests import builders


def story_with_headings(newsroom, *headings: str):
    story = builders.article_make(section=newsroom["news"], title="Tram line 4")
    story.body = json.dumps(
        [
            block
            for heading in headings
            for block in (
                {"type": "heading", "value": heading},
                {"type": "paragraph", "value": "<p>What happened next.</p>"},
            )
        ]
    )
    story.save_revision().publish()
    return story


def test_a_cyrillic_heading_gets_an_id_from_its_words(client, newsroom):
    story = story_with_headings(newsroom, "Що далі для трамвая")
    html = client.get(story.url).content.decode()
    assert '<h2 id="що-далі-для-трамвая">Що далі для трамвая</h2>' in html


def test_an_english_heading_keeps_the_id_it_had(client, newsroom):
    story = story_with_headings(newsroom, "What the council decided")
    html = client.get(story.url).content.decode()
    assert '<h2 id="what-the-council-decided">What the council decided</h2>' in html


def test_headings_with_the_same_words_get_ids_of_their_own(client, newsroom):
    story = story_with_headings(newsroom, "Timeline", "Timeline", "timeline")
    html = client.get(story.url).content.decode()
    assert 'id="timeline">' in html
    assert 'id="timeline-2">' in html
    assert 'id="timeline-3">' in html


def test_a_heading_without_letters_still_gets_an_id(client, newsroom):
    story = story_with_headings(newsroom, "…")
    html = client.get(story.url).content.decode()
    assert '<h2 id="section">…</h2>' in html
