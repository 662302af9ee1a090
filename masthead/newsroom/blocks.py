from django.utils.text import slugify
from wagtail import blocks
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
