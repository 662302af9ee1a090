"""Video clips for the demo, made with ffmpeg: its colour test pattern under a title band
drawn by Pillow (the pictures' font, nothing from the system), with WebVTT captions. A
6-second clip at 640x360 is about 220 KB of H.264 and takes about a second to encode."""

import functools
import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from masthead.demo import images

FFMPEG = "ffmpeg"
SIZE = (640, 360)
FRAMES_PER_SECOND = 24
CONTENT_TYPE = 'video/mp4; codecs="avc1.4D401E"'  # H.264 Main 3.0, what every browser plays
MARK = (242, 194, 48)  # the site's yellow


class ClipUnavailable(Exception):
    """ffmpeg is missing or failed: the demo's videos go without a file."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def ffmpeg_missing() -> str | None:
    """Why clips cannot be made here, or None when they can."""
    if shutil.which(FFMPEG) is None:
        return f"{FFMPEG} is not installed (apt-get install ffmpeg)"
    return None


def _title_band(title: str, *, label: str) -> bytes:
    """A transparent frame with the title across the top (captions take the bottom)."""
    width, _ = SIZE
    band = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(band)
    dark, light = images.PALETTES[0]
    draw.rectangle([0, 0, width, 88], fill=(*dark, 225))
    draw.rectangle([0, 88, width, 92], fill=(*light, 255))
    draw.text((24, 14), label.upper(), font=ImageFont.load_default(size=14), fill=MARK)
    size = 26
    while size > 14 and draw.textlength(title, font=ImageFont.load_default(size=size)) > width - 48:
        size -= 1
    draw.text((24, 38), title, font=ImageFont.load_default(size=size), fill=(255, 255, 255))
    buffer = io.BytesIO()
    band.save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def _encoded(title: str, label: str, seconds: float) -> bytes:
    # Kept for the process: the test suite loads the demo many times over.
    with tempfile.TemporaryDirectory(prefix="masthead-clip-") as folder:
        band, clip = Path(folder) / "band.png", Path(folder) / "clip.mp4"
        band.write_bytes(_title_band(title, label=label))
        width, height = SIZE
        fade_out = max(seconds - 0.5, 0)
        command = [
            FFMPEG,
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={width}x{height}:rate={FRAMES_PER_SECOND}:duration={seconds}",
            "-i",
            str(band),
            "-filter_complex",
            f"[0:v][1:v]overlay,fade=t=in:d=0.5,fade=t=out:st={fade_out}:d=0.5,format=yuv420p",
            "-c:v",
            "libx264",
            "-profile:v",
            "main",
            "-level:v",
            "3.0",
            "-preset",
            "veryfast",
            "-crf",
            "30",
            "-g",
            str(FRAMES_PER_SECOND * 2),
            "-an",
            "-map_metadata",
            "-1",
            "-movflags",
            "+faststart",
            str(clip),
        ]
        try:
            subprocess.run(  # noqa: S603 - our own arguments, no shell
                command, check=True, capture_output=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            message = detail.decode(errors="replace").strip().splitlines()[-1:] or [str(exc)]
            raise ClipUnavailable(f"{FFMPEG} failed: {message[0]}") from exc
        return clip.read_bytes()


def clip_mp4(
    *, title: str, seconds: float, label: str = "The Zelenohirsk Courier · Video"
) -> bytes:
    """An MP4 (H.264) clip of SIZE and `seconds`: the test pattern moving under the title."""
    if reason := ffmpeg_missing():
        raise ClipUnavailable(reason)
    return _encoded(title, label, seconds)


def _timestamp(seconds: float) -> str:
    minutes, rest = divmod(round(seconds * 1000), 60_000)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def captions_vtt(cues: Sequence[Cue]) -> bytes:
    """A WebVTT file with these cues."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, 1):
        blocks.append(f"{number}\n{_timestamp(cue.start)} --> {_timestamp(cue.end)}\n{cue.text}")
    return ("\n\n".join(blocks) + "\n").encode()
