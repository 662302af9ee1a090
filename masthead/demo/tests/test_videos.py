"""The demo's clips and captions, as ffmpeg makes them."""

import json
import shutil
import subprocess

import pytest

from masthead.demo import videos


def test_a_clip_is_a_small_h264_mp4_of_the_size_and_length_asked(ffmpeg, tmp_path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(videos.clip_mp4(title="River from the air", seconds=6))
    ffprobe = shutil.which("ffprobe") or "ffprobe"  # comes with ffmpeg
    probe = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [ffprobe, "-v", "error", "-show_streams", "-of", "json", str(clip)],
        capture_output=True,
        check=True,
    )
    [stream] = json.loads(probe.stdout)["streams"]
    assert (stream["codec_name"], stream["profile"], stream["pix_fmt"]) == (
        "h264",
        "Main",
        "yuv420p",
    )
    assert (stream["width"], stream["height"]) == videos.SIZE
    assert float(stream["duration"]) == pytest.approx(6)
    assert clip.stat().st_size < 500_000


def test_an_ffmpeg_that_fails_is_reported_not_raised_as_a_crash(monkeypatch):
    monkeypatch.setattr(videos, "FFMPEG", shutil.which("false") or "false")
    with pytest.raises(videos.ClipUnavailable, match="failed"):
        videos.clip_mp4(title="Not this time", seconds=1)


def test_captions_are_webvtt():
    cues = [videos.Cue(0.3, 2.1, "Dawn on the river."), videos.Cue(2.1, 65.5, "A minute on.")]
    assert videos.captions_vtt(cues).decode() == (
        "WEBVTT\n\n"
        "1\n00:00:00.300 --> 00:00:02.100\nDawn on the river.\n\n"
        "2\n00:00:02.100 --> 00:01:05.500\nA minute on.\n"
    )
