"""Uploads: pictures are checked by what they contain, not their name; oversized files and
decompression bombs are refused with a clear error; names are made safe; media never runs
as a page."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.core.models import MastheadImage

pytestmark = pytest.mark.django_db


def picture(size=(40, 30), fmt="PNG", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def editor(client, cast):
    client.force_login(cast["editor"])
    return client


def upload(client, name: str, content: bytes, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {"title": "Upload", "file": SimpleUploadedFile(name, content, content_type)},
    )


def test_a_real_picture_is_accepted(editor):
    response = upload(editor, "depot.png", picture())
    assert response.status_code == 302
    assert MastheadImage.objects.get().width == 40


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("page.jpg", b"<html><script>alert(1)</script></html>", b"Not a valid .jpeg image"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', b"Not a supported image"),
        ("empty.png", b"", b"The submitted file is empty"),
    ],
)
def test_what_is_not_a_picture_is_refused(editor, name, content, error):
    response = upload(editor, name, content)
    assert response.status_code == 200 and error in response.content
    assert not MastheadImage.objects.exists()


def test_a_decompression_bomb_is_refused(editor):
    # A few kilobytes of PNG that would open as 81 million pixels.
    bomb = picture(size=(9_000, 9_000), mode="1")
    assert len(bomb) < 50_000
    response = upload(editor, "huge.png", bomb)
    assert b"too many pixels" in response.content.lower()
    assert not MastheadImage.objects.exists()


def test_an_oversized_file_is_refused(editor):
    noise = Image.frombytes("RGB", (3_000, 2_500), os.urandom(3_000 * 2_500 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)  # 22 MB, over IMAGE_MAX_UPLOAD_MB (20)
    response = upload(editor, "big.png", buffer.getvalue())
    assert b"This file is too big" in response.content
    assert not MastheadImage.objects.exists()


def test_file_names_are_made_safe(editor):
    response = upload(editor, '../../<img src=x onerror="alert(1)">.png', picture())
    assert response.status_code == 302
    stored = MastheadImage.objects.get().file.name
    assert ".." not in stored and "<" not in stored and '"' not in stored
    assert stored.startswith("original_images/")


def test_media_is_never_served_as_a_page(client, settings, tmp_path):
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "note.txt").write_text("<script>alert(1)</script>")
    (tmp_path / "media" / "photo.png").write_bytes(picture())
    text = client.get("/media/note.txt")
    assert text["Content-Disposition"] == "attachment"
    assert text["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in text["Content-Security-Policy"]
    photo = client.get("/media/photo.png")
    assert photo["Content-Type"] == "image/png"
    assert "attachment" not in photo.get("Content-Disposition", "")
    assert "sandbox" in photo["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("fmt", "name"), [("JPEG", "cut.jpg"), ("PNG", "cut.png"), ("WEBP", "cut.webp")]
)
def test_a_damaged_picture_is_refused_with_a_clear_error(editor, fmt, name):
    noise = Image.frombytes("RGB", (300, 200), os.urandom(300 * 200 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, fmt)
    whole = buffer.getvalue()
    response = upload(editor, name, whole[: len(whole) // 2], content_type=f"image/{fmt.lower()}")
    assert response.status_code == 200
    assert b"The file is damaged or not a complete image" in response.content
    assert not MastheadImage.objects.exists()
