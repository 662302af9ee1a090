"""Editors post, correct, pin, delete and review updates on the live updates screen; none of
it makes a revision of the page."""

import json

import pytest
from django.urls import reverse

from masthead.live.models import LivePage, LiveUpdate
from masthead.live.tests.builders import live_page_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.fixture
def live(newsroom):
    return live_page_make(section=newsroom["news"], authors=[newsroom["author"]])


def draftail(text: str) -> str:
    """What Draftail submits for one paragraph of text."""
    block = {"key": "a", "type": "unstyled", "text": text, "depth": 0}
    return json.dumps(
        {"blocks": [{**block, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}
    )


def _post(client, live, **fields):
    data = {"new-body": draftail(fields.pop("text", "The bridge is closed."))}
    data.update({f"new-{name}": value for name, value in fields.items()})
    return client.post(reverse("live_updates:screen", args=[live.pk]), data)


def test_an_editor_posts_an_update_without_a_new_revision_of_the_page(client, cast, live):
    client.force_login(cast["editor"])
    revisions = live.revisions.count()
    response = _post(client, live, title="Bridge closed", key_event="on")
    assert response.status_code == 302
    update = LiveUpdate.objects.get(page=live)
    assert (update.title, update.key_event, update.state) == ("Bridge closed", True, "published")
    assert "The bridge is closed." in update.body
    assert live.revisions.count() == revisions
    screen = client.get(reverse("live_updates:screen", args=[live.pk]))
    assert "Bridge closed" in screen.content.decode()


def test_two_editors_posting_at_once_both_keep_their_update(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="First editor's update.")
    client.force_login(cast["admin"])
    _post(client, live, text="Second editor's update.")
    assert LiveUpdate.objects.filter(page=live).count() == 2


def test_a_contributors_update_waits_for_review_until_an_editor_approves_it(client, cast, live):
    client.force_login(cast["contributor"])
    assert _post(client, live, text="Seen from the embankment.").status_code == 302
    update = LiveUpdate.objects.get(page=live)
    assert update.state == LiveUpdate.State.SUBMITTED
    assert "Seen from the embankment." not in client.get(live.url).content.decode()

    client.force_login(cast["editor"])
    approve = reverse("live_updates:action", args=[live.pk, update.pk, "approve"])
    assert client.post(approve).status_code == 302
    client.logout()
    assert "Seen from the embankment." in client.get(live.url).content.decode()


def test_a_contributor_may_not_pin_or_approve(client, cast, live):
    client.force_login(cast["contributor"])
    screen = client.get(reverse("live_updates:screen", args=[live.pk])).content.decode()
    assert "new-pinned" not in screen and "Edit the page" not in screen
    _post(client, live, pinned="on")
    update = LiveUpdate.objects.get(page=live)
    for action in ("approve", "pin"):
        client.post(reverse("live_updates:action", args=[live.pk, update.pk, action]))
    update.refresh_from_db()
    assert (update.state, update.pinned) == (LiveUpdate.State.SUBMITTED, False)


def test_a_reader_cannot_open_the_screen(client, live):
    response = client.get(reverse("live_updates:screen", args=[live.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _edit(client, live, update, *, version, text, corrected=False, note=""):
    prefix = f"edit-{update.pk}"
    data = {
        f"{prefix}-body": draftail(text),
        f"{prefix}-seen_version": version,
        f"{prefix}-correction": note,
    }
    if corrected:
        data[f"{prefix}-corrected"] = "on"
    return client.post(reverse("live_updates:edit", args=[live.pk, update.pk]), data)


def test_a_correction_shows_readers_updated_with_its_note(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="Three bridges closed.")
    update = LiveUpdate.objects.get(page=live)
    response = _edit(
        client,
        live,
        update,
        version=update.version,
        text="Two bridges closed.",
        corrected=True,
        note="Two bridges, not three.",
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(live.url).content.decode()
    assert "Two bridges closed." in html and "Three bridges" not in html
    assert "Updated" in html and "Two bridges, not three." in html


def test_an_edit_made_over_someone_elses_is_refused_and_keeps_the_text(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="Original.")
    update = LiveUpdate.objects.get(page=live)
    opened = update.version
    assert _edit(client, live, update, version=opened, text="First change.").status_code == 302
    response = _edit(client, live, update, version=opened, text="Second change.")
    assert response.status_code == 409
    assert "Someone else changed this update" in response.content.decode()
    assert "Second change." in response.content.decode()  # kept in the form
    update.refresh_from_db()
    assert "First change." in update.body


def test_pinning_one_update_unpins_the_other(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="One.")
    _post(client, live, text="Two.")
    one, two = LiveUpdate.objects.filter(page=live).order_by("pk")
    client.post(reverse("live_updates:action", args=[live.pk, one.pk, "pin"]))
    client.post(reverse("live_updates:action", args=[live.pk, two.pk, "pin"]))
    assert list(LiveUpdate.objects.filter(pinned=True)) == [two]


def test_a_deleted_update_leaves_the_page(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="Posted by mistake.")
    update = LiveUpdate.objects.get(page=live)
    client.post(reverse("live_updates:action", args=[live.pk, update.pk, "delete"]))
    client.logout()
    assert "Posted by mistake." not in client.get(live.url).content.decode()


def test_ending_the_coverage_freezes_the_page_as_an_archive(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, text="Last update.")
    client.post(reverse("live_updates:status", args=[live.pk]), {"status": "ended"})
    live.refresh_from_db()
    assert live.status == LivePage.Status.ENDED and live.coverage_end is not None
    client.logout()
    html = client.get(live.url).content.decode()
    assert "This live coverage has ended" in html
    assert "live/live.js" not in html  # no polling
    assert "Last update." in html


def test_an_update_becomes_a_draft_story_linking_back(client, cast, live):
    client.force_login(cast["editor"])
    _post(client, live, title="Dam inspection ordered", text="The council ordered an inspection.")
    update = LiveUpdate.objects.get(page=live)
    response = client.post(reverse("live_updates:action", args=[live.pk, update.pk, "story"]))
    update.refresh_from_db()
    story = update.story
    assert response.status_code == 302 and str(story.pk) in response["Location"]
    assert story.title == "Dam inspection ordered" and not story.live
    assert f'linktype="page" id="{live.pk}"' in str(story.body.raw_data)


def test_an_update_names_its_translation_and_each_links_to_the_other(client, cast, live):
    from wagtail.models import Locale

    ukrainian, _ = Locale.objects.get_or_create(language_code="uk")
    other = live.copy_for_translation(ukrainian, copy_parents=True)
    other.save_revision().publish()
    mine = LiveUpdate.objects.create(page=live, body="<p>Gates opened.</p>")
    theirs = LiveUpdate.objects.create(page_id=other.pk, body="<p>Шлюзи відкрили.</p>")
    client.force_login(cast["editor"])
    form = client.get(reverse("live_updates:screen", args=[live.pk]), {"edit": mine.pk})
    assert "The same update in the other edition" in form.content.decode()
    prefix = f"edit-{mine.pk}"
    response = client.post(
        reverse("live_updates:edit", args=[live.pk, mine.pk]),
        {
            f"{prefix}-body": draftail("Gates opened."),
            f"{prefix}-seen_version": mine.version,
            f"{prefix}-translation": theirs.pk,
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert (mine.translation, theirs.translation) == (theirs, mine)
    client.logout()
    html = client.get(live.url).content.decode()
    assert f'href="{other.url}?update={theirs.pk}#update-{theirs.pk}" hreflang="uk"' in html


def test_ending_the_coverage_leaves_an_open_draft_unpublished(client, cast, live):
    draft = live.get_latest_revision_as_object()
    draft.summary = "<p>Half-written summary.</p>"
    draft.save_revision(user=cast["editor"])
    client.force_login(cast["editor"])
    client.post(reverse("live_updates:status", args=[live.pk]), {"status": "ended"})
    live.refresh_from_db()
    assert live.status == LivePage.Status.ENDED
    assert "Half-written" not in live.summary  # readers do not see the draft
    latest = live.get_latest_revision_as_object()
    assert "Half-written" in latest.summary and latest.status == LivePage.Status.ENDED


def test_an_editor_makes_a_live_page_in_a_section_from_the_admin(client, cast, newsroom):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(cast["editor"])
    section = newsroom["news"]
    chooser = client.get(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))
    assert "live page" in chooser.content.decode().lower()
    add_url = reverse("wagtailadmin_pages:add", args=["live", "livepage", section.pk])
    assert "Once the page is saved, its updates" in client.get(add_url).content.decode()
    data = nested_form_data(
        {
            "title": "Election night: live",
            "slug": "election-night-live",
            "standfirst": "Results as they come in.",
            "authors": inline_formset([{"author": newsroom["author"].pk}]),
            "summary": rich_text("<p>Polls close at 20:00.</p>"),
            "status": "live",
            "coverage_start": "2026-12-02 18:00",
            "tags": "",
            "related_picks": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = LivePage.objects.get(slug="election-night-live")
    assert page.live and page.get_parent().pk == section.pk
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Polls close at 20:00." in html and "No updates yet." in html


def test_an_editor_finds_contributors_updates_waiting_on_the_admin_home(client, cast, live):
    client.force_login(cast["contributor"])
    _post(client, live, text="From the embankment.")
    assert "Live updates awaiting your review" not in client.get("/admin/").content.decode()
    client.force_login(cast["editor"])
    home = client.get("/admin/").content.decode()
    assert "Live updates awaiting your review" in home
    assert reverse("live_updates:screen", args=[live.pk]) in home and "1 update waiting" in home
