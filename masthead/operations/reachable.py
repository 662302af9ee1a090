"""`python -m masthead.operations.reachable URL...`: exit 0 when every server named answers a
TCP connect.

The test command uses it to decide whether the PostgreSQL + Redis pass can run here.
"""

import socket
import sys
from urllib.parse import urlsplit

DEFAULT_PORTS = {"postgres": 5432, "postgresql": 5432, "redis": 6379, "rediss": 6379}


def reachable(url: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    missing = [url for url in sys.argv[1:] if not reachable(url)]
    for url in missing:
        print(
            f"not reachable: {urlsplit(url).scheme}://{urlsplit(url).hostname}:{urlsplit(url).port}"
        )
    sys.exit(1 if missing else 0)
