import pytest
from django.core.management import call_command

from masthead.conftest import background_tasks_run
from masthead.discovery.models import RelatedArticle
from masthead.discovery.related import related_compute
from masthead.newsroom.models import ArticleRelatedPick
from masthead.newsroom.tests import builders


@pytest.fixture
def stories(newsroom):
    make = builders.article_make
    return {
        "tram": make(
            section=newsroom["city"],
            title="Tram line extension approved",
            standfirst="Six new stops for Sadovyi.",
            tags=["tram", "transport"],
            hours_ago=50,
        ),
        "tram_cost": make(
            section=newsroom["news"],
            title="What the tram extension will cost",
            standfirst="Six hundred million hryvnias.",
            tags=["tram", "transport", "budget"],
            hours_ago=40,
        ),
        "buses": make(
            section=newsroom["city"],
            title="Night buses start in January",
            standfirst="Two routes until two in the morning.",
            tags=["transport"],
            hours_ago=30,
        ),
        "bakery": make(
            section=newsroom["news"],
            title="Bakery buys the old mill",
            standfirst="Seventeen bakers pooled savings.",
            tags=["food"],
            hours_ago=1,
        ),
    }


def test_shared_tags_and_words_beat_the_newest_story(stories):
    chosen = [story for story, _ in related_compute(article=stories["tram"])]
    assert chosen[0] == stories["tram_cost"]
    assert stories["buses"] in chosen
    assert stories["bakery"] not in chosen  # newest, but nothing in common


def test_publishing_computes_related_stories_in_the_background(client, stories):
    assert not RelatedArticle.objects.exists()
    background_tasks_run()
    targets = list(
        RelatedArticle.objects.filter(source=stories["tram"]).values_list("target_id", flat=True)
    )
    assert targets[0] == stories["tram_cost"].pk
    html = client.get(stories["tram"].url).content.decode()
    related = html.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    assert "What the tram extension will cost" in related and "Bakery" not in related


def test_an_editors_pick_comes_before_the_computed_ones(client, stories):
    background_tasks_run()
    tram = stories["tram"]
    tram.related_picks = [ArticleRelatedPick(article=stories["bakery"])]
    tram.save_revision().publish()
    html = client.get(tram.url).content.decode()
    related = html.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    assert (
        "Bakery buys the old mill" in related and "What the tram extension will cost" not in related
    )


def test_an_unpublished_story_drops_out_of_related(client, stories):
    background_tasks_run()
    stories["tram_cost"].unpublish()
    html = client.get(stories["tram"].url).content.decode()
    assert "What the tram extension will cost" not in html


def test_rebuild_computes_every_article(stories, capsys):
    call_command("related_rebuild")
    assert RelatedArticle.objects.filter(source=stories["buses"]).exists()
    assert "Related stories computed for 4 articles." in capsys.readouterr().out
