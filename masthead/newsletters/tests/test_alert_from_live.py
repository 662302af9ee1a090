"""A key event or a breaking item goes out as an edition to a chosen list, through the
edition's own preview / test / confirm screen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from masthead.live.models import BreakingNews, LiveUpdate
from masthead.live.tests.builders import live_page_make
from masthead.newsletters.models import Edition
from masthead.newsletters.tests.builders import newsletter_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.fixture
def breaking_list(db):
    return newsletter_make(name="Breaking News", slug="breaking-news")


def test_a_key_event_becomes_a_draft_edition_leading_to_the_live_page(
    client, cast, newsroom, breaking_list
):
    live = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    update = LiveUpdate.objects.create(
        page=live, title="Dam gates opened", body="<p>The gates opened.</p>", key_event=True
    )
    client.force_login(cast["editor"])
    screen = client.get(reverse("live_updates:screen", args=[live.pk])).content.decode()
    alert_url = reverse("newsletters_edition:alert", args=["update", update.pk])
    assert alert_url in screen
    form = client.get(alert_url)
    assert form.context["form"].initial["newsletter"] == breaking_list  # chosen for them
    response = client.post(alert_url, {"newsletter": breaking_list.pk})
    edition = Edition.objects.get()
    assert response["Location"] == reverse("newsletters_edition:send", args=[edition.pk])
    assert edition.subject == "Dam gates opened"
    assert edition.intro == "The gates opened."
    assert edition.status == Edition.Status.DRAFT
    assert [story.article_id for story in edition.stories.all()] == [live.pk]


def test_an_ordinary_update_offers_no_newsletter(client, cast, newsroom):
    live = live_page_make(section=newsroom["news"])
    update = LiveUpdate.objects.create(page=live, body="<p>Quiet hour.</p>")
    client.force_login(cast["editor"])
    screen = client.get(reverse("live_updates:screen", args=[live.pk])).content.decode()
    assert reverse("newsletters_edition:alert", args=["update", update.pk]) not in screen


def test_a_breaking_item_becomes_an_edition_too(client, cast, newsroom, breaking_list):
    live = live_page_make(section=newsroom["news"])
    item = BreakingNews.objects.create(
        locale=Locale.get_default(),
        headline="Evacuation ordered in Nyzhnia",
        page=live,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(cast["editor"])
    edit = client.get(reverse("breaking_news:edit", args=[item.pk])).content.decode()
    alert_url = reverse("newsletters_edition:alert", args=["breaking", item.pk])
    assert alert_url in edit
    client.post(alert_url, {"newsletter": breaking_list.pk})
    edition = Edition.objects.get()
    assert edition.subject == "Evacuation ordered in Nyzhnia"
    assert [story.article_id for story in edition.stories.all()] == [live.pk]


def test_a_contributor_cannot_make_one(client, cast, newsroom, breaking_list):
    live = live_page_make(section=newsroom["news"])
    update = LiveUpdate.objects.create(page=live, body="<p>x</p>", key_event=True)
    client.force_login(cast["contributor"])
    url = reverse("newsletters_edition:alert", args=["update", update.pk])
    client.post(url, {"newsletter": breaking_list.pk})
    assert not Edition.objects.exists()
