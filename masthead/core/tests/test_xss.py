"""An XSS sweep: markup typed into every field an editor, a member or a reader can write comes
out escaped on every page that shows it, public or admin, and in the structured data."""

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from taggit.models import Tag

from masthead.membership.imports import members_import
from masthead.membership.tests.builders import campaign_make, tier_make
from masthead.newsletters.tests.builders import edition_make, newsletter_make, subscribed
from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '"><script>alert("xss-1")</script>',
    "<img src=x onerror=alert('xss-2')>",
    "</script><svg onload=alert('xss-3')>",
    "javascript:alert('xss-4')//",
]
PAYLOAD = " ".join(PAYLOADS)
SHORT = PAYLOADS[0] + PAYLOADS[1]  # for fields of under 100 characters


class LiveMarkup(HTMLParser):
    """What a browser would run from a page: script elements, event-handler attributes and
    javascript: links holding a payload."""

    def __init__(self):
        super().__init__()
        self.found, self.script = [], None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "xss" in value:
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")
        if tag == "script":
            self.script = dict(attrs).get("type", "")

    def handle_data(self, data):
        if self.script is not None and "xss" in data:
            if self.script == "application/ld+json":
                json.loads(data)  # data, and still whole
            else:
                self.found.append("<script> with a payload")

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None


def assert_escaped(html: str, where: str) -> None:
    parser = LiveMarkup()
    parser.feed(html)
    assert parser.found == [], where


@pytest.fixture
def written_everywhere(newsroom):
    """Every field a person can write, holding the payloads."""
    author = builders.author_make(
        index=newsroom["authors"], name="Mallory Writer", role=SHORT, bio=PAYLOAD
    )
    image = builders.image_make(
        title=PAYLOAD[:200], caption=PAYLOAD[:400], credit=PAYLOAD[:200], alt=PAYLOAD[:200]
    )
    Tag.objects.create(name=PAYLOADS[1], slug="payload")
    story = builders.article_make(
        section=newsroom["news"],
        title=PAYLOAD[:200],
        standfirst=PAYLOAD[:390],
        authors=[author],
        tags=[PAYLOADS[1]],
        lead_image=image,
        lead_image_caption=PAYLOAD[:400],
        text=PAYLOAD.replace("<", "&lt;").replace(">", "&gt;"),
    )
    tier = tier_make(name=SHORT[:80], slug="payload-tier")
    # A CSV import writes names shown on the wall of supporters.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["email", "status", "tier", "interval", "wall_consent", "wall_name"])
    writer.writerow(["imported@readers.example", "active", tier.slug, "month", "yes", SHORT[:80]])
    report = members_import(buffer.getvalue().encode())
    assert report.ok, report.errors
    campaign_make(title=SHORT, call_to_action=PAYLOAD[:200])
    newsletter = newsletter_make(name=SHORT, description=PAYLOAD, featured=True)
    subscribed("reader@readers.example", newsletter)
    edition = edition_make(newsletter, articles=[story], subject=PAYLOAD[:150], intro=PAYLOAD)
    return {
        "story": story,
        "author": author,
        "newsletter": newsletter,
        "edition": edition,
        **newsroom,
    }


def test_public_pages_escape_what_people_wrote(client, written_everywhere):
    pages = written_everywhere
    urls = [
        "/",
        pages["story"].url,
        pages["news"].url,
        pages["feed"].url,
        pages["author"].url,
        pages["authors"].url,
        f"{pages['tags'].url}payload/",
        pages["tags"].url,
        "/join/",
        "/gift/",
        "/newsletters/",
        "/supporters/",
        "/feeds/rss.xml",
        f"/search/?q={PAYLOADS[0]}",
        f"/search/?q={PAYLOADS[1]}&section=x%22%3E",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert_escaped(response.content.decode(), url)
    assert "xss-2" in client.get("/supporters/").content.decode()  # shown, and escaped
    # JSON Feed titles are text by its spec; only content_html is markup.
    for item in client.get("/feeds/feed.json").json()["items"]:
        assert_escaped(item.get("content_html", ""), "feed.json")


def test_the_admin_escapes_what_people_wrote(client, cast, written_everywhere):
    client.force_login(cast["admin"])
    story = written_everywhere["story"]
    for url in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{story.get_parent().pk}/",
        f"/admin/pages/{story.pk}/edit/",
        "/admin/images/",
        "/admin/membership-dashboard/",
        "/admin/member/",
        "/admin/tier/",
        "/admin/campaign/",
        "/admin/newsletters/",
        "/admin/newsletters/lists/",
        "/admin/newsletters/subscribers/",
        f"/admin/newsletters/editions/{written_everywhere['edition'].pk}/preview/",
    ]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)
