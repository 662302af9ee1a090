from datetime import datetime
from functools import cache

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from PIL import features
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()

# Crops used across the site: (width / height, the widths offered in srcset).
SHAPES = {
    "wide": (16 / 9, (480, 800, 1200)),
    "card": (3 / 2, (320, 480, 720)),
    "square": (1.0, (96, 192)),
    "share": (1200 / 630, (1200,)),
}


@cache
def image_formats() -> tuple[str, ...]:
    """AVIF first where this Pillow can write it; WebP is the <img> every browser reads."""
    return ("avif", "webp") if features.check("avif") else ("webp",)


def rendition_specs(shape: str, formats: tuple[str, ...]) -> list[str]:
    ratio, widths = SHAPES[shape]
    return [
        f"fill-{width}x{round(width / ratio)}-c100|format-{fmt}"
        for fmt in formats
        for width in widths
    ]


@register.simple_tag
def photo(image, shape="wide", sizes="100vw", **attrs):
    """<picture> with srcset per format, width and height set, alt text from the image."""
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, rendition_specs(shape, image_formats()))
    attrs = {"sizes": sizes, "decoding": "async", **attrs}
    attrs.setdefault("loading", "lazy")
    if attrs.get("fetchpriority") == "high":
        attrs.pop("loading")
    return Picture(renditions, attrs).__html__()


@register.simple_tag
def share_image_url(image) -> str:
    """An absolute JPEG for social cards (Open Graph and X read JPEG everywhere)."""
    if not image:
        return ""
    rendition = get_renditions_or_not_found(image, ["fill-1200x630-c100|format-jpeg"])
    return next(iter(rendition.values())).full_url


@register.filter
def feed_time(value: datetime | None) -> str:
    """"14:05" for today's stories, "24 Nov" for older ones, with the year if not this one."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, "j M")
    return date_format(local, "j M Y")
