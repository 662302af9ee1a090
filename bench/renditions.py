"""Renditions benchmark: the first view of a story published a moment ago with a new 12 MP
photo (4000 x 3000 JPEG), before the worker has made its renditions.

Beside it, its anchors: the same first view of a story without a picture (after a publish
every shared fragment is built again), and what that first view used to wait for, the
encoder making the renditions the page shows (the wide crop in every format and width, the
social card and Google's three crops), and the worker's time for every rendition the site
shows. Run by `make bench` on SQLite and on PostgreSQL, in the page benchmark's database.

    python bench/renditions.py [--articles 10000]
"""

import argparse
import io
import json
import os
import statistics
import time

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

from archive import seed  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from masthead.core import images  # noqa: E402
from masthead.core.models import MastheadImage  # noqa: E402
from masthead.newsroom.models import ArticlePage, SectionPage  # noqa: E402

SIZE = (4000, 3000)


def photo(number: int) -> bytes:
    """A 12 MP JPEG with detail (noise and shapes), as a camera's would cost to encode."""
    base = Image.effect_noise(SIZE, 64).convert("RGB")
    draw = ImageDraw.Draw(base)
    for step in range(0, SIZE[0], 160):
        draw.ellipse(
            (step, step // 2, step + 900, step // 2 + 700), outline=(number % 255, 90, 160)
        )
    buffer = io.BytesIO()
    base.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def first_view(client: Client, section: SectionPage, number: int) -> dict:
    image = MastheadImage(title=f"Bench photo {number}", description="A bench photo")
    image.file = ImageFile(io.BytesIO(photo(number)), name=f"bench-photo-{number}.jpg")
    image.save()
    story = ArticlePage(
        title=f"Bench story with a new photo {number}",
        slug=f"bench-photo-story-{number}-{int(time.time())}",
        standfirst="A story published a moment ago.",
        lead_image=image,
    )
    section.add_child(instance=story)
    story.save_revision().publish()
    started = time.perf_counter()
    response = client.get(story.url)
    first_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or image.renditions.exists():
        raise SystemExit("FAIL: the first view made renditions or failed")
    shown = [*images.rendition_specs("wide"), images.SHARE_SPEC, *images.ARTICLE_IMAGE_SPECS]
    started = time.perf_counter()
    images.renditions_make(image=image, specs=shown)
    waited_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    images.renditions_make(image=image, specs=images.specs_shown())
    worker_ms = waited_ms + (time.perf_counter() - started) * 1000
    # The same first view with no picture (every page's fragments built again after a
    # publish): what the photo itself adds is the difference.
    plain = ArticlePage(
        title=f"Bench story without a photo {number}",
        slug=f"bench-plain-story-{number}-{int(time.time())}",
        standfirst="A story published a moment ago.",
    )
    section.add_child(instance=plain)
    plain.save_revision().publish()
    started = time.perf_counter()
    client.get(plain.url)
    plain_ms = (time.perf_counter() - started) * 1000
    for page in (story, plain):
        page.delete()
    image.delete()
    return {
        "first_view_ms": first_ms,
        "first_view_without_picture_ms": plain_ms,
        "encoder_ms": waited_ms,
        "worker_ms": worker_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=int(os.environ.get("BENCH_PAGE_ARTICLES", 10_000))
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    seed(args.articles)
    client = Client()
    section = SectionPage.objects.live().filter(locale__language_code="en").first()
    client.get(section.url)  # the process warm, as a serving worker is
    runs = [first_view(client, section, number) for number in range(args.repeat)]
    result = {
        "database": connection.vendor,
        "photo": f"{SIZE[0]}x{SIZE[1]} JPEG",
        "image_formats": list(images.image_formats()),
        **{
            name: round(statistics.median(run[name] for run in runs), 1)
            for name in (
                "first_view_ms",
                "first_view_without_picture_ms",
                "encoder_ms",
                "worker_ms",
            )
        },
        "runs": args.repeat,
        "target_first_view_ms": 50,
    }
    out = ROOT / "bench" / "results" / f"renditions-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{connection.vendor}: first view of a story with a new 12 MP photo "
        f"{result['first_view_ms']} ms (target ≤ 50 ms; without a picture "
        f"{result['first_view_without_picture_ms']} ms); the encoder it used to wait for "
        f"{result['encoder_ms']} ms; the worker, every rendition, {result['worker_ms']} ms"
    )


if __name__ == "__main__":
    main()
