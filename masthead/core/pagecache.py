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


def _shared() -> bool:
    return "locmem" not in type(_cache()).__module__


def _stamp() -> Path:
    return Path(settings.DATA_DIR) / "page-cache-generation"


def generation() -> str:
    if _shared():
        return str(_cache().get(GENERATION_KEY, 0))
    try:
        return str(_stamp().stat().st_mtime_ns)
    except FileNotFoundError:
        return "0"


def pages_changed(**kwargs) -> None:
    """Every cached page is stale from now on (a signal receiver, hence **kwargs)."""
    if _shared():
        cache = _cache()
        try:
            cache.add(GENERATION_KEY, 0, None)
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:
                cache.set(GENERATION_KEY, 1, None)
        except Exception:  # the cache is down: publishing goes on, stored pages expire
            log.warning("page cache unavailable, pages not marked stale", exc_info=True)
        return
    stamp = _stamp()
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


def _key(environ) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    target = f"{scheme}://{host}{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
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


class PageCache:
    """WSGI middleware: `application = PageCache(get_wsgi_application())`."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not settings.PAGE_CACHE or _bypass(environ):
            return self.app(environ, start_response)
        key = _key(environ)
        cache = _cache()
        try:
            current = generation()
            entry = cache.get(key)
        except Exception:  # the cache is down (Redis away): serve from Django meanwhile
            log.warning("page cache unavailable, serving without it", exc_info=True)
            return self.app(environ, start_response)
        if entry and entry["generation"] == current:
            return self._hit(environ, start_response, entry)
        captured = {}
        # Django calls start_response before it returns the body; nothing is written until
        # the body is iterated, so the headers can be amended first.
        result = self.app(environ, lambda s, h, e=None: captured.update(status=s, headers=h))
        seconds = _storable_for(captured["status"], captured["headers"])
        headers = [*captured["headers"], ("X-Cache", "MISS" if seconds else "BYPASS")]
        if not seconds:
            start_response(captured["status"], headers)
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry = {
            "generation": current,
            "status": captured["status"],
            "headers": captured["headers"],
            "body": body,
            "gzip": _compressed(captured["headers"], body),
            "stored": time.time(),
        }
        if len(body) <= MAX_BODY and environ.get("REQUEST_METHOD") == "GET":
            try:
                cache.set(key, entry, seconds)
            except Exception:
                log.warning("page cache unavailable, page not stored", exc_info=True)
        return self._answer(environ, start_response, entry, headers)

    def _hit(self, environ, start_response, entry):
        headers = [*entry["headers"], ("X-Cache", "HIT")]
        headers.append(("Age", str(max(0, int(time.time() - entry["stored"])))))
        etag = next((v for n, v in entry["headers"] if n.lower() == "etag"), None)
        if etag and environ.get("HTTP_IF_NONE_MATCH") in (etag, f"W/{etag}"):
            keep = {"etag", "cache-control", "vary", "last-modified", "x-cache", "age"}
            start_response("304 Not Modified", [h for h in headers if h[0].lower() in keep])
            return []
        return self._answer(environ, start_response, entry, headers)

    @staticmethod
    def _answer(environ, start_response, entry, headers):
        """The stored body, gzipped (compressed once, when stored) if the client takes it."""
        body = entry["body"]
        if entry.get("gzip") is not None:
            headers = [(n, v) for n, v in headers if n.lower() not in ("vary", "content-length")]
            vary = [v for n, v in entry["headers"] if n.lower() == "vary"]
            headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
            if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
                body = entry["gzip"]
                headers.append(("Content-Encoding", "gzip"))
                # Another encoding of the same page: a weak validator.
                headers = [
                    (n, f"W/{v}" if n.lower() == "etag" and not v.startswith("W/") else v)
                    for n, v in headers
                ]
            headers.append(("Content-Length", str(len(body))))
        start_response(entry["status"], headers)
        return [body] if environ.get("REQUEST_METHOD") == "GET" else []


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
        if any(name in request.COOKIES for name in BYPASS_COOKIES):
            return False
        user = getattr(request, "user", None)
        return not (user and user.is_authenticated)
