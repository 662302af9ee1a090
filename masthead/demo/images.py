"""Images for the demo made with Pillow: gradients with text, so nothing is downloaded."""

import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

PALETTES = [
    ((16, 52, 94), (74, 144, 196)),
    ((84, 31, 45), (214, 108, 74)),
    ((22, 70, 58), (120, 186, 120)),
    ((58, 36, 96), (168, 122, 214)),
    ((96, 70, 18), (236, 190, 84)),
    ((30, 34, 40), (110, 124, 140)),
]


def _palette(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    digest = hashlib.sha256(seed.encode()).digest()
    return PALETTES[digest[0] % len(PALETTES)]


def _gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    image = column.resize(size)
    # A soft diagonal band gives each picture some shape.
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.polygon(
        [(0, height * 0.75), (width, height * 0.35), (width, height), (0, height)],
        fill=(255, 255, 255, 28),
    )
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def story_picture(text: str, *, label: str, seed: str = "", size=(1600, 900)) -> bytes:
    """A lead picture; with no text or label (the bundled font has no Cyrillic), a plain one
    coloured by `seed`."""
    image = _gradient(size, *_palette(seed or text))
    draw = ImageDraw.Draw(image)
    width, height = size
    # Text stays inside the middle 1,000 px so the 3:2 and square crops keep it whole.
    left = (width - 1000) // 2
    draw.text((left, 150), label.upper(), font=_font(36), fill=(255, 255, 255))
    lines = textwrap.wrap(text, width=24)[:3]
    font = _font(70)
    y = height - 150 - 86 * len(lines)
    for line in lines:
        draw.text((left, y), line, font=font, fill=(255, 255, 255))
        y += 86
    return _jpeg(image)


def portrait(name: str, size=(600, 600)) -> bytes:
    image = _gradient(size, *_palette(name))
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = _font(220)
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=font)
    draw.text(
        ((size[0] - (right - left)) / 2 - left, (size[1] - (bottom - top)) / 2 - top),
        initials,
        font=font,
        fill=(255, 255, 255),
    )
    return _jpeg(image)


def video_poster(title: str, size=(1600, 900)) -> bytes:
    # The site draws the play button over posters; the picture itself stays clean.
    return story_picture(title, label="Video", size=size)
