"""The page cache: a thin WSGI layer in front of Django that answers anonymous readers from
the cache before any of Django's stack runs.

What may be stored is decided inside Django (`PublicCacheMiddleware`, which knows the
reader, the view and whether a CSRF token went into the page): a response marked
`Cache-Control: public, s-maxage=N`. The layer bypasses anything with a session or
messages cookie, non-GET/HEAD requests and the admin; it stores only 200 responses without
Set-Cookie; on a hit it answers 304 to a matching If-None-Match. Text is gzipped once, when
stored, and served compressed to clients that accept it.

Invalidation is by generation: publishing, unpublishing, moving or deleting a page (and
saving what every page shows) bumps a counter that every entry is checked against, so a
story is on the home page at the next request. The counter lives in the cache when it is
shared (Redis), or in a file's modification time when each process has its own in-memory
cache, so every worker on the machine sees the bump.
"""

import gzip
import hashlib
import logging
import os
import re
import time
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

log = logging.getLogger(__name__)
GENERATION_KEY = "pagecache:generation"
BYPASS_COOKIES = ("sessionid", "messages")
BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
MAX_BODY = 2 * 1024 * 1024
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
)
_S_MAXAGE = re.compile(r"s-maxage=(\d+)")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


_sharing: dict = {}


def _shared() -> bool:
    """Whether the page cache is shared between processes (Redis) rather than in-process."""
    known = (settings.PAGE_CACHE_ALIAS, id(settings.CACHES))
    if known not in _sharing:
        _sharing[known] = "locmem" not in type(_cache()).__module__
    return _sharing[known]


def _stamp() -> str:
    return f"{settings.DATA_DIR}/page-cache-generation"


# The generation is read at most this often per process (a Redis round trip, or even a
# stat, per request would cost more than answering from the cache); a publish in this
# process is seen at once, one in another process within this time.
GENERATION_CHECK_SECONDS = 0.2
_last_read = {"at": float("-inf"), "value": "0"}


def generation() -> str:
    now = time.monotonic()
    if now - _last_read["at"] < GENERATION_CHECK_SECONDS:
        return _last_read["value"]
    if _shared():
        value = _cache().get(GENERATION_KEY)
        if value is None:
            _era_begin()
            value = _cache().get(GENERATION_KEY, 0)
        value = str(value)
    else:
        try:
            value = str(os.stat(_stamp()).st_mtime_ns)
        except FileNotFoundError:
            value = "0"
    _last_read.update(at=now, value=value)
    return value


def _era_begin() -> None:
    """Number the generations from now on from the clock: a Redis that lost the counter
    (restarted without keeping anything) must not count 1, 2, 3 again while processes still
    hold pages and fragments stored under those numbers."""
    _cache().add(GENERATION_KEY, time.time_ns() // 1000, None)


def generation_forget() -> None:
    """Read the generation afresh next time (after a publish here, or a cleared cache)."""
    _last_read["at"] = float("-inf")


def pages_changed(**kwargs) -> None:
    """Every cached page is stale from now on (a signal receiver, hence **kwargs).

    Inside a transaction (a publish is one) the pages are marked stale again when it commits:
    a process that read the new generation before then may have stored a page built from
    the data as it was before."""
    _generation_bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_generation_bump)


def _generation_bump() -> None:
    generation_forget()
    if _shared():
        cache = _cache()
        try:
            _era_begin()
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:  # gone between the two calls: a new era is new enough
                _era_begin()
        except Exception:  # the cache is down: publishing goes on, stored pages expire
            log.warning("page cache unavailable, pages not marked stale", exc_info=True)
        return
    stamp = Path(_stamp())
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    now = time.time_ns()
    os.utime(stamp, ns=(now, now))


def _bypass(environ) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return True
    if environ.get("PATH_INFO", "").startswith(BYPASS_PREFIXES) or environ.get(
        "HTTP_AUTHORIZATION"
    ):
        return True
    raw = environ.get("HTTP_COOKIE")
    if raw:
        cookie = SimpleCookie()
        try:
            cookie.load(raw)
        except Exception:  # an unparsable cookie header: let Django deal with it
            return True
        names = {settings.SESSION_COOKIE_NAME, *BYPASS_COOKIES}
        if names & set(cookie):
            return True
    return False


def _target(environ) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    return f"{scheme}://{host}{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"


def _key(target: str) -> str:
    """The shared cache's key for a page (the process's own table uses the address itself)."""
    return "page:" + hashlib.sha256(target.encode()).hexdigest()


def _storable_for(status: str, headers: list[tuple[str, str]]) -> int:
    """Seconds the response may be kept, or 0."""
    if not status.startswith("200"):
        return 0
    control = ""
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie":
            return 0
        if lowered == "cache-control":
            control = value.lower()
    if "public" not in control or "private" in control or "no-store" in control:
        return 0
    match = _S_MAXAGE.search(control)
    return int(match[1]) if match else 0


def _compressed(headers: list[tuple[str, str]], body: bytes) -> bytes | None:
    names = {name.lower(): value for name, value in headers}
    if "content-encoding" in names or len(body) < 512:
        return None
    if not names.get("content-type", "").startswith(COMPRESSIBLE):
        return None
    return gzip.compress(body, compresslevel=6, mtime=0)


