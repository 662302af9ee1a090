"""What many pages show and only publishing changes (the menu, the latest stories, the site
settings, the featured newsletter), computed once per page-cache generation and shared by
every render until the next publish, so a page that is not in the page cache still costs
only its own queries.

Values go to the default cache (in-process, or Redis in production) under a key holding
the generation, so a bump makes them all stale at once; a cache that is down only means
computing them again. Each process also keeps a copy of those it has read: the key holds the
generation, so the copy is as good as the shared one, and a page reads its fragments without
a Redis round trip each.
"""

import logging
import operator
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar, Token
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from masthead.core.pagecache.generation import GENERATION, GenerationUnknown

log = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


# Copies kept in this process, pickled so that every render gets its own: key -> (expiry
# on the monotonic clock, pickled value), for the generation read last.
NEAR_ENTRIES = 256
_near: dict[str, tuple[float, bytes]] = {}
_near_generation = [""]
# Set while a fragment or page is rendered from something provisional (provisional()).
_provisional: ContextVar[bool] = ContextVar("provisional", default=False)


def remembered(name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it returned for `name` since the pages last changed."""
    try:
        generation = GENERATION.current()
    except GenerationUnknown:  # the shared cache is away (the page cache says so)
        return build()
    except Exception:
        log.warning("cache unavailable, fragment %s computed", name, exc_info=True)
        return build()
    if generation != _near_generation[0]:
        forget()
        _near_generation[0] = generation
    key = f"fragment:{generation}:{name}"
    near = _near.get(key)
    if near is not None and near[0] > time.monotonic():
        copy: T = pickle.loads(near[1])  # noqa: S301 - pickled by this process, below
        return copy
    outer = _provisional.set(False)
    try:
        value = kept(
            key, build, seconds=settings.PAGE_CACHE_SECONDS, keep=lambda _: not _provisional.get()
        )
        if _provisional.get():  # not kept, and what holds it is provisional too
            return value
    finally:
        if not _provisional.get():
            _provisional.reset(outer)
    if len(_near) >= NEAR_ENTRIES:
        _near.pop(next(iter(_near)), None)  # the oldest kept
    _near[key] = (
        time.monotonic() + settings.PAGE_CACHE_SECONDS,
        pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
    )
    return value


def provisional() -> None:
    """What is being rendered shows something soon made better (a picture whose renditions
    the worker is making): the fragments that hold it are not kept, and the page is kept
    only briefly (PublicCacheMiddleware)."""
    _provisional.set(True)


def provisional_watch() -> Token[bool]:
    """A request starts with nothing provisional; `provisional_reset(token)` at its end."""
    return _provisional.set(False)


def was_provisional() -> bool:
    return _provisional.get()


def provisional_reset(token: Token[bool]) -> None:
    _provisional.reset(token)


def forget() -> None:
    """Drop this process's copies (tests that empty the cache; a new generation)."""
    _near.clear()


def kept(
    key: str,
    build: Callable[[], T],
    *,
    seconds: int,
    keep: Callable[[T], bool] = lambda value: True,
) -> T:
    """`build()`, stored under `key` for `seconds` when `keep(value)` says it may be."""
    try:
        value = cache.get(key, _MISSING)
    except Exception:
        log.warning("cache unavailable, %s computed", key, exc_info=True)
        return build()
    if value is not _MISSING:
        stored: T = value
        return stored
    built = build()
    if keep(built):
        try:
            cache.set(key, built, seconds)
        except Exception:
            log.warning("cache unavailable, %s not stored", key, exc_info=True)
    return built


def kept_streamed(name: str, build: Callable[[], Iterable[str]]) -> bytes | Iterator[bytes]:
    """What `build()` wrote for `name` since the pages last changed, as bytes; else its
    pieces as they are written (a large file starts at once, not after its last line), kept
    once the last is out. A reader who leaves before the end keeps nothing."""
    try:
        key: str | None = f"fragment:{GENERATION.current()}:{name}"
        stored = cache.get(key) if key else None
    except GenerationUnknown:
        key = stored = None
    except Exception:
        log.warning("cache unavailable, %s written", name, exc_info=True)
        key = stored = None
    if isinstance(stored, bytes):
        return stored
    built = build()  # what it checks first (a page that is not there) is raised here

    def pieces() -> Iterator[bytes]:
        written = []
        for piece in built:
            data = piece.encode()
            written.append(data)
            yield data
        if key is not None:
            try:
                cache.set(key, b"".join(written), settings.PAGE_CACHE_SECONDS)
            except Exception:
                log.warning("cache unavailable, %s not stored", name, exc_info=True)

    return pieces()


def deferred(build: Callable[[], dict[str, Any]], keys: Iterable[str]) -> dict[str, Any]:
    """Context entries that `build()` computes together, on first use: a page whose markup
    comes from a fragment never reads them."""
    values = SimpleLazyObject(build)
    return {key: SimpleLazyObject(partial(operator.getitem, values, key)) for key in keys}
