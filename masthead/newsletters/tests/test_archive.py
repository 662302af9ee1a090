"""The public archive of past editions; members-only letters stay with members."""

import pytest
from django.utils import timezone

from masthead.newsletters.tests.builders import edition_make, newsletter_make

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def sent(newsletter, **fields):
    return edition_make(newsletter, status="sent", finished_at=timezone.now(), **fields)


def test_the_archive_lists_sent_editions_only(client, briefing, stories):
    edition = sent(briefing, articles=stories, subject="Thursday <b>news</b>")
    edition_make(briefing, subject="A draft nobody should see")
    page = client.get(f"/newsletters/{briefing.slug}/").content.decode()
    assert "Thursday &lt;b&gt;news&lt;/b&gt;" in page and "A draft" not in page
    page = client.get(f"/newsletters/{briefing.slug}/{edition.pk}/").content.decode()
    assert "The old bridge reopens" in page and "Council votes on the tram" in page


def test_drafts_and_unknown_editions_are_not_found(client, briefing):
    draft = edition_make(briefing)
    assert client.get(f"/newsletters/{briefing.slug}/{draft.pk}/").status_code == 404
    assert client.get("/newsletters/no-such-list/").status_code == 404
    assert client.get(f"/newsletters/other/{draft.pk}/").status_code == 404


def test_members_only_editions_are_read_by_members(client, readers, stories):
    inside = newsletter_make(name="Inside the Courier", access="members")
    edition = sent(inside, articles=stories, subject="From the editor's desk")
    url = f"/newsletters/{inside.slug}/{edition.pk}/"
    page = client.get(url).content.decode()
    assert "From the editor" in page and "The old bridge reopens" not in page
    assert "for members" in page
    client.force_login(readers["lapsed"])
    assert "The old bridge reopens" not in client.get(url).content.decode()
    client.force_login(readers["paying"])
    assert "The old bridge reopens" in client.get(url).content.decode()
