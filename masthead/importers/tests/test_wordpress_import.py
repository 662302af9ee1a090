"""A WordPress export (WXR) in: every kind of block, the people, sections and tags, pictures
once each, drafts and scheduled posts as such, and every old address answering with a 301."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Page

from masthead.core.models import MastheadImage
from masthead.importers.models import ImportedItem
from masthead.importers.tests.conftest import WORDPRESS, picture, uploads_make, wptest_path
from masthead.newsroom.models import ArticlePage, InfoPage, SectionPage
from masthead.people.models import AuthorPage


def story(title: str) -> ArticlePage:
    return ArticlePage.objects.get(title=title)


FERRY = "Winter ferry timetable cuts two evening crossings"
BUDGET = "Council passes a budget with a new harbour fund"


def test_every_kind_of_block_is_carried_over(wordpress_import):
    wordpress_import()
    body = story(FERRY).body
    kinds = [block.block_type for block in body]
    assert kinds == [
        "paragraph",
        "heading",
        "paragraph",  # the list
        "image",
        "quote",
        "quote",
        "gallery",
        "embed",
        "table",
        "code",
        "html",
        "paragraph",
    ]
    blocks = list(body)
    assert blocks[1].value == "What changes"
    assert "<ul><li>The 21:40 from the east pier stops</li>" in blocks[2].value.source
    assert "<ul><li>except on market Fridays</li></ul>" in blocks[2].value.source
    image = blocks[3].value
    assert image["caption"] == "The 21:40 leaves the east pier for the last time this week."
    assert image["image"].credit == "Petro Lysak"
    assert image["image"].description == "A lit ferry leaving a pier at dusk"
    quote, pull = blocks[4].value, blocks[5].value
    assert (quote["quote"], quote["attribution"], quote["pull"]) == (
        "We cannot crew a boat that carries eleven people.",
        "Ilona Varga, port authority",
        False,
    )
    assert (pull["quote"], pull["pull"]) == ("Eleven people a night", True)
    gallery = blocks[6].value
    assert [item["caption"] for item in gallery["images"]] == ["The queue at eight.", ""]
    assert gallery["caption"] == "An evening at the ticket office"
    assert blocks[7].value.url == "https://www.youtube.com/watch?v=h4rb0urL3dg"
    table = blocks[8].value
    assert table["data"] == [["Crossing", "Passengers a night"], ["21:40", "11"], ["22:15", "7"]]
    assert table["first_row_is_table_header"] and table["table_caption"]
    assert blocks[9].value["language"] == "python"
    assert blocks[9].value["code"] == "crossings = [c for c in timetable if c.hour < 21]"


def test_links_point_to_the_new_pages_and_files(wordpress_import):
    wordpress_import()
    first = story(FERRY).body[0].value.source
    budget = story(BUDGET)
    # A story of the export imported after this one: linked once both are here.
    assert f'<a linktype="page" id="{budget.pk}">how the council voted</a>' in first
    pdf = Document.objects.get(title="Timetable as a PDF")
    assert f'<a href="{pdf.url}">new timetable</a>' in first
    assert '<a href="https://port.example/notice">the notice</a>' in first
    last = story(FERRY).body[-1].value.source
    assert "javascript" not in last and "click here" in last
    assert '<a href="mailto:tips@harbour-ledger.example">' in last
    earlier = "".join(b.value.source for b in budget.body if b.block_type == "paragraph")
    assert f'id="{story(FERRY).pk}"' in earlier  # ?p=40, imported before it
    assert not ImportedItem.objects.filter(links_pending=True).exists()


def test_hostile_html_is_cleaned_where_it_is_kept(wordpress_import, client):
    wordpress_import()
    page = story(FERRY)
    stored = page.body[10].value
    answer = client.get(page.url)
    html = answer.content.decode()
    assert answer.status_code == 200
    html = html[html.index('class="article__body') : html.index('class="article__foot')]
    kept = html[html.index("How we counted") - 200 : html.index("How we counted") + 400]
    for hostile in ("<script", "onclick", "onerror", "evil.example", "document.cookie"):
        assert hostile not in html
        assert hostile not in str(stored)
    assert "<details>" in kept and "We sat on the pier for five nights." in kept


def test_the_story_keeps_its_people_section_tags_picture_and_dates(wordpress_import, client, cast):
    report = wordpress_import()
    page = story(FERRY)
    assert page.live and not page.members_only
    assert page.standfirst.startswith("Two evening crossings go from November")
    assert page.get_parent().specific.title == "Harbour"
    assert sorted(tag.name for tag in page.tags.all()) == ["Explainers", "Ferries"]
    assert [byline.author.title for byline in page.authors.all()] == [
        "Mariia Kovalenko",
        "Oksana Dvir",
    ]
    guest = AuthorPage.objects.get(title="Oksana Dvir")
    assert guest.live and guest.role == "Port Reporter" and guest.bio.startswith("Oksana covers")
    assert guest.avatar and guest.avatar.description == "Oksana Dvir on the quay"
    assert page.lead_image.title == "Night ferry at the east pier"
    assert page.first_published_at == datetime(2025, 4, 2, 9, 30, tzinfo=UTC)
    assert page.updated_at == datetime(2025, 4, 3, 15, 0, tzinfo=UTC)
    client.force_login(cast["editor"])  # editors open it as any story
    form = client.get(f"/admin/pages/{page.pk}/edit/")
    assert form.status_code == 200 and FERRY in form.content.decode()
    section = SectionPage.objects.get(title="City Hall")
    assert section.intro == "Council votes, budgets and the people who make them."
    assert report.skipped["comments (Masthead has none)"] == 2
    assert report.counts["story"] == {"created": 5}
    assert report.counts["page"] == {"created": 1}
    assert [(p.kind, p.source_id, p.reason) for p in report.problems if p.refused] == [
        ("media", "36", "not in the uploads folder given (--media-dir)")
    ]
    assert mail.outbox == []


def test_classic_posts_password_posts_drafts_scheduled_and_ukrainian(wordpress_import):
    report = wordpress_import()
    budget = story(BUDGET)
    assert budget.members_only  # password-protected
    kinds = [block.block_type for block in budget.body]
    assert kinds == ["paragraph", "image", "paragraph", "embed", "gallery"]
    assert budget.body[0].value.source == (
        "<p>Councillors voted 14 to 9 for the budget on Thursday night.<br/> "
        "It sets aside money for the breakwater.</p>"
    )
    assert budget.body[1].value["caption"] == "Gulls over the breakwater the fund will mend."
    assert budget.body[3].value.url == "https://vimeo.com/76979871"
    # Its body is for members: its public standfirst does not give it away.
    assert budget.standfirst == BUDGET
    assert any("shortcodes" in what for what in report.skipped)
    draft = story("Draft: who owns the old lighthouse")
    assert not draft.live and draft.has_unpublished_changes
    scheduled = story("The breakwater repairs begin")
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at == datetime(
        2031, 1, 5, 8, tzinfo=UTC
    )
    ukrainian = story("Поромний розклад скорочують на зиму")
    assert ukrainian.locale.language_code == "uk"
    assert ukrainian.url.startswith("/uk/harbour/")
    assert not ArticlePage.objects.filter(title="Spam we deleted").exists()
    about = InfoPage.objects.get(title="About the Ledger")
    assert about.live and about.url == "/about/"


def test_every_old_address_answers_with_a_301_to_its_new_page(wordpress_import, client):
    wordpress_import()
    ferry, budget = story(FERRY), story(BUDGET)
    expected = {
        "/2025/04/02/ferry-timetable/": ferry.url,
        "/?p=40": ferry.url,
        "/2025/04/02/ferry-cuts/": ferry.url,  # its slug before it was renamed
        "/2025/04/02/ferry-timetable/night-ferry/": ferry.url,  # an attachment page
        "/?attachment_id=33": ferry.url,
        "/2025/05/10/budget-vote/": budget.url,
        "/?page_id=50": "/about/",
        "/category/harbour/": "/harbour/",
        "/?cat=4": "/city-hall/",
        "/tag/ferries/": "/tags/ferries/",
        "/author/odvir/": "/authors/oksana-dvir/",
    }
    answered = {}
    for old in expected:
        answer = client.get(old)
        answered[old] = (answer.status_code, answer.get("Location"))
    assert answered == {old: (301, new) for old, new in expected.items()}
    portrait = MastheadImage.objects.get(title="Portrait of Oksana Dvir")
    answer = client.get("/portrait-odvir/")
    assert (answer.status_code, answer["Location"]) == (301, portrait.file.url)
    assert client.get("/").status_code == 200  # the home page is still the home page
    # Editors see (and can change) them where they manage redirects.
    assert Redirect.objects.filter(old_path="/2025/04/02/ferry-timetable").exists()


def test_running_again_creates_nothing_twice_and_updates_what_changed(wordpress_import, tmp_path):
    wordpress_import()
    counts = (Page.objects.count(), MastheadImage.objects.count(), Redirect.objects.count())
    again = wordpress_import()
    assert again.counts["story"] == {"unchanged": 5}
    assert again.counts["media"] == {"unchanged": 5, "refused": 1}
    assert (Page.objects.count(), MastheadImage.objects.count(), Redirect.objects.count()) == (
        counts
    )
    edited = tmp_path / "edited.xml"
    edited.write_text(WORDPRESS.read_text().replace(FERRY, "Ferry timetable: two crossings go"))
    third = wordpress_import(edited)
    assert third.counts["story"] == {"updated": 1, "unchanged": 4}
    assert ArticlePage.objects.filter(title="Ferry timetable: two crossings go").count() == 1
    assert Page.objects.count() == counts[0]


def test_a_picture_used_twice_is_kept_once(wordpress_import, wordpress_uploads):
    (wordpress_uploads / "2025/04/gulls-copy.jpg").write_bytes(
        (wordpress_uploads / "2025/04/gulls.jpg").read_bytes()
    )
    wordpress_import()
    gulls = MastheadImage.objects.filter(file_hash__in=MastheadImage.objects.values("file_hash"))
    assert gulls.values("file_hash").distinct().count() == gulls.count()
    assert MastheadImage.objects.filter(title="Gulls over the breakwater").count() == 1


def test_a_dry_run_reports_and_writes_nothing(wordpress_import):
    before = (Page.objects.count(), MastheadImage.objects.count(), Redirect.objects.count())
    report = wordpress_import(dry_run=True)
    assert report.counts["story"] == {"created": 5}
    assert "dry run: nothing was written" in report.as_text()
    assert "would be created" in report.as_text()
    after = (Page.objects.count(), MastheadImage.objects.count(), Redirect.objects.count())
    assert after == before
    assert not ImportedItem.objects.exists()


def test_a_killed_import_resumes_where_it_stopped(wordpress_import, monkeypatch):
    from masthead.importers import writing

    take = writing.Writer.take
    seen = []

    def killed(self, record):
        if isinstance(record, writing.Post):
            seen.append(record.source_id)
            if len(seen) == 3:
                raise KeyboardInterrupt  # as a kill would, halfway through the third post
        return take(self, record)

    monkeypatch.setattr(writing.Writer, "take", killed)
    with pytest.raises(KeyboardInterrupt):
        wordpress_import()
    monkeypatch.setattr(writing.Writer, "take", take)
    assert ArticlePage.objects.count() == 2
    report = wordpress_import()
    assert report.counts["story"] == {"unchanged": 2, "created": 3}
    assert ArticlePage.objects.count() == 5
    # The link to the story imported after the interruption is made all the same.
    assert f'id="{story(BUDGET).pk}"' in story(FERRY).body[0].value.source


def test_the_sections_file_chooses_sections_and_tags(wordpress_import, tmp_path):
    mapping = tmp_path / "sections.txt"
    mapping.write_text("# ours\nharbour = news\ncity-hall = tag\n")
    from masthead.importers.running import sections_map_read

    wordpress_import(sections=sections_map_read(mapping))
    assert story(FERRY).get_parent().slug == "news"
    budget = story(BUDGET)
    assert budget.get_parent().slug == "news"  # no section category left: the default
    assert "City Hall" in [tag.name for tag in budget.tags.all()]
    assert not SectionPage.objects.filter(slug="city-hall").exists()


def test_the_edition_option_puts_everything_in_one_edition(wordpress_import):
    wordpress_import(edition="uk")
    assert story(FERRY).locale.language_code == "uk"
    assert story(FERRY).url.startswith("/uk/")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"not xml at all", "is not a WordPress export"),
        (b'{"db": []}', "is not a WordPress export"),
        (WORDPRESS.read_bytes()[:6000], "is cut short"),
        (WORDPRESS.read_bytes().replace(b"</wp:tag>", b"</wp:tagg>", 1), "not well-formed XML"),
    ],
)
def test_a_file_that_is_not_a_whole_export_is_refused_clearly(db, tmp_path, content, says):
    bad = tmp_path / "export.xml"
    bad.write_bytes(content)
    before = Page.objects.count()
    with pytest.raises(CommandError, match=says):
        call_command("import", "wordpress", str(bad), "--no-fetch")
    if "well-formed" not in says:  # found before anything is read
        assert Page.objects.count() == before


def test_the_command_prints_progress_and_writes_the_report(db, tmp_path, wordpress_uploads):
    import io

    out, report = io.StringIO(), tmp_path / "report.csv"
    call_command(
        "import",
        "wordpress",
        str(WORDPRESS),
        "--media-dir",
        str(wordpress_uploads),
        "--no-fetch",
        "--report",
        str(report),
        stdout=out,
    )
    text = out.getvalue()
    assert re.search(r"\d+/\d+ items, [\d,]+/s", text)
    assert "WordPress import" in text and "story     5 created" in text
    assert "lost" not in text or "36" in text
    assert report.read_text().splitlines()[:2] == [
        "kind,source_id,title,outcome,reason",
        "media,36,A picture nobody kept,refused,not in the uploads folder given (--media-dir)",
    ]


def test_the_theme_unit_test_export_imports_whole(db, tmp_path):
    """WordPress's own test export, with every kind of content a theme meets."""
    path = wptest_path()
    text = path.read_text()
    files = {}
    for url in set(re.findall(r"<wp:attachment_url><!\[CDATA\[(.*?)\]\]>", text)):
        relative = url.split("/wp-content/uploads/", 1)[1]
        if re.search(r"\.(jpe?g|png|gif)$", relative, re.I):
            kind = {"png": "PNG", "gif": "GIF"}.get(relative.rsplit(".", 1)[1].lower(), "JPEG")
            files[relative] = picture(url, kind, size=(120, 80))
    uploads = uploads_make(tmp_path / "uploads", files)
    from masthead.importers.running import import_run
    from masthead.importers.writing import ImportOptions

    report = import_run("wordpress", path, options=ImportOptions(media_dir=uploads, fetch=False))
    refused = [(p.kind, p.title, p.reason) for p in report.problems if p.refused]
    assert refused == [
        ("media", "Eddy - Need (Remix)", "not in the uploads folder given (--media-dir)")
    ]
    assert report.counts["story"]["created"] >= 35 and report.counts["page"]["created"] >= 15
    from django.test import Client

    client = Client()
    for page in ArticlePage.objects.live().specific():
        assert client.get(page.url).status_code == 200, page.url
        assert not re.search(r" [,.;:](?=\s|$)", page.standfirst), page.standfirst
        assert len(page.standfirst) <= 300 and not re.search(r"\w$", page.standfirst[299:])
    # WordPress's "Uncategorized" is no section; past the first sections, the rest are made
    # out of the menu and off the home page, and the report says so.
    assert not SectionPage.objects.filter(slug="uncategorized").exists()
    assert SectionPage.objects.live().in_menu().count() <= 7
    assert SectionPage.objects.filter(show_on_home=True).count() <= 7
    hidden = [p for p in report.problems if p.kind == "section"]
    assert hidden and all("not in the menu" in p.reason for p in hidden)
    assert len(hidden) == SectionPage.objects.filter(show_in_menus=False).count()
    # The protected post's words stay behind its wall, in the page as in its description.
    protected = ArticlePage.objects.get(slug="password-protected")
    assert protected.members_only and protected.standfirst == protected.title
    assert "This content, comments, pingbacks" not in client.get(protected.url).text
    # The old site's home, feed and subcategory addresses lead on.
    for old, new in (
        ("/demo/", "/"),
        ("/demo/feed/", "/feeds/rss.xml"),
        ("/demo/category/parent-category/child-category-01/", "/tags/child-category-01/"),
    ):
        answer = client.get(old)
        assert (answer.status_code, answer.get("Location")) == (301, new), old


