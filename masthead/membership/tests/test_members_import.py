"""Members as CSV: every row checked first; one bad row imports nothing."""

import pytest

from masthead.membership import imports
from masthead.membership.models import Counter, Label, Member
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db

HEADER = "email,status,tier,interval,source,joined_at,paid_through,labels,wall_consent,wall_name\n"


def test_a_good_file_imports_every_row(tier):
    data = (
        HEADER
        + "olena@readers.example,active,supporter,month,import,2026-01-15,2026-12-15,"
        + "print;2025 drive,yes,Olena H.\n"
        + "taras@readers.example,expired,,,import,2025-03-01,2025-09-01,,no,\n"
    ).encode()
    report = imports.members_import(data)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 0)
    olena = Member.objects.get(user__email="olena@readers.example")
    assert olena.status == "active" and olena.tier == tier and olena.wall_name == "Olena H."
    assert {label.name for label in olena.labels.all()} == {"print", "2025 drive"}
    assert Counter.objects.get(name=Counter.ACTIVE_MEMBERS).value == 1


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(tier):
    data = (
        HEADER
        + "good@readers.example,active,supporter,month,,2026-01-15,2026-12-15,,,\n"
        + "not-an-address,active,supporter,month,,,,,,\n"
        + "x@readers.example,sleeping,gold,weekly,,someday,,,maybe,\n"
        + "good@readers.example,expired,,,,,,,,\n"
    ).encode()
    report = imports.members_import(data)
    assert not report.ok
    by_line = {}
    for line, problem in report.errors:
        by_line.setdefault(line, []).append(problem)
    assert set(by_line) == {3, 4, 5}
    assert any("not an e-mail address" in p for p in by_line[3])
    problems = " | ".join(by_line[4])
    for expected in (
        "status 'sleeping'",
        "no tier 'gold'",
        "interval 'weekly'",
        "joined_at",
        "wall_consent",
    ):
        assert expected in problems
    assert "appears twice" in by_line[5][0]
    assert not Member.objects.exists()
    assert not Label.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"name,tier\nOlena,supporter\n", "lacks email, status"),
        (HEADER.encode(), "no rows"),
    ],
)
def test_unreadable_files_get_a_clear_error(db, data, message):
    report = imports.members_import(data)
    assert message in report.errors[0][1]


def test_an_export_imports_back_unchanged(tier):
    builders.member_join("a@readers.example", tier)
    builders.member_join("b@readers.example", tier, interval="year")
    exported = imports.members_csv(Member.objects.order_by("pk"))
    Member.objects.update(subscription_ref="")  # as if moved from another system
    report = imports.members_import(exported.encode())
    assert report.ok, report.errors
    assert report.updated == 2
    assert imports.members_csv(Member.objects.order_by("pk")) == exported


def test_the_admin_import_screen_reports_errors(client, cast, tier):
    client.force_login(cast["membership_manager"])
    upload = __import__("io").BytesIO((HEADER + "bad,active,,,,,,,,\n").encode())
    upload.name = "members.csv"
    response = client.post("/admin/membership-dashboard/import/", {"file": upload})
    assert response.status_code == 400
    assert b"Line 2:" in response.content
    assert b"Nothing was imported" in response.content
