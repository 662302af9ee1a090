"""Topics: a part of the site that changes far more often than anything is published (a live
page's updates), made stale on its own without touching the generation, so the rest of the
site stays in the cache while one page changes every few seconds.

A view names its response's topic with `topic_mark(response, name=…)`, which records the
topic's version as the view read it, before it read the data; the page cache stores the
page with that version and serves it only while the version is still the current one.
`TOPICS.changed(name)` bumps it (again when the transaction commits, as a publish does).

Versions live beside the generation: in the shared cache (Redis), else in a file's
modification time under DATA_DIR, which every process on the machine sees."""

import re
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.http.response import HttpResponseBase

from masthead.core.pagecache.generation import (
    GENERATION,
    GenerationUnknown,
    cache_away,
    counter_bump,
    era_begin,
    stamp_read,
    stamp_touch,
)

HEADER = "X-Page-Topic"
_NAME = re.compile(r"^[a-z0-9-]{1,64}$")


class Topics:
    CHECK_SECONDS = 0.2  # as the generation: a bump here is seen at once, elsewhere within this

    def __init__(self) -> None:
        self._read: dict[str, tuple[float, str]] = {}

    def current(self, name: str) -> str:
        now = time.monotonic()
        known = self._read.get(name)
        if known and now - known[0] < self.CHECK_SECONDS:
            return known[1]
        if GENERATION.shared():
            cache = self._cache()
            value = cache.get(self._key(name))
            if cache_away(cache):
                raise GenerationUnknown
            if value is None:
                era_begin(cache, self._key(name))
                value = cache.get(self._key(name), 0)
            value = str(value)
        else:
            value = stamp_read(self._stamp(name))
        if len(self._read) > 1024:
            self._read.clear()
        self._read[name] = (now, value)
        return value

    def changed(self, name: str) -> None:
        """Pages of this topic are stale from now on (and again once the transaction commits:
        a page built meanwhile may hold the data as it was before)."""
        self.bump(name)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: self.bump(name))

    def bump(self, name: str) -> None:
        self._read.pop(name, None)
        if GENERATION.shared():
            counter_bump(self._cache(), self._key(name))
        else:
            stamp_touch(self._stamp(name))

    @staticmethod
    def _cache() -> BaseCache:
        return caches[settings.PAGE_CACHE_ALIAS]

    @staticmethod
    def _key(name: str) -> str:
        return f"pagecache:topic:{name}"

    @staticmethod
    def _stamp(name: str) -> str:
        return f"{settings.DATA_DIR}/page-cache-topics/{name}"


TOPICS = Topics()


def topic_mark(response: HttpResponseBase, *, name: str, version: str) -> HttpResponseBase:
    """Say which topic the response shows and the version it was built from (read with
    `TOPICS.current(name)` before the data)."""
    if not _NAME.match(name):
        raise ValueError(f"a topic name is lowercase letters, digits and hyphens: {name!r}")
    response[HEADER] = f"{name} {version}"
    return response


def topic_of(headers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (name, version) a stored response was marked with, if any."""
    for header, value in headers:
        if header.lower() == HEADER.lower():
            name, _, version = value.partition(" ")
            return name, version
    return None
