from datetime import timedelta

from masthead.newsroom.models import HomeFeatured
from masthead.newsroom.tests import builders


def test_the_newest_story_leads_when_no_top_story_is_chosen(client, newsroom):
    builders.article_make(section=newsroom["news"], title="Older story", hours_ago=5)
    builders.article_make(section=newsroom["city"], title="Newest story", hours_ago=1)
    html = client.get("/").content.decode()
    lead = html.split('aria-label="Top stories"', 1)[1]
    assert lead.index("Newest story") < lead.index("Older story")
    assert 'class="card card--top"' in lead


def test_editors_choose_the_top_and_secondary_stories(client, newsroom):
    chosen = builders.article_make(section=newsroom["news"], title="Chosen top", hours_ago=30)
    second = builders.article_make(section=newsroom["news"], title="Chosen second", hours_ago=20)
    builders.article_make(section=newsroom["city"], title="Newest story", hours_ago=1)
    home = newsroom["home"]
    home.top_story = chosen
    home.featured = [HomeFeatured(article=second)]
    home.save_revision().publish()
    lead = client.get("/").content.decode().split('aria-label="Top stories"', 1)[1]
    assert lead.index("Chosen top") < lead.index("Chosen second") < lead.index("Newest story")


def test_a_withdrawn_top_story_falls_back_to_the_newest(client, newsroom):
    chosen = builders.article_make(section=newsroom["news"], title="Withdrawn top", hours_ago=3)
    builders.article_make(section=newsroom["city"], title="Newest story", hours_ago=1)
    home = newsroom["home"]
    home.top_story = chosen
    home.save_revision().publish()
    chosen.unpublish()
    html = client.get("/").content.decode()
    assert "Withdrawn top" not in html
    assert "Newest story" in html


def test_it_shows_section_rows_the_news_feed_and_videos(client, newsroom):
    for n in range(12):  # five lead the page, five more the feed; the rest fill the City row
        builders.article_make(section=newsroom["city"], title=f"A city story {n}", hours_ago=n)
    builders.video_make(
        index=newsroom["videos"], title="River from the air", duration=timedelta(seconds=194)
    )
    html = client.get("/").content.decode()
    assert 'id="row-city"' in html and 'id="row-news"' not in html  # no stories, no row
    assert 'id="news-feed"' in html
    assert "River from the air" in html and "3:14" in html


def test_sections_can_stay_off_the_home_page(client, newsroom):
    for n in range(12):
        builders.article_make(section=newsroom["city"], title=f"A city story {n}", hours_ago=n)
    newsroom["city"].show_on_home = False
    newsroom["city"].save_revision().publish()
    assert 'id="row-city"' not in client.get("/").content.decode()


def test_the_navigation_lists_sections_marked_for_menus(client, newsroom):
    nav = client.get("/").content.decode().split('aria-label="Sections"', 1)[1].split("</nav>")[0]
    assert ">News</a>" in nav and ">City</a>" in nav and ">News Feed</a>" in nav
    assert ">Topics</a>" not in nav


def test_the_home_page_runs_a_fixed_number_of_queries(
    client, newsroom, django_assert_max_num_queries
):
    for n in range(20):
        builders.article_make(
            section=newsroom["news" if n % 2 else "city"],
            authors=[newsroom["author"]],
            lead_image=builders.image_make(),
            hours_ago=n,
        )
    client.get("/")
    with django_assert_max_num_queries(40):
        assert client.get("/").status_code == 200


def test_a_story_appears_once_on_the_home_page(client, newsroom):
    import re

    for n in range(14):
        builders.article_make(
            section=newsroom["city" if n % 2 else "news"], title=f"Story {n:02d}", hours_ago=n
        )
    html = client.get("/").content.decode().split("<main", 1)[1]
    top, rows = html.split('aria-labelledby="row-', 1)
    cards, row_cards = re.findall(r">(Story \d\d)<", top), re.findall(r">(Story \d\d)<", rows)
    shown = cards + row_cards
    assert len(shown) == len(set(shown)), (cards, row_cards)
    assert cards[:5] == ["Story 00", "Story 01", "Story 02", "Story 03", "Story 04"]
    assert row_cards  # the older ones, section by section
    assert 'href="/news-feed/?page=2"' in html
