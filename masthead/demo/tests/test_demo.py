from datetime import timedelta

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Locale, Page, Revision, WorkflowState

from masthead.core.models import MastheadImage
from masthead.demo import services
from masthead.demo.tests.loaded import demo_committed
from masthead.live.models import LivePage
from masthead.newsletters import sending
from masthead.newsletters.models import Delivery, Newsletter
from masthead.newsroom.models import ArticlePage, HomePage, SectionPage, VideoPage
from masthead.people.models import AuthorPage


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "images": MastheadImage.objects.count(),
        "revisions": Revision.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "documents": Document.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Loaded once for the module (what the tests below change, they change the same way
    whatever the order: loading again, adding synthetic stories)."""
    with django_db_blocker.unblock(), demo_committed(media_root=tmp_path_factory.mktemp("m")):
        yield


@pytest.fixture(autouse=True)
def db(demo):
    """The module's database is the demo, committed: no test runs in a transaction of its
    own (pytest-django's `db`)."""


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The demo's media stay where the module's fixture put them."""


def test_the_demo_newsroom_has_what_the_issue_asks_for(demo):
    english = Locale.get_default()
    assert ArticlePage.objects.live().filter(locale=english).count() >= 40
    assert SectionPage.objects.live().filter(locale=english).count() == 5
    assert AuthorPage.objects.live().filter(locale=english).exclude(bio="").count() == 6
    assert VideoPage.objects.live().count() == 3
    scheduled = ArticlePage.objects.filter(
        live=False, latest_revision__approved_go_live_at__isnull=False
    )
    assert scheduled.count() == 1
    assert WorkflowState.objects.filter(status="in_progress").count() == 1
    credits = MastheadImage.objects.exclude(credit="").count()
    assert credits >= 40


def test_the_demo_videos_play_with_captions(ffmpeg, demo, client):
    for video in VideoPage.objects.live():
        with video.video_file.open_file() as clip:
            head = clip.read(8)
        assert head[4:8] == b"ftyp" and video.video_file.file_size < 500_000, video
        assert video.captions.file.read().startswith(b"WEBVTT\n"), video
        assert (video.width, video.height, video.duration) == (640, 360, timedelta(seconds=6))
        assert video.poster is not None
        html = client.get(video.url).content.decode()
        assert f'<source src="{video.video_file.url}" type="video/mp4">' in html
        assert '<track kind="captions"' in html and "not been attached" not in html
    # The lead story, about the flood, shows the flood video in its body.
    lead = HomePage.objects.get(locale=Locale.get_default()).top_story
    html = client.get(lead.url).content.decode()
    assert "<video controls" in html and "not been attached" not in html


def test_the_demo_has_newsletters_with_subscribers_and_an_archive(demo):
    assert Newsletter.objects.count() >= 5
    assert Newsletter.objects.filter(access="members").count() == 2
    for newsletter in Newsletter.objects.all():
        assert newsletter.subscriptions.filter(status="confirmed").count() >= 20, newsletter
        assert newsletter.editions.filter(status="sent").count() >= 2, newsletter
    # Sent through the real code: every confirmed, allowed reader has a delivery record.
    assert Delivery.objects.filter(status="sent").count() > 500
    assert not Delivery.objects.exclude(status="sent").exists()
    # From the Courier's own addresses, not a placeholder such as newsroom@localhost.
    senders = {sending.sender_for(newsletter=n).email for n in Newsletter.objects.all()}
    assert senders == {"briefing@courier.example", "newsletters@courier.example"}


def test_loading_it_twice_duplicates_nothing(demo):
    before = counts()
    services.demo_load(prepare_renditions=False)
    assert counts() == before


def test_if_empty_leaves_a_site_with_stories_alone(demo, capsys):
    before = counts()
    call_command("demo", "--if-empty")
    assert counts() == before
    assert "was not loaded" in capsys.readouterr().out


def test_it_adds_synthetic_stories_once(demo, capsys):
    call_command("demo", "--if-empty", "--articles", "5")
    assert ArticlePage.objects.filter(slug__startswith="synthetic-").count() == 5
    call_command("demo", "--if-empty", "--articles", "5")
    assert ArticlePage.objects.filter(slug__startswith="synthetic-").count() == 5
    assert "Added 0 synthetic stories" in capsys.readouterr().out


def test_synthetic_stories_are_whole_pages(demo, client):
    """Written in bulk, they still sit in a sound page tree and read as any story does."""
    services.demo_articles_generate(count=12)
    assert Page.find_problems() == ([], [], [], [], [])
    story = ArticlePage.objects.get(slug="synthetic-000007")
    response = client.get(story.url)
    assert response.status_code == 200
    byline = story.authors.get().author.title
    assert byline in response.content.decode()
    assert story.read_minutes >= 1 and story.section is not None


def test_the_demo_pages_render(demo, client):
    for path in [
        "/",
        "/news-feed/",
        "/news/",
        "/authors/",
        "/authors/daryna-koval/",
        "/video/",
        "/tags/",
        "/newsletters/",
        "/newsletters/morning-briefing/",
    ]:
        assert client.get(path).status_code == 200, path
    article = ArticlePage.objects.live().first()
    assert client.get(article.url).status_code == 200


def test_the_demo_has_a_ukrainian_edition(demo, client):
    ukrainian = Locale.objects.get(language_code="uk")
    stories = ArticlePage.objects.live().filter(locale=ukrainian)
    assert stories.not_type(LivePage).count() == 6  # and two live pages (test_demo_live.py)
    home = client.get("/uk/").content.decode()
    assert '<html lang="uk">' in home
    assert "Верхня досягла весняної позначки" in home and "Стрічка новин" in home
    assert "Verkhnia river reaches" not in home  # editions do not mix
    assert "допоможіть нам зібрати 500 членів спільноти" in home  # the drive, in Ukrainian
    assert "Верхня" not in client.get("/").content.decode()

    story = stories.get(slug="tramvai-4-pershi-tyzhni")
    page = client.get(story.url).content.decode()
    assert story.url.startswith("/uk/city/")
    assert "Максим Литвин" in page and "Міський репортер" in page
    assert 'href="/uk/authors/maksym-lytvyn/"' in page
    author = client.get("/uk/authors/maksym-lytvyn/").content.decode()
    assert "Четвертий трамвай до Садового" in author
    topic = client.get("/uk/tags/трамвай/").content.decode()
    assert "Четвертий трамвай до Садового" in topic

    # The flood story is a translation: each names the other.
    flood = stories.get(slug="verkhnia-pidnialasia-na-dva-tyzhni-ranishe")
    original = flood.get_translation(Locale.get_default())
    head = client.get(flood.url).content.decode().split("</head>")[0]
    assert f'hreflang="en" href="{original.full_url}"' in head, head[-1500:]
    head = client.get(original.url).content.decode().split("</head>")[0]
    assert f'hreflang="uk" href="{flood.full_url}"' in head
    for path in ["/uk/news/", "/uk/news-feed/", "/uk/authors/", "/uk/tags/", "/uk/feeds/rss.xml"]:
        assert client.get(path).status_code == 200, path


def test_a_fresh_demo_has_most_read_stories_in_both_editions(demo, client):
    import re

    for home in ("/", "/uk/"):
        html = client.get(home).content.decode()
        assert 'id="most-read' in html, home
        section = html.split('id="most-read', 1)[1].split("</section>", 1)[0]
        assert len(re.findall(r"<li", section)) == 5, home


def test_the_demo_has_live_coverage_in_both_editions(demo, client):
    from masthead.demo.live import FLOOD_SLUG, STORM_SLUG
    from masthead.live.models import BreakingNews, LiveUpdate

    for language in ("en", "uk"):
        pages = LivePage.objects.live().filter(locale__language_code=language)
        flood = pages.get(slug=FLOOD_SLUG[language])
        storm = pages.get(slug=STORM_SLUG[language])
        assert (flood.status, flood.coverage_end is not None) == ("ended", True)
        assert flood.updates.count() == 60
        assert flood.updates.filter(key_event=True).count() == 6
        corrected = flood.updates.exclude(correction="").get()
        assert corrected.corrected_at and not corrected.correction.startswith("(")
        assert flood.updates.exclude(image=None).count() == 1
        assert storm.updates.filter(pinned=True).count() == 1
        assert storm.status == "live" and storm.updates.exists()
        assert BreakingNews.objects.filter(locale__language_code=language, page=storm).exists()
    # The editions name each other: the pages by hreflang, each key event its translation.
    english = LivePage.objects.get(slug="spring-flood-live", locale__language_code="en")
    head = client.get(english.url).content.decode().split("</head>")[0]
    assert 'hreflang="uk"' in head
    key = LiveUpdate.objects.filter(page=english, key_event=True).first()
    assert key.translation.page.locale.language_code == "uk"
    html = client.get(f"{english.url}?update={key.pk}").content.decode()
    assert f"?update={key.translation.pk}#update-{key.translation.pk}" in html


def test_the_scheduler_feeds_the_still_live_coverage_only_when_asked(demo, settings):
    from masthead.demo.live import STORM_SLUG, demo_live_feed

    storms = LivePage.objects.filter(slug__in=STORM_SLUG.values())
    before = sum(page.updates.count() for page in storms)
    settings.DEMO_LIVE_FEED = False
    assert demo_live_feed(every_minutes=0) == 0
    settings.DEMO_LIVE_FEED = True
    assert demo_live_feed(every_minutes=0) == 2  # one in each edition
    assert demo_live_feed(every_minutes=60) == 0  # not again until its time
    assert sum(page.updates.count() for page in storms) == before + 2
