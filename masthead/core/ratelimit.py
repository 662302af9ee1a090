"""Fixed-window rate limits in the shared cache (Redis in production), for public forms."""

import hashlib
import time

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{digest}:{int(time.time() // window)}"


def attempts(*, scope: str, key: str, window: int = 3600) -> int:
    """How many attempts `key` made in `scope` in this window, without counting one."""
    return cache.get(_cache_key(scope, key, window), 0)


def attempts_forget(*, scope: str, key: str, window: int = 3600) -> None:
    cache.delete(_cache_key(scope, key, window))


def rate_limited(*, scope: str, key: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt for `key` in `scope`; True once more than `limit` fell in the window."""
    cache_key = _cache_key(scope, key, window)
    if cache.add(cache_key, 1, window):
        return limit < 1
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, window)
        return False


def request_limited(
    request, *, scope: str, limit: int, window: int = 3600, extra: str = ""
) -> bool:
    """Limit by client address, and separately by `extra` (an e-mail address, say)."""
    by_address = rate_limited(scope=scope, key=client_address(request), limit=limit, window=window)
    by_extra = bool(extra) and rate_limited(
        scope=f"{scope}:extra", key=extra.lower(), limit=limit, window=window
    )
    return by_address or by_extra
