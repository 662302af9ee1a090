"""A lean front end: little CSS and JavaScript, nothing from other sites, images that do not
move the page as they load, and the lead picture first in line."""

import gzip
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Site

from masthead.newsroom.tests import builders

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024  # CSS and JavaScript of a page together, gzipped


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.styles, self.scripts, self.images, self.blocking, self.addresses = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "srcset", "poster", "action"):
            if tag == "a" and name == "href":
                continue  # a link is followed by the reader, not loaded (share links)
            if attrs.get(name):
                self.addresses += [part.split()[0] for part in attrs[name].split(",")]
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
            if "defer" not in attrs and "async" not in attrs:
                self.blocking.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs)


def parsed(client, url: str) -> Resources:
    response = client.get(url)
    assert response.status_code == 200
    page = Resources()
    page.feed(response.content.decode())
    return page


@pytest.fixture
def pages(newsroom):
    image = builders.image_make(title="Market", credit="Courier", size=(1600, 900))
    story = builders.article_make(
        section=newsroom["news"], authors=[newsroom["author"]], lead_image=image
    )
    for _ in range(3):
        builders.article_make(section=newsroom["city"], lead_image=image)
    return {"home": "/", "article": story.url, "section": newsroom["city"].url}


def test_css_and_javascript_fit_the_budget_and_nothing_blocks_rendering(client, pages):
    for name, url in pages.items():
        page = parsed(client, url)
        total = 0
        for address in page.styles + page.scripts:
            assert address.startswith("/static/"), address
            path = finders.find(address.removeprefix("/static/"))
            total += len(gzip.compress(open(path, "rb").read(), 9))  # noqa: SIM115
        assert 0 < total < BUDGET, (name, total)
        assert page.blocking == [], name  # scripts are deferred


def test_public_pages_load_nothing_from_other_sites(client, pages):
    own = Site.objects.get(is_default_site=True).root_url  # canonical and edition links
    for url in pages.values():
        for address in parsed(client, url).addresses:
            assert address.startswith(("/", "#", "http://testserver/", f"{own}/")), address


def test_every_image_has_its_size_and_the_lead_image_comes_first(client, pages):
    article = parsed(client, pages["article"])
    assert article.images[0].get("fetchpriority") == "high"
    assert "loading" not in article.images[0]  # never lazy
    for url in pages.values():
        for image in parsed(client, url).images:
            assert image.get("width") and image.get("height"), image
            assert "alt" in image
