"""The page cache's generation: the number every stored page and fragment is checked against.
Publishing bumps it, so everything stored before is stale at once.

It lives in the cache when that is shared (Redis), else in a file's modification time (each
process has its own in-memory cache, and every worker on the machine sees the bump). While a
shared cache is away the generation is unknown (nothing is served from storage: a publish
could not mark pages stale), and once it is back what was stored before counts as stale.
One object per process holds it: `GENERATION`."""

import contextlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

log = logging.getLogger(__name__)

KEY = "pagecache:generation"


def stamp_read(path: str) -> str:
    """A counter kept as a file's modification time (no shared cache): every process on the
    machine sees it; "0" until first touched."""
    try:
        return str(os.stat(path).st_mtime_ns)
    except FileNotFoundError:
        return "0"


def stamp_touch(path: str) -> None:
    stamp = Path(path)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    now = time.time_ns()
    os.utime(stamp, ns=(now, now))


def era_begin(cache: BaseCache, key: str) -> None:
    """Number a shared counter from the clock: a Redis that lost it (restarted without
    keeping anything) must not count 1, 2, 3 again while processes still hold pages and
    fragments stored under those numbers."""
    cache.add(key, time.time_ns() // 1000, None)


def counter_bump(cache: BaseCache, key: str) -> None:
    era_begin(cache, key)
    try:
        cache.incr(key)
    except ValueError:  # gone between the two calls: a new era is new enough
        era_begin(cache, key)


def cache_away(cache: BaseCache) -> bool:
    """Whether the cache (ResilientRedisCache) found Redis away at its last attempt."""
    away = getattr(cache, "away", None)
    return bool(away and away())


class GenerationUnknown(Exception):
    """The shared cache is away: what is stored cannot be known to be current."""


class Generation:
    # Read at most this often per process (a Redis round trip, or even a stat, per request
    # would cost more than answering from the cache); a bump in this process is seen at
    # once, one in another process within this time.
    CHECK_SECONDS = 0.2

    def __init__(self) -> None:
        self._read_at = float("-inf")
        self._value = "0"
        self._outage = False  # this process found the shared cache away (reading or bumping)
        self._sharing: dict[tuple[str, int], bool] = {}

    def current(self) -> str:
        """The current generation; GenerationUnknown while the shared cache is away."""
        now = time.monotonic()
        if now - self._read_at < self.CHECK_SECONDS:
            return self._value
        value = self._shared_read() if self.shared() else stamp_read(self._stamp())
        self._read_at, self._value = now, value
        return value

    def forget(self) -> None:
        """Read the generation afresh next time (after a bump here, or a cleared cache)."""
        self._read_at = float("-inf")

    def changed(self) -> None:
        """Every stored page is stale from now on. Inside a transaction (a publish is one)
        the generation is bumped again when it commits: a process that read the new one
        before then may have stored a page built from the data as it was before."""
        self.bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.bump)

    def bump(self) -> None:
        self.forget()
        if not self.shared():
            stamp_touch(self._stamp())
            return
        cache = self._cache()
        try:
            counter_bump(cache, KEY)
        except Exception:
            self._outage = True
        if cache_away(cache):
            self._outage = True
        if self._outage:
            # Publishing goes on; nothing is served from storage until the cache is back,
            # and then everything stored before counts as stale.
            log.warning("page cache unavailable: pages are marked stale when it returns")

    def recover(self) -> None:
        """For processes that publish but serve no pages (the scheduler): after an outage of
        the shared cache, mark the pages stored before it stale as soon as it is back."""
        if self._outage and self.shared():
            self.forget()
            with contextlib.suppress(GenerationUnknown):
                self.current()

    def shared(self) -> bool:
        """Whether the page cache is shared between processes (Redis) or in this one."""
        known = (settings.PAGE_CACHE_ALIAS, id(settings.CACHES))
        if known not in self._sharing:
            self._sharing[known] = "locmem" not in type(self._cache()).__module__
        return self._sharing[known]

    @staticmethod
    def _cache() -> BaseCache:
        return caches[settings.PAGE_CACHE_ALIAS]

    @staticmethod
    def _stamp() -> str:
        return f"{settings.DATA_DIR}/page-cache-generation"

    def _shared_read(self) -> str:
        cache = self._cache()
        value = cache.get(KEY)
        if cache_away(cache):
            self._outage = True
            raise GenerationUnknown
        if self._outage:
            # Back after an outage: a bump made meanwhile could not mark pages stale, so
            # whatever was stored before it is.
            self._outage = False
            self.bump()
            value = cache.get(KEY)
        if value is None:
            era_begin(cache, KEY)
            value = cache.get(KEY, 0)
        return str(value)


GENERATION = Generation()


def pages_changed(**kwargs: object) -> None:
    """Signal receiver: every stored page is stale from now on."""
    GENERATION.changed()
