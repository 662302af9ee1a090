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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A valid e-mail address that a spreadsheet would run as a DDE command.
DDE_EMAIL = "=cmd|'/ccalc'!a0@readers.example"  # as stored: addresses are kept lower-cased


def hostile_member(tier) -> Member:
    from masthead.membership import status_machine

    member = builders.member_join(DDE_EMAIL, tier)
    status_machine.member_wall_set(
        member=member, consent=True, name='=HYPERLINK("https://x.example")'
    )
    member.labels.add(Label.objects.create(name="+vip"), Label.objects.create(name="@print"))
    return member


def cells(text: str) -> list[str]:
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_export_never_writes_a_cell_a_spreadsheet_would_run(tier):
    hostile_member(tier)
    exported = imports.members_csv(Member.objects.all())
    assert not [cell for cell in cells(exported) if cell.startswith(FORMULA_STARTS)]
    assert f"'{DDE_EMAIL}" in cells(exported)


def test_an_export_with_formula_like_cells_imports_back_unchanged(tier):
    hostile_member(tier)
    exported = imports.members_csv(Member.objects.all())
    Member.objects.update(subscription_ref="")
    report = imports.members_import(exported.encode())
    assert report.ok, report.errors
    member = Member.objects.get()
    assert (member.user.email, member.wall_name) == (DDE_EMAIL, '=HYPERLINK("https://x.example")')
    assert {label.name for label in member.labels.all()} == {"+vip", "@print"}
    assert imports.members_csv(Member.objects.all()) == exported


@pytest.mark.parametrize("url", ["/admin/member/?export=csv", "/admin/payment/?export=csv"])
def test_the_admin_lists_export_no_cell_a_spreadsheet_would_run(client, cast, tier, url):
    hostile_member(tier)
    client.force_login(cast["membership_manager"])
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert f"'{DDE_EMAIL}" in cells(text)
    assert not [cell for cell in cells(text) if cell.startswith(FORMULA_STARTS)]


def test_a_nul_character_in_a_cell_is_reported_by_line_and_nothing_is_imported(tier):
    data = (HEADER + "olena@readers.example,active,supporter,month,,,,,yes,Ole\x00na\n").encode()
    report = imports.members_import(data)
    assert not report.ok
    assert report.errors == [(2, "a cell holds a NUL character (\\x00): remove it")]
    assert not Member.objects.exists()