class Answer:
    """A stored page made ready to send: both encodings and their headers worked out once,
    kept in this process so a hit is a dictionary look-up and a write."""

    __slots__ = ("etag", "expires", "generation", "keep", "packed", "plain", "status", "stored")

    def __init__(self, entry: dict):
        self.generation = entry["generation"]
        self.stored = entry["stored"]
        self.expires = entry.get("expires", entry["stored"] + settings.PAGE_CACHE_SECONDS)
        self.status = entry["status"]
        headers, body, packed = entry["headers"], entry["body"], entry.get("gzip")
        self.etag = next((v for n, v in headers if n.lower() == "etag"), None)
        if packed is None:
            self.plain = (headers, body)
            self.packed = None
        else:
            # Another encoding of the same page: Vary says so, its validator is weak.
            vary = [v for n, v in headers if n.lower() == "vary"]
            common = [
                *((n, v) for n, v in headers if n.lower() not in ("vary", "content-length")),
                ("Vary", ", ".join([*vary, "Accept-Encoding"])),
            ]
            self.plain = ([*common, ("Content-Length", str(len(body)))], body)
            weak = [
                (n, f"W/{v}" if n.lower() == "etag" and not v.startswith("W/") else v)
                for n, v in common
            ]
            encoded = [("Content-Encoding", "gzip"), ("Content-Length", str(len(packed)))]
            self.packed = ([*weak, *encoded], packed)
        names = {"etag", "cache-control", "vary", "last-modified"}
        self.keep = [h for h in self.plain[0] if h[0].lower() in names]

    def send(self, environ, start_response, state: str):
        extra = [("X-Cache", state), ("Age", str(max(0, int(time.time() - self.stored))))]
        if (
            state == "HIT"
            and self.etag
            and environ.get("HTTP_IF_NONE_MATCH") in (self.etag, f"W/{self.etag}")
        ):
            start_response("304 Not Modified", [*self.keep, *extra])
            return []
        take_gzip = self.packed is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        headers, body = self.packed if take_gzip else self.plain
        start_response(self.status, [*headers, *extra])
        return [body] if environ.get("REQUEST_METHOD") == "GET" else []


class PageCache:
    """WSGI middleware: `application = PageCache(get_wsgi_application())`.

    Stored pages go to the Django cache (shared between processes and servers with Redis)
    and, made ready to send, to a small table in this process."""

    KEEP_IN_PROCESS = 512

    def __init__(self, app):
        self.app = app
        self.ready: dict[str, Answer] = {}

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE or _bypass(environ):
            return self.app(environ, start_response)
        target = _target(environ)
        try:
            current = generation()
            answer = self.ready.get(target)
            if answer is None or answer.generation != current or answer.expires < time.time():
                entry = _cache().get(_key(target))
                answer = (
                    self._keep(target, entry) if entry and entry["generation"] == current else None
                )
        except Exception:  # the cache is down (Redis away): serve from Django meanwhile
            log.warning("page cache unavailable, serving without it", exc_info=True)
            return self.app(environ, start_response)
        if answer is not None:
            return answer.send(environ, start_response, "HIT")
        captured = {}
        # Django calls start_response before it returns the body; nothing is written until
        # the body is iterated, so the headers can be amended first.
        result = self.app(environ, lambda s, h, e=None: captured.update(status=s, headers=h))
        seconds = _storable_for(captured["status"], captured["headers"])
        if not seconds:
            start_response(captured["status"], [*captured["headers"], ("X-Cache", "BYPASS")])
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        now = time.time()
        entry = {
            "generation": current,
            "status": captured["status"],
            "headers": captured["headers"],
            "body": body,
            "gzip": _compressed(captured["headers"], body),
            "stored": now,
            "expires": now + seconds,
        }
        if len(body) <= MAX_BODY and environ.get("REQUEST_METHOD") == "GET":
            try:
                _cache().set(_key(target), entry, seconds)
            except Exception:
                log.warning("page cache unavailable, page not stored", exc_info=True)
            self._keep(target, entry)
        return Answer(entry).send(environ, start_response, "MISS")

    def _keep(self, target: str, entry: dict) -> Answer:
        answer = Answer(entry)
        if len(self.ready) >= self.KEEP_IN_PROCESS:
            self.ready.pop(next(iter(self.ready), None), None)  # the oldest kept
        self.ready[target] = answer
        return answer


class PublicCacheMiddleware:
    """Marks responses every anonymous reader may share as `public` with an `s-maxage`, for
    the page cache and a CDN; anything personal stays as Django made it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._shareable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.PAGE_CACHE_SECONDS,
                stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
            )
        return response

    @staticmethod
    def _shareable(request, response) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if response.has_header("Cache-Control") or response.cookies or response.streaming:
            return False  # the view decided, or the response is personal or a download
        if request.path.startswith(BYPASS_PREFIXES):
            return False
        if request.META.get("CSRF_COOKIE_USED"):
            return False  # the page holds this reader's CSRF token
        if getattr(request, "_csp_nonce", None):
            return False  # an inline script with this response's own nonce
        if any(name in request.COOKIES for name in BYPASS_COOKIES):
            return False
        user = getattr(request, "user", None)
        return not (user and user.is_authenticated)


class CompressMiddleware(GZipMiddleware):
    """Django's gzip, with its BREACH padding, for text: pages for signed-in readers, forms,
    anything personal. Pages the page cache will store are left to it (it compresses each
    once, when stored); images and other media are never compressed again."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        if settings.PAGE_CACHE and "public" in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
