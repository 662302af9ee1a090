"""A WordPress export (WXR, Tools → Export), read as a stream: memory stays flat whatever
the size of the file. Two passes: the people, categories, tags and attachments, then the
posts and pages, so that a post always finds the pictures and people it names.

Classic-editor posts are given their paragraphs (WordPress's wpautop) and their shortcodes
([caption], [gallery], [embed], [audio], [video]) are turned into the HTML they stand for;
Gutenberg posts are read as they are. Co-Authors Plus and Newspack guest authors are
bylines; a password-protected post is members-only."""

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as defused

from masthead.importers.records import Author, ExportRefused, Media, Post, Record, Term

WP = "{http://wordpress.org/export/1.2/}"
WP_NAMESPACES = ("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/",
                 "http://wordpress.org/export/1.0/")  # fmt: skip
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
STATUSES = {"publish": "published", "future": "scheduled", "draft": "draft",
            "pending": "draft", "private": "draft", "auto-draft": None, "trash": None}  # fmt: skip
CREDIT_KEYS = ("_media_credit", "_navis_media_credit", "credit")
BLOCK_TAG = re.compile(
    r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|iframe|dl|form|address|"
    r"section|article|aside|header|footer|nav|!--)[\s>/]",
    re.IGNORECASE,
)
SHORTCODE = re.compile(r"\[(\[?)(\w[\w-]*)([^\]]*?)(/?)\](?:(.*?)\[/\2\])?(\]?)", re.DOTALL)
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(item: ET.Element, name: str) -> str:
    """The text of a direct child named `name` (`wp:` names by their local part)."""
    for element in item:
        if element.tag == name or (name.startswith("wp:") and element.tag.endswith("}" + name[3:])):
            return (element.text or "").strip() if name != CONTENT else element.text or ""
    return ""


