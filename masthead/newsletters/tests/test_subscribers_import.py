"""Subscribers in and out as CSV: every row checked first, the whole file or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from masthead.newsletters import imports
from masthead.newsletters.models import Subscriber, Subscription, Suppression
from masthead.newsletters.tests.builders import newsletter_make, subscribed

pytestmark = pytest.mark.django_db


def upload(client, text: str):
    file = SimpleUploadedFile("subscribers.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("newsletters_overview:import"), {"file": file})


def test_a_good_file_imports_confirmed_subscriptions(client, cast, briefing):
    weekly = newsletter_make(name="The Week", slug="the-week")
    subscribed("old@example.org", briefing, status="unsubscribed")
    Suppression.objects.create(email="bounced@example.org", reason="bounced")
    client.force_login(cast["membership_manager"])
    response = upload(
        client,
        "Email,Newsletters,Status,Subscribed_at\n"
        "Ada@Example.org,morning-briefing;the-week,,2025-01-31\n"
        "old@example.org,morning-briefing,subscribed,\n"
        "left@example.org,the-week,unsubscribed,\n"
        "bounced@example.org,the-week,,\n",
    )
    assert response.status_code == 302
    got = set(Subscription.objects.values_list("subscriber__email", "newsletter__slug", "status"))
    assert got == {
        ("ada@example.org", "morning-briefing", "confirmed"),
        ("ada@example.org", "the-week", "confirmed"),
        ("old@example.org", "morning-briefing", "confirmed"),
        ("left@example.org", "the-week", "unsubscribed"),
        ("bounced@example.org", "the-week", "confirmed"),
    }
    ada = Subscription.objects.filter(subscriber__email="ada@example.org").first()
    assert timezone.localdate(ada.confirmed_at).isoformat() == "2025-01-31"
    assert ada.source == "import"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "3 new addresses" in messages[0] and "1 addresses are suppressed" in messages[0]
    assert weekly.subscriptions.count() == 3


def test_a_bad_file_imports_nothing_and_says_what_is_wrong_by_line(client, cast, briefing):
    client.force_login(cast["membership_manager"])
    response = upload(
        client,
        "email,newsletters,status\n"
        "good@example.org,morning-briefing,\n"
        "not-an-address,morning-briefing,\n"
        "x@example.org,no-such-list,\n"
        "y@example.org,morning-briefing,maybe\n"
        "good@example.org,morning-briefing,\n",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Line 3: &#x27;not-an-address&#x27; is not an e-mail address" in page
    assert "Line 4: no newsletter &#x27;no-such-list&#x27;" in page
    assert "Line 5: status &#x27;maybe&#x27;" in page
    assert "Line 6: good@example.org and morning-briefing appear twice" in page
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"name,list\nx,y\n", "the header lacks email, newsletters"),
        (b"email,newsletters\n", "the file has no rows"),
        (b"email,newsletters\n" + b"x" * 200_000 + b"\n", "not valid CSV"),
    ],
)
def test_files_that_are_not_subscriber_lists_are_explained(db, data, problem):
    report = imports.subscribers_import(data)
    assert not report.ok and problem in report.errors[0][1]


def test_the_export_reads_back_in(client, cast, briefing):
    weekly = newsletter_make(name="The Week", slug="the-week")
    subscribed("a@example.org", briefing, weekly)
    subscribed("b@example.org", weekly, status="unsubscribed")
    subscribed("c@example.org", briefing, status="pending")  # not consented yet: not exported
    client.force_login(cast["membership_manager"])
    response = client.get(reverse("newsletters_overview:export"))
    text = b"".join(response.streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0] == "email,newsletters,status,subscribed_at"
    assert len(lines) == 3 and "c@example.org" not in text
    assert any(
        line.startswith("a@example.org,morning-briefing;the-week,subscribed,") for line in lines
    )
    assert "b@example.org,the-week,unsubscribed," in text

    Subscriber.objects.all().delete()
    report = imports.subscribers_import(text.encode())
    assert report.ok and report.subscriptions_changed == 3


def test_only_people_allowed_see_the_lists(client, cast):
    client.force_login(cast["contributor"])
    # Wagtail sends staff without the permission back to the dashboard (302) or refuses (403).
    assert client.get(reverse("newsletters_overview:export")).status_code in (302, 403)
    assert upload(client, "email,newsletters\nx@example.org,a\n").status_code in (302, 403)


def test_the_command_imports_with_progress_and_refuses_bad_files(db, briefing, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("email,newsletters\na@example.org,morning-briefing\n")
    call_command("import_subscribers", good)
    out = capsys.readouterr()
    assert "1/1 rows" in out.err and "1 new addresses" in out.out
    bad = tmp_path / "bad.csv"
    bad.write_text("email,newsletters\nnope,morning-briefing\n")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_subscribers", bad)
    assert "line 2: 'nope' is not an e-mail address" in capsys.readouterr().err


def test_the_export_never_writes_a_cell_a_spreadsheet_would_run_and_reads_back(
    client, cast, briefing
):
    import csv
    import io

    dde = "=cmd|'/ccalc'!a0@example.org"  # a valid address a spreadsheet would run
    subscribed(dde, briefing)
    client.force_login(cast["membership_manager"])
    response = client.get(reverse("newsletters_overview:export"))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == f"'{dde}"
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]

    Subscriber.objects.all().delete()
    report = imports.subscribers_import(text.encode())
    assert report.ok, report.errors
    assert Subscriber.objects.get().email == dde


def test_a_nul_character_in_a_cell_is_reported_by_line_and_nothing_is_imported(db, briefing):
    data = b"email,newsletters\nada@example.org,morning-briefing\nb\x00@example.org,x\n"
    report = imports.subscribers_import(data)
    assert report.errors == [(3, "a cell holds a NUL character (\\x00): remove it")]
    assert not Subscriber.objects.exists()
