"""The crops and formats the site shows images in, shared by templates and warm-up."""

from functools import cache

from PIL import features

from masthead.core.models import MastheadImage

# Crops used across the site: (width / height, the widths offered in srcset).
SHAPES = {
    "wide": (16 / 9, (480, 800, 1200)),
    "card": (3 / 2, (360, 720)),
    "square": (1.0, (96, 192)),
}
SHARE_SPEC = "fill-1200x630-c100|format-jpeg"


@cache
def image_formats() -> tuple[str, ...]:
    """AVIF first where this Pillow can write it; WebP is the <img> every browser reads."""
    return ("avif", "webp") if features.check("avif") else ("webp",)


def rendition_specs(shape: str) -> list[str]:
    ratio, widths = SHAPES[shape]
    return [
        f"fill-{width}x{round(width / ratio)}-c100|format-{fmt}"
        for fmt in image_formats()
        for width in widths
    ]


def renditions_prepare(
    *, image: MastheadImage, shapes: tuple[str, ...], share: bool = False
) -> None:
    """Make the renditions pages will ask for, so no reader waits for an encoder."""
    specs = [spec for shape in shapes for spec in rendition_specs(shape)]
    image.get_renditions(*specs, *([SHARE_SPEC] if share else []))