def _gmt(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _path(url: str) -> str:
    """An old address as a path with its query (/2019/05/slug/, /?p=12)."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _meta(item: ET.Element) -> dict[str, str]:
    meta = {}
    for element in item:
        if _local(element.tag) == "postmeta":
            meta[_child(element, "wp:meta_key")] = _child(element, "wp:meta_value")
    return meta


def shortcode_attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in ATTRIBUTE.finditer(text)}


def autop(text: str) -> str:
    """WordPress's paragraphs for classic-editor text: blank lines part paragraphs, a single
    line break is a <br>; block-level HTML stays as it is and <pre> is left untouched."""
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n<pre-kept-{len(kept) - 1}>\n\n"

    text = re.sub(r"<pre[\s>].*?</pre>", keep, text.replace("\r\n", "\n"), flags=re.S | re.I)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if found := re.fullmatch(r"<pre-kept-(\d+)>", chunk):
            chunks.append(kept[int(found.group(1))])
        elif BLOCK_TAG.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    return "\n".join(chunks)


class WordPressExport:
    """`records()` gives Author, Term, Media, then Post records; `warnings` what was
    skipped (with counts in `skipped`)."""

    source = "wordpress"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.site = ""
        self.language = ""
        self.counts: dict[str, int] = {}
        self._category_chains: dict[str, str] = {}  # a subcategory's slug → "parent/slug"
        self.skipped: dict[str, int] = defaultdict(int)
        # From the first pass: a post's attachments (for [gallery] and attachment pages).
        self._attachments: dict[str, list[str]] = defaultdict(list)
        self._attachment_paths: dict[str, list[str]] = defaultdict(list)
        self._header_read = False
        self._check()

    def _check(self) -> None:
        """Refuse what is not a WXR file before anything is read in earnest, and count the
        items by kind (for progress) in one fast scan of the bytes."""
        try:
            with self.path.open("rb") as handle:
                head = handle.read(64 * 1024)
        except OSError as error:
            raise ExportRefused(f"{self.path} cannot be read: {error.strerror}") from error
        found = re.search(rb"<wp:base_site_url>(?:<!\[CDATA\[)?\s*([^<\]]+)", head) or re.search(
            rb"<link>\s*([^<]+)</link>", head
        )
        self.site = found.group(1).decode().strip().rstrip("/") if found else ""
        self.base = urlsplit(self.site).path.rstrip("/")
        if b"<rss" not in head or not any(ns.encode() in head for ns in WP_NAMESPACES):
            raise ExportRefused(
                f"{self.path.name} is not a WordPress export (WXR): export it from the "
                "WordPress admin with Tools → Export → All content."
            )
        with self.path.open("rb") as handle:
            handle.seek(max(0, self.path.stat().st_size - 1024))
            if not handle.read().rstrip().endswith(b"</rss>"):
                raise ExportRefused(
                    f"{self.path.name} is cut short (it does not end with </rss>): download "
                    "or export it again. Nothing was imported."
                )
        # Each item's kind, and the people (wp:author), counted for the progress shown.
        pattern = re.compile(rb"<wp:(?:post_type>(?:<!\[CDATA\[)?([\w-]+)|(author)>)")
        counts: dict[str, int] = defaultdict(int)
        with self.path.open("rb") as handle:
            tail = b""
            while chunk := handle.read(8 * 1024 * 1024):
                block = tail + chunk
                cut = block.rfind(b"<wp:")
                cut = cut if cut > len(block) - 200 else len(block)
                for match in pattern.finditer(block, 0, cut):
                    counts[(match.group(1) or match.group(2)).decode()] += 1
                tail = block[cut:]
            for match in pattern.finditer(tail):
                counts[(match.group(1) or match.group(2)).decode()] += 1
        self.counts = dict(counts)

    @property
    def total(self) -> int:
        kinds = ("author", "guest-author", "attachment", "post", "page")
        return sum(self.counts.get(kind, 0) for kind in kinds)

    def _items(self) -> Iterator[tuple[str, ET.Element]]:
        """(kind, element) for the channel's header entries and items, each cleared after."""
        try:
            # defusedxml: no entity expansion bombs, no external entities fetched.
            events = defused.iterparse(self.path, events=("start", "end"))
            channel = None
            for event, element in events:
                if event == "start":
                    if element.tag == "channel":
                        channel = element
                    continue
                local = _local(element.tag)
                if element.tag == "item" or (
                    local in ("author", "category", "tag", "term") and element.tag.startswith("{")
                ):
                    yield (element.tag if element.tag == "item" else local), element
                    if channel is not None:
                        channel.clear()
                elif element.tag == "language" and channel is not None and element in channel:
                    self.language = (element.text or "").strip().split("-")[0].lower()
        except (ET.ParseError, DefusedXmlException) as error:
            line = error.position[0] if error.position else "?"
            raise ExportRefused(
                f"{self.path.name} is not well-formed XML at line {line} ({error}): it was "
                "edited by hand or damaged. What came before that line was imported; mend the "
                "file (or export it again) and run the import again: it goes on from there."
            ) from error

    def records(self) -> Iterator[Record]:
        yield from self._first_pass()
        yield from self._second_pass()

    # The people, the terms and the media ------------------------------------------------

    def _first_pass(self) -> Iterator[Record]:
        for kind, element in self._items():
            if kind == "author":
                login = _child(element, "wp:author_login")
                first, last = (
                    _child(element, "wp:author_first_name"),
                    _child(element, "wp:author_last_name"),
                )
                name = _child(element, "wp:author_display_name") or f"{first} {last}".strip()
                yield Author(
                    source_id=login,
                    name=name or login,
                    slug=login,
                    email=_child(element, "wp:author_email"),
                    old_paths=[f"{self.base}/author/{login}/"],
                )
            elif kind in ("category", "tag"):
                is_category = kind == "category"
                slug = _child(element, "wp:category_nicename" if is_category else "wp:tag_slug")
                name = _child(element, "wp:cat_name" if is_category else "wp:tag_name")
                term_id = _child(element, "wp:term_id")
                paths = [f"{self.base}/{'category' if is_category else 'tag'}/{slug}/"]
                if is_category and (parent := _child(element, "wp:category_parent")):
                    # WordPress's address of a subcategory names its parents.
                    chain = f"{self._category_chains.get(parent, parent)}/{slug}"
                    self._category_chains[slug] = chain
                    paths.append(f"{self.base}/category/{chain}/")
                if term_id and is_category:
                    paths.append(f"{self.base}/?cat={term_id}")
                if slug.startswith("post-format-") or not slug:
                    continue
                yield Term(
                    source_id=f"{kind}:{slug}",
                    name=name or slug,
                    slug=slug,
                    is_category=is_category,
                    description=_child(element, "wp:category_description"),
                    old_paths=paths,
                )
            elif kind == "item":
                post_type = _child(element, "wp:post_type")
                if post_type == "attachment":
                    yield self._media(element)
                elif post_type == "guest-author":
                    yield self._guest_author(element)
            element.clear()
        self._header_read = True

    def _media(self, item: ET.Element) -> Media:
        post_id = _child(item, "wp:post_id")
        parent = _child(item, "wp:post_parent")
        meta = _meta(item)
        paths = [f"{self.base}/?attachment_id={post_id}"]
        if link := _child(item, "link"):
            paths.append(_path(link))
        if parent and parent != "0":
            self._attachments[parent].append(post_id)
            self._attachment_paths[parent].extend(paths)
            paths = []  # they lead to the post it belongs to (see _post)
        url = _child(item, "wp:attachment_url") or _child(item, "guid")
        return Media(
            source_id=post_id,
            url=url,
            title=_child(item, "title"),
            alt=meta.get("_wp_attachment_image_alt", ""),
            caption=_child(item, EXCERPT),
            credit=next((meta[key] for key in CREDIT_KEYS if meta.get(key)), ""),
            parent_id=parent if parent != "0" else "",
            old_paths=paths,
        )

    def _guest_author(self, item: ET.Element) -> Author:
        meta = _meta(item)
        login = meta.get("cap-user_login") or _child(item, "wp:post_name")
        return Author(
            source_id=login,
            name=meta.get("cap-display_name") or _child(item, "title") or login,
            slug=login,
            email=meta.get("cap-user_email", ""),
            bio=meta.get("cap-description", ""),
            role=meta.get("cap-job_title", "") or meta.get("newspack_job_title", ""),
            avatar_url=f"media:{meta['_thumbnail_id']}" if meta.get("_thumbnail_id") else "",
            old_paths=[f"{self.base}/author/{login}/"],
        )

    # The posts and pages ------------------------------------------------------------------

    def _second_pass(self) -> Iterator[Record]:
        for kind, element in self._items():
            if kind == "item":
                post_type = _child(element, "wp:post_type")
                if post_type in ("post", "page"):
                    post = self._post(element, is_page=post_type == "page")
                    if post is not None:
                        yield post
                elif post_type not in ("attachment", "guest-author"):
                    self.skipped[f"WordPress {post_type} items (menus, templates, styles)"] += 1
            element.clear()

    def _post(self, item: ET.Element, *, is_page: bool) -> Post | None:
        post_id = _child(item, "wp:post_id")
        raw_status = _child(item, "wp:status")
        status = STATUSES.get(raw_status, "draft")
        comments = sum(1 for element in item if _local(element.tag) == "comment")
        self.skipped["comments (Masthead has none)"] += comments
        if status is None:
            self.skipped[f"posts in the {raw_status.replace('-', ' ')}"] += 1
            return None
        meta = _meta(item)
        categories, tags, authors = [], [], []
        language = ""
        for element in item:
            if element.tag != "category":
                continue
            domain, nicename = element.get("domain", ""), element.get("nicename", "")
            if domain == "category" and nicename:
                categories.append(f"category:{nicename}")
            elif domain == "post_tag" and nicename:
                tags.append(f"tag:{nicename}")
            elif domain == "author" and nicename:  # Co-Authors Plus
                authors.append(nicename.removeprefix("cap-"))
            elif domain == "language" and nicename:  # Polylang
                language = nicename.split("-")[0].lower()
        authors = authors or [login for login in [_child(item, CREATOR)] if login]
        link = _child(item, "link")
        query = "page_id" if is_page else "p"
        paths = [f"{self.base}/?{query}={post_id}"]
        if link and "?" not in link:
            paths.append(_path(link))
            for old_slug in [v for k, v in meta.items() if k == "_wp_old_slug"]:
                paths.append(re.sub(r"[^/]+/?$", f"{old_slug}/", _path(link)))
        paths += self._attachment_paths.pop(post_id, [])
        title = _child(item, "title")
        html = _child(item, CONTENT)
        return Post(
            source_id=post_id,
            title=title,
            slug=_child(item, "wp:post_name"),
            html=self.content_html(html, post_id=post_id),
            is_page=is_page,
            excerpt=_child(item, EXCERPT) or meta.get("_yoast_wpseo_metadesc", ""),
            status=status,
            published_at=_gmt(_child(item, "wp:post_date_gmt"))
            or _gmt(_child(item, "wp:post_date")),
            updated_at=_gmt(_child(item, "wp:post_modified_gmt")),
            feature_image=f"media:{meta['_thumbnail_id']}" if meta.get("_thumbnail_id") else "",
            authors=authors,
            categories=categories,
            tags=tags,
            members_only=bool(_child(item, "wp:post_password")),
            language=language or self.language,
            old_paths=paths,
            comments=comments,
        )

    def content_html(self, html: str, *, post_id: str) -> str:
        """The post's HTML with the shortcodes done and, for classic posts, paragraphs.
        Code is left as written: `[c for c in rows]` in a <pre> is Python, not a shortcode."""
        parts = re.split(r"(<(pre|code)[\s>].*?</\2>)", html or "", flags=re.S | re.I)
        html = "".join(
            part
            if number % 3 == 1
            else SHORTCODE.sub(lambda match: self._shortcode(match, post_id=post_id), part)
            for number, part in enumerate(parts)
            if number % 3 != 2
        )
        html = re.sub(r"<!--more.*?-->|<!--nextpage-->", "", html)
        return html if "<!-- wp:" in html else autop(html)

    def _shortcode(self, match: re.Match, *, post_id: str) -> str:
        if match.group(1) and match.group(6):  # [[escaped]]
            return match.group(0)[1:-1]
        name, attributes = match.group(2).lower(), shortcode_attributes(match.group(3))
        inner = match.group(5) or ""
        if name in ("caption", "wp_caption"):
            caption = attributes.get("caption", "")
            image = re.search(r"(<a [^>]*>)?\s*<img [^>]*>\s*(</a>)?", inner)
            if not image:
                return inner
            caption = caption or inner[image.end() :].strip()
            classes = "wide" if "alignwide" in attributes.get("align", "") else ""
            return (
                f'\n\n<figure class="wp-caption {classes}">{image.group(0)}'
                f"<figcaption>{caption}</figcaption></figure>\n\n"
            )
        if name == "gallery":
            ids = [i.strip() for i in attributes.get("ids", "").split(",") if i.strip()]
            ids = ids or self._attachments.get(post_id, [])
            images = "".join(f'<img class="wp-image-{escape(i)}" alt="">' for i in ids)
            return f'\n\n<figure class="gallery">{images}</figure>\n\n' if images else ""
        if name == "embed":
            return f"\n\n{inner.strip()}\n\n"
        if name in ("audio", "video"):
            src = next(
                (attributes[key] for key in ("src", "mp3", "mp4", "m4a", "ogg", "webm")
                 if attributes.get(key)), "",
            )  # fmt: skip
            return f'\n\n<p><a href="{escape(src)}">{escape(src)}</a></p>\n\n' if src else ""
        if re.search(r"\S", ATTRIBUTE.sub("", match.group(3))):
            return match.group(0)  # [words in brackets], not a shortcode
        self.skipped["shortcodes with no equivalent (left out)"] += 1
        return inner
