"""A post's HTML (WordPress's blocks or classic editor, Ghost's cards, Substack's posts) as
the story body's blocks (newsroom/blocks.py): what each kind of markup means, not how it
looked. Images, links and embeds are looked up through the callables the writer passes, so
this module reads HTML and nothing else."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.embeds.finders.oembed import OEmbedFinder
from wagtail.embeds.oembed_providers import all_providers

from masthead.newsroom.blocks import html_sanitise

# An image for a source address (and the attachment id in a wp-image-N class): its pk here,
# or None when it cannot be found or fetched.
ImageFor = Callable[[str, str], int | None]
# A link's target: ("page", "<pk>") for a page of ours, ("url", "<address>") for any other,
# ("pending", "<address>") for a story of the export not imported yet.
LinkFor = Callable[[str], tuple[str, str]]

HEADING_LIMIT = 120
BLOCK_CONTAINERS = {
    "div", "section", "article", "main", "header", "footer", "aside", "center", "body",
    "html", "span", "font", "figure", "picture",
}  # fmt: skip
DROPPED = {"script", "style", "noscript", "form", "input", "button", "select", "textarea",
           "link", "meta", "svg", "object", "embed", "template"}  # fmt: skip
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup"}
_oembed = OEmbedFinder(providers=all_providers)
_WHITESPACE = re.compile(r"\s+")
_IFRAME_VIDEO = [
    (re.compile(r"youtube(?:-nocookie)?\.com/embed/([\w-]{6,})"), "https://www.youtube.com/watch?v={}"),
    (re.compile(r"player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
]  # fmt: skip


def embed_url(url: str) -> str | None:
    """The address as an embed of a provider Wagtail knows (YouTube, Vimeo, X, Spotify…),
    from a page address or a player's iframe address; None for any other site."""
    url = url.strip()
    if url.startswith("//"):
        url = f"https:{url}"
    for pattern, page in _IFRAME_VIDEO:
        if match := pattern.search(url):
            return page.format(match.group(1))
    if not url.startswith(("http://", "https://")):
        return None
    return url if _oembed._get_endpoint(url) else None


@dataclass
class Converted:
    blocks: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links_pending: bool = False


def _text(node: Tag | NavigableString) -> str:
    return _WHITESPACE.sub(" ", node.get_text(" ") if isinstance(node, Tag) else str(node)).strip()


def _classes(node: Tag) -> set[str]:
    value: object = node.get("class") or []
    return set(value if isinstance(value, list) else str(value).split())


