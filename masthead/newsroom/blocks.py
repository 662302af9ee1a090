import nh3
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(
        required=False, help_text="Leave blank to use the image's own caption."
    )
    wide = blocks.BooleanBlock(required=False, help_text="Let the image run wider than the text.")

    class Meta:
        icon = "image"
        template = "newsroom/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)
    pull = blocks.BooleanBlock(
        required=False, help_text="A pull quote repeats a line of the story in large type."
    )

    class Meta:
        icon = "openquote"
        template = "newsroom/blocks/quote.html"


class RelatedStoryBlock(blocks.StructBlock):
    article = blocks.PageChooserBlock(page_type="newsroom.ArticlePage")
    label = blocks.CharBlock(default="Read also", max_length=40)

    class Meta:
        icon = "link"
        template = "newsroom/blocks/related_story.html"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ul"
        template = "newsroom/blocks/fact_box.html"


class VideoBlock(blocks.StructBlock):
    video = blocks.PageChooserBlock(page_type="newsroom.VideoPage")

    class Meta:
        icon = "media"
        template = "newsroom/blocks/video.html"


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(ImageBlock(), min_num=2)
    caption = blocks.CharBlock(required=False, help_text="A line under the whole gallery.")

    class Meta:
        icon = "image"
        template = "newsroom/blocks/gallery.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(required=False, max_length=30, help_text="For example: python")
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "newsroom/blocks/code.html"


# What a safe HTML block may hold: Ammonia's defaults (text, tables, lists, links) without
# styles or scripts, links that cannot act for the page, and no pictures (an image block
# shows those, with their sizes and credit; one here would load from anywhere).
SAFE_HTML = {
    "tags": nh3.ALLOWED_TAGS - {"img"},
    "link_rel": "noopener noreferrer nofollow",
    "url_schemes": {"http", "https", "mailto"},
}


def html_sanitise(html: str) -> str:
    """The HTML with everything that could run, restyle or impersonate the page removed."""
    return nh3.clean(html, **SAFE_HTML)  # type: ignore[arg-type]


class SafeHTMLBlock(blocks.RawHTMLBlock):
    """HTML kept as it came (an import's markup we have no block for), cleaned of scripts,
    styles and event handlers when saved and again when shown."""

    def clean(self, value):
        return super().clean(mark_safe(html_sanitise(str(value))))

    def render_basic(self, value, context=None):
        return mark_safe(f'<div class="block-html">{html_sanitise(str(value))}</div>')

    class Meta:
        icon = "code"
        label = "HTML (cleaned)"


def blocks_with_anchors(body) -> list[tuple[blocks.StreamValue.StreamChild, str | None]]:
    """A story body's blocks, each heading with its id: the heading's words in any script
    («Що далі» gives що-далі), then -2, -3… when an earlier heading has the same words."""
    taken: set[str] = set()
    result = []
    for block in body:
        anchor = None
        if block.block_type == "heading":
            base = slugify(block.value, allow_unicode=True) or "section"
            anchor, number = base, 2
            while anchor in taken:
                anchor, number = f"{base}-{number}", number + 1
            taken.add(anchor)
        result.append((block, anchor))
    return result


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    heading = blocks.CharBlock(
        max_length=120, template="newsroom/blocks/heading.html", icon="title"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        help_text="A link to a video or post on YouTube, Vimeo, X…",
        template="newsroom/blocks/embed.html",
    )
    video = VideoBlock()
    related_story = RelatedStoryBlock()
    fact_box = FactBoxBlock()
    gallery = GalleryBlock()
    table = TableBlock(template="newsroom/blocks/table.html")
    code = CodeBlock()
    html = SafeHTMLBlock()
