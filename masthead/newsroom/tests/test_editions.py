"""English is the default edition; a Ukrainian one is added in the admin, no migration needed."""

from datetime import UTC, datetime

import pytest
from wagtail.models import Locale

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders


@pytest.fixture
def ukrainian(newsroom):
    locale = Locale.objects.create(language_code="uk")
    home = newsroom["home"].copy_for_translation(locale)
    home.title = "Головна"
    home.save_revision().publish()
    section = newsroom["news"].copy_for_translation(locale, copy_parents=True)
    section.title = "Новини"
    section.save_revision().publish()
    story = builders.article_make(
        section=section, title="Річка піднялася на сорок сантиметрів", text="слово " * 500
    )
    return {"home": home, "section": section, "story": story}


def test_the_ukrainian_edition_lives_under_uk(client, newsroom, ukrainian):
    html = client.get("/uk/").content.decode()
    assert '<html lang="uk">' in html
    assert "Річка піднялася на сорок сантиметрів" in html
    assert ukrainian["story"].url.startswith("/uk/news/")


def test_a_ukrainian_story_has_its_own_read_time(client, ukrainian):
    html = client.get(ukrainian["story"].url).content.decode()
    assert "3 хв читання" in html


def test_dates_read_as_each_language_writes_them(client, newsroom, ukrainian):
    when = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)
    ArticlePage.objects.filter(pk=ukrainian["story"].pk).update(first_published_at=when)
    english = builders.article_make(section=newsroom["news"], title="An English story")
    ArticlePage.objects.filter(pk=english.pk).update(first_published_at=when)
    assert "5 листопада 2026" in client.get(ukrainian["story"].url).content.decode()
    assert "5 November 2026" in client.get(english.url).content.decode()


def test_the_ukrainian_edition_speaks_ukrainian(client, ukrainian):
    html = client.get("/uk/").content.decode()
    assert "Стрічка новин" in html and "Перейти до змісту" in html
    assert "Show More" not in html and "News Feed</a>" not in html
    english = client.get("/").content.decode()
    assert "Skip to content" in english


def test_the_wordmark_and_the_404_lead_to_the_editions_own_front_page(client, ukrainian):
    for path, front in [(ukrainian["story"].url, "/uk/"), ("/news/", "/")]:
        assert f'<a class="wordmark" href="{front}">' in client.get(path).content.decode()
    missing = client.get("/uk/no-such-page/").content.decode()
    assert '<p><a href="/uk/">' in missing


def test_editions_do_not_mix(client, newsroom, ukrainian):
    builders.article_make(section=newsroom["news"], title="An English story")
    english = client.get("/").content.decode()
    assert "An English story" in english and "Річка" not in english
    assert "An English story" not in client.get("/uk/").content.decode()


def test_the_language_switch_links_the_editions(client, newsroom, ukrainian):
    html = client.get("/").content.decode()
    assert 'href="/uk/" lang="uk" hreflang="uk"' in html
    assert 'href="/" lang="en" hreflang="en" aria-current="true"' in html


def test_translated_pages_name_each_other_with_hreflang(client, newsroom, ukrainian):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" hreflang="uk" href="http://localhost/uk/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://localhost/">' in html
    city = client.get("/city/").content.decode()  # no translation: no alternates
    assert 'hreflang="uk"' not in city.split("</head>")[0]


def test_each_edition_offers_and_sends_the_newsletter_in_its_own_language(
    client, newsroom, ukrainian
):
    from masthead.newsletters import rendering
    from masthead.newsletters.tests import builders as newsletter_builders

    english = newsletter_builders.newsletter_make(name="Morning Briefing", featured=True)
    newsletter_builders.newsletter_make(
        name="Зеленогірськ за тиждень", featured=True, language="uk", sort_order=1
    )
    english_story = builders.article_make(section=newsroom["news"], title="Tram line reopens")

    assert "Зеленогірськ за тиждень" in client.get(ukrainian["story"].url).content.decode()
    assert "Morning Briefing" not in client.get("/uk/").content.decode()
    english_page = client.get(english_story.url).content.decode()
    assert "Morning Briefing" in english_page and "Зеленогірськ" not in english_page

    # A newsletter filled with the latest stories takes its own edition's only.
    for language, story in (("en", english_story), ("uk", ukrainian["story"])):
        fill = rendering.articles_for_fill(section=None, hours=24, limit=10, language=language)
        assert fill == [story]
    assert english.language == "en"
