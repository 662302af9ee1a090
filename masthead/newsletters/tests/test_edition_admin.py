"""Editors compose an edition, preview it, send a test to themselves, send it, and watch."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from masthead.conftest import background_tasks_run
from masthead.core.models import NewsroomSettings
from masthead.newsletters.models import Edition
from masthead.newsletters.tests.builders import edition_make, newsletter_make, subscribed

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.fixture
def editor(client, cast):
    cast["editor"].email = "erin@courier.test"
    cast["editor"].save()
    client.force_login(cast["editor"])
    return cast["editor"]


def test_an_editor_composes_an_edition_from_picked_stories(client, editor, briefing, stories):
    response = client.post(
        reverse("newsletters_edition:add"),
        {
            "newsletter": briefing.pk,
            "subject": "Wednesday: trams <and> bridges",
            "preheader": "Two votes",
            "intro": "Good morning.",
            "fill_hours": 24,
            "stories-TOTAL_FORMS": 1,
            "stories-INITIAL_FORMS": 0,
            "stories-MIN_NUM_FORMS": 0,
            "stories-MAX_NUM_FORMS": 1000,
            "stories-0-article": stories[1].pk,
            "stories-0-ORDER": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    edition = Edition.objects.get()
    assert [s.article_id for s in edition.stories.all()] == [stories[1].pk]

    preview = client.get(reverse("newsletters_edition:preview", args=[edition.pk]))
    html = preview.content.decode()
    assert "Council votes on the tram" in html and "trams &lt;and&gt; bridges" in html
    assert "script-src 'none'" in preview["Content-Security-Policy"]
    text = client.get(reverse("newsletters_edition:preview", args=[edition.pk]) + "?format=text")
    assert "Council votes on the tram" in text.content.decode()


def test_send_a_test_then_send_and_see_the_results(
    client, editor, briefing, stories, smtp_server, django_capture_on_commit_callbacks
):
    subscribed("reader@example.org", briefing)
    subscribed("other@example.org", briefing)
    edition = edition_make(briefing, articles=stories)
    url = reverse("newsletters_edition:send", args=[edition.pk])
    page = client.get(url).content.decode()
    assert "Send now to 2 subscribers" in page and "<iframe" in page

    client.post(url, {"test": "1"})
    [test] = smtp_server
    assert test.envelope_to == ["erin@courier.test"] and test["Subject"].startswith("[Test]")
    edition.refresh_from_db()
    assert edition.status == "draft"  # a test sends nothing else

    confirm = reverse("newsletters_edition:send_confirm", args=[edition.pk])
    assert "Send “Morning Briefing” to 2 subscribers now?" in client.get(confirm).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm, follow=True)
    assert b"Sending to 2 subscribers" in response.content
    background_tasks_run()
    page = client.get(url).content.decode()
    assert 'data-figure="sent">2<' in page and 'data-figure="remaining">0<' in page
    assert "Messages sent per minute" in page and "<svg" in page
    assert sorted(m.envelope_to[0] for m in smtp_server[1:]) == [
        "other@example.org",
        "reader@example.org",
    ]
    # A sent edition is history: its edit page leads back here, and it cannot go again.
    assert client.get(reverse("newsletters_edition:edit", args=[edition.pk]))["Location"] == url
    response = client.post(url, {"send": "1"}, follow=True)
    assert b"sent already" in response.content and len(smtp_server) == 3


def test_send_now_asks_first_naming_the_list_and_the_count(client, cast, editor, briefing, stories):
    for number in range(3):
        subscribed(f"reader{number}@example.org", briefing)
    edition = edition_make(briefing, articles=stories)
    url = reverse("newsletters_edition:send", args=[edition.pk])
    confirm = reverse("newsletters_edition:send_confirm", args=[edition.pk])
    page = client.get(url).content.decode()
    assert f'href="{confirm}"' in page and "Send now to 3 subscribers" in page
    assert client.post(url, {"send": "1"})["Location"] == confirm  # a form from before

    question = client.get(confirm).content.decode()
    assert "Send “Morning Briefing” to 3 subscribers now?" in question
    assert "Tuesday: the bridge reopens" in question and "briefing@courier.test" in question
    assert f'href="{url}"' in question  # "No, back to the edition"
    edition.refresh_from_db()
    assert edition.status == "draft" and not edition.deliveries.exists()
    client.force_login(cast["contributor"])
    assert client.post(confirm).status_code in (302, 403)
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_a_placeholder_sender_is_refused_saying_where_to_set_it(
    client, editor, stories, settings, smtp_server
):
    settings.DEFAULT_FROM_EMAIL = "newsroom@localhost"
    weekly = newsletter_make(name="City Hall Weekly", sender_email="")
    subscribed("reader@example.org", weekly)
    edition = edition_make(weekly, articles=stories)
    url = reverse("newsletters_edition:send", args=[edition.pk])
    confirm = reverse("newsletters_edition:send_confirm", args=[edition.pk])
    page = client.get(url).content.decode()
    assert "the newsroom&#x27;s is newsroom@localhost (DEFAULT_FROM_EMAIL), a placeholder" in page
    assert "Settings → Newsroom settings → Newsletters" in page
    assert f'href="{confirm}"' not in page

    for response in (
        client.post(confirm, follow=True),
        client.post(url, {"test": "1"}, follow=True),
    ):
        assert "nothing is sent until there is one" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == "draft" and not edition.deliveries.exists() and not smtp_server

    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.newsletter_sender_email = "letters@cityhall-courier.org"
    newsroom.save()
    page = client.get(url).content.decode()
    assert "The Zelenohirsk Courier &lt;letters@cityhall-courier.org&gt;" in page
    assert f'href="{confirm}"' in page


def test_an_edition_can_be_scheduled_and_unscheduled(client, editor, briefing, stories):
    edition = edition_make(briefing, articles=stories)
    url = reverse("newsletters_edition:send", args=[edition.pk])
    response = client.post(url, {"schedule": "1", "send_at": "2020-01-01T07:00"}, follow=True)
    assert b"Choose a time in the future" in response.content
    client.post(url, {"schedule": "1", "send_at": "2099-01-01T07:00"})
    edition.refresh_from_db()
    assert edition.status == "scheduled" and edition.send_at.year == 2099
    client.post(url, {"unschedule": "1"})
    edition.refresh_from_db()
    assert edition.status == "draft" and edition.send_at is None


def test_contributors_cannot_send_and_membership_managers_cannot_write(client, cast, briefing):
    edition = edition_make(briefing)
    url = reverse("newsletters_edition:send", args=[edition.pk])
    client.force_login(cast["contributor"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(cast["membership_manager"])
    assert client.get(reverse("newsletters_edition:add")).status_code in (302, 403)
    assert client.post(url, {"send": "1"}).status_code in (302, 403)
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_the_overview_shows_lists_and_a_chart(client, editor, briefing):
    subscribed("reader@example.org", briefing)
    page = client.get(reverse("newsletters_overview:index")).content.decode()
    assert 'data-figure="confirmed-morning-briefing">1<' in page
    assert "New subscriptions per week" in page and "<rect" in page


def test_a_newsletter_with_an_archive_is_not_deleted(client, cast, briefing):
    edition_make(briefing)
    client.force_login(cast["admin"])
    url = f"/admin/newsletters/lists/delete/{briefing.pk}/"
    response = client.post(url, follow=True)
    assert "has editions in its archive" in response.content.decode()
    assert Edition.objects.filter(newsletter=briefing).exists()
