"""What many pages show and only publishing changes (the menu, the latest stories, the site
settings, the featured newsletter), computed once per page-cache generation and shared by
every render until the next publish, so a page that is not in the page cache still costs
only its own queries.

Values go to the default cache (in-process, or Redis in production) under a key holding
the generation, so a bump makes them all stale at once; a cache that is down only means
computing them again.
"""

import logging
import operator
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from masthead.core import pagecache

log = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


def remembered(name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it returned for `name` since the pages last changed."""
    try:
        key = f"fragment:{pagecache.generation()}:{name}"
    except Exception:
        log.warning("cache unavailable, fragment %s computed", name, exc_info=True)
        return build()
    return kept(key, build, seconds=settings.PAGE_CACHE_SECONDS)


def kept(key: str, build: Callable[[], T], *, seconds: int, keep=lambda value: True) -> T:
    """`build()`, stored under `key` for `seconds` when `keep(value)` says it may be."""
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        log.warning("cache unavailable, %s computed", key, exc_info=True)
        return build()
    if value is not _MISSING:
        return value
    value = build()
    if keep(value):
        try:
            cache.set(key, value, seconds)
        except Exception:
            log.warning("cache unavailable, %s not stored", key, exc_info=True)
    return value


def deferred(build: Callable[[], dict], keys: Iterable[str]) -> dict:
    """Context entries that `build()` computes together, on first use: a page whose markup
    comes from a fragment never reads them."""
    values = SimpleLazyObject(build)
    return {key: SimpleLazyObject(partial(operator.getitem, values, key)) for key in keys}