def test_the_reading_time_is_counted_as_for_a_story_written_here(wordpress_import):
    wordpress_import()
    page = story(FERRY)
    counted = page.read_minutes
    page.reading_time_set()  # what saving it in the editor counts
    assert counted == page.read_minutes


def test_one_story_that_cannot_be_written_is_refused_and_the_rest_are_written(
    wordpress_import, monkeypatch
):
    from masthead.importers import writing

    insert = writing.articles_insert

    def failing(section, pages, **options):
        if any(page.title == BUDGET for page in pages):
            raise ValueError("the database refused it")
        return insert(section, pages, **options)

    monkeypatch.setattr(writing, "articles_insert", failing)
    report = wordpress_import()
    refused = [(p.kind, p.title, p.reason) for p in report.problems if p.refused]
    assert ("story", BUDGET, "the database refused it") in refused
    assert report.counts["story"] == {"created": 4, "refused": 1}
    assert story(FERRY).live and not ArticlePage.objects.filter(title=BUDGET).exists()


def test_a_newsroom_menu_is_left_as_its_editors_made_it(wordpress_import, newsroom):
    """Moving an archive into a site that has its own menu: the sections the export brings
    are made, off the menu and the home page, and the report says how to show them. (The
    Ukrainian edition the import makes has no menu yet: its first sections fill it.)"""
    before = list(SectionPage.objects.live().in_menu().values_list("slug", flat=True))
    on_home = list(SectionPage.objects.filter(show_on_home=True).values_list("slug", flat=True))
    report = wordpress_import()
    english = SectionPage.objects.filter(locale__language_code="en")
    made = english.exclude(slug__in=[*before, *on_home])
    assert made.exists() and not made.filter(show_in_menus=True).exists()
    assert not made.filter(show_on_home=True).exists()
    assert list(english.live().in_menu().values_list("slug", flat=True)) == before
    notes = [p.reason for p in report.problems if p.kind == "section"]
    assert notes and all("the site has a menu of its own" in note for note in notes)
    # Run again: still its editors' menu, nothing noted twice.
    again = wordpress_import()
    assert not [p for p in again.problems if p.kind == "section"]
    assert list(english.live().in_menu().values_list("slug", flat=True)) == before


def test_a_name_in_any_script_keeps_its_letters_in_the_address(wordpress_import, tmp_path):
    """Nørgaard is not "nrgaard", nor Мороз nothing at all (as Wagtail's own slugs)."""
    text = WORDPRESS.read_text(encoding="utf-8")
    for login, name in (("mkovalenko", "Beatriz Nørgaard"), ("tbrennan", "Галина Мороз")):
        text = re.sub(
            rf"(<wp:author_login><!\[CDATA\[{login}\]\]>.*?<wp:author_display_name><!\[CDATA\[)"
            r"[^\]]*",
            lambda match, name=name: match.group(1) + name,
            text,
            count=1,
        )
    export = tmp_path / "names.xml"
    export.write_text(text, encoding="utf-8")
    wordpress_import(export)
    slugs = set(AuthorPage.objects.values_list("slug", flat=True))
    assert {"beatriz-nørgaard", "галина-мороз"} <= slugs
    from django.test import Client

    page = AuthorPage.objects.get(slug="галина-мороз")
    assert Client().get(page.url).status_code == 200
