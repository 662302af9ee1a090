"""What every benchmark script does first: point Django at the benchmark database
(var/bench unless DATABASE_URL says otherwise), quiet, then set it up."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("MASTHEAD_DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The benchmark publishes through the admin as a superuser, without a phone.
    os.environ.setdefault("TWO_FACTOR_REQUIRED_FOR", "none")

    import django

    django.setup()