class _Converter:
    def __init__(self, *, image_for: ImageFor, link_for: LinkFor):
        self.image_for, self.link_for = image_for, link_for
        self.out = Converted()
        self.run: list[str] = []  # inline markup waiting for its paragraph

    # Inline: Wagtail's rich text (bold, italic, links, superscript, lists) -------------

    def inline(self, node) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return escape(_WHITESPACE.sub(" ", str(node)), quote=False)
        if not isinstance(node, Tag) or node.name in DROPPED or node.name == "img":
            return ""
        inner = "".join(self.inline(child) for child in node.children)
        if node.name == "br":
            return "<br/>"
        if node.name in INLINE:
            tag = INLINE[node.name]
            return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
        if node.name == "a" and (href := str(node.get("href") or "").strip()):
            return self.link(href, inner)
        return inner

    def link(self, href: str, inner: str) -> str:
        if not inner.strip():
            return inner
        kind, target = self.link_for(href)
        if kind == "page":
            return f'<a linktype="page" id="{int(target)}">{inner}</a>'
        if kind == "pending":
            self.out.links_pending = True
        if not target.startswith(("http://", "https://", "mailto:", "/", "#")):
            return inner  # javascript: and the like
        return f'<a href="{escape(target)}">{inner}</a>'

    def paragraph_flush(self) -> None:
        markup = "".join(self.run).strip()
        self.run = []
        markup = re.sub(r"^(<br/>\s*)+|(\s*<br/>)+$", "", markup)
        if markup and re.sub(r"<[^>]+>|\s", "", markup):
            self.add("paragraph", f"<p>{markup}</p>")

    def add(self, kind: str, value) -> None:
        if kind == "html":
            value = html_sanitise(value)
            if not _WHITESPACE.sub("", re.sub(r"<[^>]*>", "", value)) and "<hr" not in value:
                return  # nothing left once cleaned
        self.out.blocks.append({"type": kind, "value": value})

    # Blocks -----------------------------------------------------------------------------

    def block(self, node) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            if str(node).strip():
                if url := self.bare_embed(str(node)):
                    self.paragraph_flush()
                    self.add("embed", url)
                else:
                    self.run.append(self.inline(node))
            elif self.run:
                self.run.append(" ")
            return
        if not isinstance(node, Tag):
            return
        name, classes = node.name, _classes(node)
        if name in DROPPED:
            if name in ("script", "form", "object", "embed"):
                self.out.warnings.append(f"a <{name}> was left out")
            return
        if name in INLINE or name in (
            "a",
            "br",
            "u",
            "s",
            "small",
            "mark",
            "abbr",
            "cite",
            "code",
            "sub",
        ):
            if node.find("img"):
                self.with_images(node)
            else:
                self.run.append(self.inline(node))
            return
        self.paragraph_flush()
        if name == "p":
            self.paragraph(node)
        elif re.fullmatch(r"h[1-6]", name):
            self.heading(node)
        elif name in ("ul", "ol"):
            self.add("paragraph", self.list_markup(node))
        elif name == "blockquote":
            self.quote(node, pull="kg-blockquote-alt" in classes)
        elif name == "figure" or (name == "div" and classes & {"kg-card", "wp-caption", "gallery"}):
            self.figure(node, classes)
        elif name == "img":
            self.image(node, caption="", wide=False)
        elif name == "pre":
            self.code(node)
        elif name == "table":
            self.table(node)
        elif name == "iframe":
            self.iframe(node)
        elif name == "hr":
            self.add("html", "<hr>")
        elif name in BLOCK_CONTAINERS:
            self.children(node)
        else:
            self.add("html", str(node))
        self.paragraph_flush()

    def children(self, node: Tag) -> None:
        for child in list(node.children):
            self.block(child)
        self.paragraph_flush()

    def bare_embed(self, text: str) -> str | None:
        """A known provider's address alone on its line: WordPress and Ghost embed it."""
        text = text.strip()
        return embed_url(text) if re.fullmatch(r"https?://\S+", text) else None

    def paragraph(self, node: Tag) -> None:
        if (only := _text(node)) and not node.find(["img", "iframe"]) and self.bare_embed(only):
            anchors = node.find_all("a")
            if not anchors or (len(anchors) == 1 and _text(anchors[0]) == only):
                self.add("embed", self.bare_embed(only))
                return
        if node.find(["img", "iframe"]):
            self.with_images(node)
        else:
            self.run.append("".join(self.inline(child) for child in node.children))
        self.paragraph_flush()

    def with_images(self, node: Tag) -> None:
        """Text around images (classic posts put them inside paragraphs and links): the text
        as paragraphs, each image as its own block, in their order."""
        for child in list(node.children):
            if isinstance(child, Tag) and (child.name in ("img", "iframe") or child.find("img")):
                if child.name == "img":
                    self.paragraph_flush()
                    self.image(child, caption="", wide=False)
                elif child.name == "iframe":
                    self.paragraph_flush()
                    self.iframe(child)
                else:
                    self.with_images(child)
            else:
                self.run.append(self.inline(child))

    def heading(self, node: Tag) -> None:
        text = _text(node)
        if not text:
            return
        if len(text) > HEADING_LIMIT:
            self.add("paragraph", f"<p><b>{escape(text, quote=False)}</b></p>")
        else:
            self.add("heading", text)

    def list_markup(self, node: Tag) -> str:
        items = []
        for item in node.find_all("li", recursive=False):
            parts = []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    parts.append(self.list_markup(child))
                elif isinstance(child, Tag) and child.name == "p":
                    parts.append("".join(self.inline(c) for c in child.children))
                else:
                    parts.append(self.inline(child))
            items.append(f"<li>{''.join(parts).strip()}</li>")
        tag = "ol" if node.name == "ol" else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>"

    def quote(self, node: Tag, *, pull: bool) -> None:
        for platform in ("twitter-tweet", "instagram-media", "tiktok-embed"):
            if platform in _classes(node):
                for anchor in reversed(node.find_all("a", href=True)):
                    if url := embed_url(str(anchor["href"])) or (
                        platform != "twitter-tweet" and str(anchor["href"])
                    ):
                        self.add("embed", url)
                        return
        attribution = ""
        for cite in node.find_all(["cite", "footer"]):
            attribution = attribution or _text(cite)
            cite.extract()
        paragraphs = [_text(p) for p in node.find_all("p")] or [_text(node)]
        if not attribution and len(paragraphs) > 1 and paragraphs[-1][:1] in "\u2014\u2013-":
            attribution = paragraphs.pop()  # "— who said it", the custom of many writers
        said = "\n\n".join(text for text in paragraphs if text)
        if said:
            self.add(
                "quote",
                {
                    "quote": said,
                    "attribution": attribution.lstrip("\u2014\u2013- ")[:255],
                    "pull": pull,
                },
            )

    def figure(self, node: Tag, classes: set[str]) -> None:
        caption_node = node.find(["figcaption"], recursive=False) or node.find(
            class_=["wp-caption-text", "gallery-caption"]
        )
        caption = _text(caption_node) if caption_node else ""
        if caption_node and "gallery" not in " ".join(classes):
            caption_node.extract()
        if "wp-block-pullquote" in classes or "kg-blockquote-alt" in classes:
            self.quote(node.find("blockquote") or node, pull=True)
        elif classes & {"wp-block-gallery", "kg-gallery-card", "gallery"} or (
            len(node.find_all("img")) > 1 and not node.find(["p", "blockquote"])
        ):
            self.gallery(node, caption=caption if "gallery" not in classes else "")
        elif classes & {"wp-block-embed", "kg-embed-card", "kg-video-card"} or node.find("iframe"):
            url = None
            if frame := node.find("iframe"):
                url = embed_url(str(frame.get("src") or ""))
            url = url or self.bare_embed(_text(node.find(class_="wp-block-embed__wrapper") or node))
            if url:
                self.add("embed", url)
            elif frame:
                self.iframe(frame)
            else:
                self.children(node)
        elif "wp-block-table" in classes and (table := node.find("table")):
            self.table(table, caption=caption)
        elif node.find("blockquote"):
            self.quote(node.find("blockquote"), pull=False)  # type: ignore[arg-type]
        elif (img := node.find("img")) and isinstance(img, Tag):
            wide = bool(classes & {"alignwide", "alignfull", "kg-width-wide", "kg-width-full"})
            self.image(img, caption=caption, wide=wide)
        else:
            self.children(node)

    def image_pk(self, img: Tag) -> int | None:
        src = str(img.get("src") or img.get("data-src") or img.get("data-orig-file") or "")
        attachment = next(
            (c.removeprefix("wp-image-") for c in _classes(img) if c.startswith("wp-image-")), ""
        )
        if not src and not attachment:
            return None
        pk = self.image_for(src, attachment)
        if pk is None:
            self.out.warnings.append(f"image not found: {src or attachment}")
        return pk

    def image(self, img: Tag, *, caption: str, wide: bool) -> None:
        if (pk := self.image_pk(img)) is not None:
            self.add("image", {"image": pk, "caption": caption[:255], "wide": wide})

    def gallery(self, node: Tag, *, caption: str) -> None:
        items = []
        for img in node.find_all("img"):
            parent = img.find_parent(["figure", "dl", "li"])
            own = parent.find(["figcaption", "dd"]) if parent and parent is not node else None
            if (pk := self.image_pk(img)) is not None:
                items.append(
                    {"image": pk, "caption": _text(own)[:255] if own else "", "wide": False}
                )
        if len(items) >= 2:
            self.add("gallery", {"images": items, "caption": caption[:255]})
        elif items:
            self.add("image", {**items[0], "caption": items[0]["caption"] or caption[:255]})

    def code(self, node: Tag) -> None:
        code = node.find("code") or node
        language = next(
            (
                c.removeprefix("language-").removeprefix("lang-")
                for c in (_classes(code) | _classes(node))
                if c.startswith(("language-", "lang-"))
            ),
            "",
        )
        text = code.get_text()
        if text.strip():
            self.add("code", {"language": language[:30], "code": text.strip("\n")})

    def table(self, node: Tag, *, caption: str = "") -> None:
        rows = []
        header = bool(node.find("thead"))
        for row in node.find_all("tr"):
            cells = [_text(cell) for cell in row.find_all(["td", "th"], recursive=False)]
            if cells:
                rows.append(cells)
        if not rows:
            return
        first = node.find("tr")
        if not header and first and first.find_all("th") and not first.find_all("td"):
            header = True
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if table_caption := node.find("caption"):
            caption = caption or _text(table_caption)
        self.add(
            "table",
            {
                "data": rows,
                "first_row_is_table_header": header,
                "first_col_is_header": False,
                "table_caption": caption[:255],
            },
        )

    def iframe(self, node: Tag) -> None:
        src = str(node.get("src") or "")
        if url := embed_url(src):
            self.add("embed", url)
        elif src.startswith(("http://", "https://")):
            self.out.warnings.append(f"an embed from an unknown site was kept as a link: {src}")
            self.add("paragraph", f'<p><a href="{escape(src)}">{escape(src)}</a></p>')


def html_to_blocks(html: str, *, image_for: ImageFor, link_for: LinkFor) -> Converted:
    """The blocks of a post's body, with what could not be kept said in `warnings`."""
    converter = _Converter(image_for=image_for, link_for=link_for)
    soup = BeautifulSoup(html or "", "html.parser")
    converter.children(soup)
    return converter.out
