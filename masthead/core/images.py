"""The crops and formats the site shows images in, and where they are made: by the worker,
when a picture is saved or a story published, never while a reader waits. A page asked
for a picture whose renditions are not there yet shows what is there (at worst the file
itself) and asks the worker for the rest."""

import hashlib
import logging
from functools import cache

from django.core.cache import cache as shared_cache
from django.db import transaction
from django_tasks import task
from PIL import features
from wagtail.images.models import AbstractRendition, Filter, SourceImageIOError

from masthead.core.models import MastheadImage
from masthead.core.pagecache.fragments import provisional

log = logging.getLogger(__name__)

# Crops used across the site: (width / height, the widths offered in srcset).
SHAPES = {
    "wide": (16 / 9, (480, 800, 1200)),
    "card": (3 / 2, (360, 720)),
    "square": (1.0, (96, 192)),
}
SHARE_SPEC = "fill-1200x630-c100|format-jpeg"  # social cards, feeds' enclosures
POSTER_SPEC = "fill-1200x675-c100|format-webp"  # a video's still
# Google asks for article images in 16:9, 4:3 and 1:1, at least 1200 px wide.
ARTICLE_IMAGE_SPECS = [
    "fill-1200x675-c100|format-jpeg",
    "fill-1200x900-c100|format-jpeg",
    "fill-1200x1200-c100|format-jpeg",
]
PERSON_SPEC = "fill-400x400-c100|format-jpeg"
LOGO_SPEC = "max-600x60|format-png"
# A picture's renditions are asked of the worker at most this often (a busy page that shows
# one not made yet asks once, not once a reader).
WANTED_SECONDS = 300
UNREADABLE_SECONDS = 24 * 3600  # a picture whose file the worker could not read
# What a rendition is made from: a save that changes none of these needs none made.
_RENDITIONS_READ = {"file", *(f"focal_point_{part}" for part in ("x", "y", "width", "height"))}


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


def specs_shown() -> list[str]:
    """Every rendition a page, a feed or a card may show a story's or a person's picture in."""
    shapes = [spec for shape in SHAPES for spec in rendition_specs(shape)]
    return [*shapes, SHARE_SPEC, POSTER_SPEC, *ARTICLE_IMAGE_SPECS, PERSON_SPEC]


def renditions_ready(image: MastheadImage, specs: list[str]) -> dict[str, AbstractRendition]:
    """Those of `specs` made already, by spec (prefetched renditions: no query); the worker
    is asked for the others. Nothing is encoded here."""
    # Every rendition shown looked up at once, the first time a page asks (one query for
    # the picture, the card, the crops for search engines), and remembered on the image.
    known: dict[str, AbstractRendition | None] = image.__dict__.setdefault("_renditions", {})
    if unknown := [spec for spec in specs if spec not in known]:
        wanted = {
            spec: Filter(spec=spec)
            for spec in dict.fromkeys([*specs_shown(), *unknown])
            if spec not in known
        }
        found = image.find_existing_renditions(*wanted.values())
        known.update({spec: found.get(f) for spec, f in wanted.items()})
    ready = {spec: rendition for spec in specs if (rendition := known[spec]) is not None}
    if len(ready) < len(set(specs)) and not _unreadable(image):
        provisional()  # the page, and what of it is kept, shows them soon
        # All it is shown in, with the missing ones: one ask an image, not one a spec.
        shown = specs_shown()
        missing = [spec for spec in specs if spec not in ready and spec not in shown]
        renditions_want(image=image, specs=[*shown, *missing])
    return ready


def _unreadable(image: MastheadImage) -> bool:
    try:
        return bool(shared_cache.get(f"renditions-unreadable:{image.pk}"))
    except Exception:
        return False


def renditions_want(*, image: MastheadImage, specs: list[str]) -> None:
    """Ask the worker to make these renditions of `image`, once a while, after the commit
    (a picture saved in a transaction rolled back is not there)."""
    focus = (image.focal_point_x, image.focal_point_y, image.focal_point_width)
    asked = hashlib.sha256(repr((image.file.name, focus, specs)).encode()).hexdigest()[:24]
    key, pk = f"renditions-wanted:{image.pk}:{asked}", image.pk

    def ask() -> None:
        try:
            if not shared_cache.add(key, 1, WANTED_SECONDS):
                return
        except Exception:  # no cache: ask anyway; the worker makes only what is missing
            log.warning("cache unavailable, renditions asked again", exc_info=True)
        renditions_make_task.enqueue(pk, specs)

    transaction.on_commit(ask)


def picture_url(image: MastheadImage, spec: str) -> str:
    """The address of `image` in `spec`; of its own file until the worker has made that."""
    ready = renditions_ready(image, [spec])
    return ready[spec].url if ready else image.file.url


def on_image_saved(sender, instance: MastheadImage, update_fields=None, **kwargs) -> None:
    """Signal receiver (post_save): a picture saved is made in every rendition shown (not
    when Wagtail only records what it measured: its size, its hash)."""
    if update_fields and not set(update_fields) & _RENDITIONS_READ:
        return
    if instance.file:
        renditions_want(image=instance, specs=specs_shown())


@task()
def renditions_make_task(image_id: int, specs: list[str]) -> int:
    """Make what is missing of these renditions (an image deleted meanwhile: nothing)."""
    image = MastheadImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    try:
        return len(renditions_make(image=image, specs=specs))
    except SourceImageIOError:  # its file is gone: pages show what they can, as before
        log.warning("image %s: its file cannot be read, no renditions made", image_id)
        try:  # not asked again for a while (nor its pages kept briefly for its sake)
            shared_cache.set(f"renditions-unreadable:{image_id}", 1, UNREADABLE_SECONDS)
        except Exception:
            log.warning("cache unavailable", exc_info=True)
        return 0


def renditions_make(*, image: MastheadImage, specs: list[str]) -> dict[str, AbstractRendition]:
    """The renditions, made now where missing (the worker; the demo as it loads)."""
    return image.get_renditions(*specs)
