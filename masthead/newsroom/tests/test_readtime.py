import json

from masthead.newsroom.readtime import read_minutes, words_count
from masthead.newsroom.tests import builders


def test_it_counts_english_words():
    assert words_count("The river rose forty centimetres overnight.") == 6


def test_it_counts_cyrillic_words_like_latin_ones():
    assert words_count("Річка піднялася на сорок сантиметрів за ніч.") == 7


def test_apostrophes_and_hyphens_keep_a_word_whole():
    assert words_count("п’ять м'ясних well-known сім’я") == 4


def test_it_rounds_up_and_never_says_zero():
    assert read_minutes("") == 1
    assert read_minutes("word " * 220) == 1
    assert read_minutes("word " * 221) == 2


def test_a_ukrainian_story_of_660_words_reads_in_three_minutes():
    assert read_minutes("слово " * 660) == 3


def test_an_article_stores_its_read_time_from_headline_standfirst_and_body(newsroom):
    article = builders.article_make(section=newsroom["news"], text="слово " * 500)
    assert article.read_minutes == 3  # 500 body words + headline + standfirst > 440


def test_read_time_counts_every_kind_of_body_block(newsroom):
    article = builders.article_make(section=newsroom["news"], text="one")
    article.body = json.dumps(
        [
            {"type": "heading", "value": "word " * 100},
            {"type": "quote", "value": {"quote": "word " * 100, "attribution": "", "pull": False}},
            {
                "type": "fact_box",
                "value": {"title": "Facts", "body": "<p>" + "word " * 100 + "</p>"},
            },
        ]
    )
    article.save()
    assert article.read_minutes == 2
