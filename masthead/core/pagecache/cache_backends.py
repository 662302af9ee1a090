"""Django's Redis cache, made to treat Redis being away as an empty cache: pages keep being
served (from Django, uncached) while Redis is down, and the cache is used again as soon as it
answers. Rate limits fail open meanwhile; the page cache serves nothing from storage while
Redis is away, and marks what it stored before stale once Redis is back (core/pagecache)."""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
AWAY = (RedisConnectionError, RedisTimeoutError, OSError)


class OneClientPerPool(RedisCacheClient):
    """Django makes a new `redis.Redis` for every cache call, setting up its 170 reply
    handlers each time (a fifth of a millisecond, nine times for a page); one client per
    connection pool serves them all (a client is safe to share, its pool hands out the
    connections)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's private methods: test_cache_backends drives them through a real Redis.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    # After a failure Redis is left alone this long, so only one request in that time
    # waits for a connection timeout.
    PAUSE_SECONDS = 5.0
    _away_until = 0.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = OneClientPerPool

    def _guarded(self, default: Any, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < ResilientRedisCache._away_until:
            return default
        try:
            return method(*args, **kwargs)
        except AWAY:
            ResilientRedisCache._away_until = time.monotonic() + self.PAUSE_SECONDS
            log.warning("Redis unavailable: serving without the cache for a while", exc_info=True)
            return default

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guarded(default, super().get, key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._guarded(0, super().incr, key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self) -> Any:
        return self._guarded(False, super().clear)

    def away(self) -> bool:
        """Whether Redis failed at the last attempt (and is being left alone meanwhile): a
        default returned now is not an answer from Redis."""
        return time.monotonic() < ResilientRedisCache._away_until

    def reachable(self) -> bool:
        """A real round trip, ignoring the pause (for the readiness check)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except AWAY:
            return False
