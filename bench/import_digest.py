"""The content of a finished import as one digest, database ids left out (a killed run on
PostgreSQL burns sequence numbers): pages by address, pictures by content hash, links and
redirects by address. Run by bench/imports.py in the import's own environment."""

import hashlib
import json
import re

import bootstrap

bootstrap.django_setup()

from wagtail.contrib.redirects.models import Redirect  # noqa: E402
from wagtail.models import Page  # noqa: E402

from masthead.core.models import MastheadImage  # noqa: E402
from masthead.newsroom.models import ArticlePage, InfoPage  # noqa: E402
from masthead.people.models import AuthorPage  # noqa: E402

IMAGES = dict(MastheadImage.objects.values_list("pk", "file_hash"))
PATHS = dict(Page.objects.values_list("pk", "url_path"))


def stable(text: str) -> str:
    text = re.sub(r'linktype="page" id="(\d+)"', lambda m: PATHS.get(int(m[1]), "?"), text)
    return re.sub(r'"image": (\d+)', lambda m: IMAGES.get(int(m[1]), "?"), text)


def rows() -> list:
    found: list = []
    for page in ArticlePage.objects.order_by("url_path").prefetch_related("authors"):
        found.append(
            [
                page.url_path,
                page.title,
                page.live,
                str(page.first_published_at),
                stable(json.dumps([[b["type"], b["value"]] for b in page.body.raw_data])),
                page.standfirst,
                IMAGES.get(page.lead_image_id),
                sorted(tag.name for tag in page.tags.all()),
                [PATHS[byline.author_id] for byline in page.authors.all()],
                page.members_only,
            ]
        )
    for info in InfoPage.objects.order_by("url_path"):
        body = stable(json.dumps([[b["type"], b["value"]] for b in info.body.raw_data]))
        found.append([info.url_path, info.title, info.live, info.intro, body])
    for author in AuthorPage.objects.order_by("url_path"):
        found.append([author.url_path, author.title, author.role, author.bio])
    found += sorted(
        [i.file_hash, i.title, i.description, i.caption, i.credit]
        for i in MastheadImage.objects.all()
    )
    found += sorted(
        # A file's name may differ by the suffix storage adds when the name is taken.
        [
            r.old_path,
            PATHS.get(r.redirect_page_id),
            r.redirect_page_route_path,
            re.sub(r"_\w{7}(?=\.\w+$)", "", r.redirect_link),
        ]
        for r in Redirect.objects.all()
    )
    return found


if __name__ == "__main__":
    content = rows()
    text = json.dumps(content, default=str).encode()
    print(json.dumps({"digest": hashlib.sha256(text).hexdigest(), "items": len(content)}))
