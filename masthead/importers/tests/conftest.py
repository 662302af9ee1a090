import io
import os
import random
from pathlib import Path

import pytest
from PIL import Image

from masthead.importers.running import import_run
from masthead.importers.writing import ImportOptions
from masthead.membership.tests.conftest import fake_stripe  # noqa: F401 - Stripe, faked

FIXTURES = Path(__file__).with_name("fixtures")
WORDPRESS = FIXTURES / "wordpress.xml"
# The WordPress theme unit test export, beside the repository (../shared/data).
WPTEST_PLACES = [
    Path(__file__).resolve().parents[4] / "shared" / "data" / "wordpress" / "wptest.xml",
    Path("/work/shared/data/wordpress/wptest.xml"),
]


def picture(seed: str, kind: str = "JPEG", size=(640, 427)) -> bytes:
    """A picture of its own colour: every seed gives other bytes (another content hash)."""
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3))).save(out, kind)
    return out.getvalue()


def uploads_make(root: Path, files: dict[str, bytes]) -> Path:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture
def wordpress_uploads(tmp_path) -> Path:
    """The fixture export's uploads folder, but for lost.jpg (which the import refuses)."""
    return uploads_make(
        tmp_path / "uploads",
        {
            "2025/03/odvir.jpg": picture("odvir"),
            "2025/04/night-ferry.jpg": picture("night-ferry"),
            "2025/04/queue.png": picture("queue", "PNG"),
            "2025/04/gulls.jpg": picture("gulls"),
            "2025/04/timetable.pdf": b"%PDF-1.4\n% timetable of the winter ferries\n",
        },
    )


@pytest.fixture
def wordpress_import(db, wordpress_uploads):
    def run(path: Path = WORDPRESS, **options):
        choice = ImportOptions(media_dir=wordpress_uploads, fetch=False, **options)
        return import_run("wordpress", path, options=choice)

    return run


def wptest_path() -> Path:
    for place in WPTEST_PLACES:
        if place.exists():
            return place
    message = "the WordPress theme unit test export (shared/data/wordpress/wptest.xml) is missing"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")
