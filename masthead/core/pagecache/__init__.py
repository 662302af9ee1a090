"""The page cache: a thin WSGI layer in front of Django that answers anonymous readers from
the cache before any of Django's stack runs.

What may be stored is decided inside Django (`PublicCacheMiddleware`, which knows the
reader, the view and whether a CSRF token went into the page): a response marked
`Cache-Control: public, s-maxage=N`. The layer bypasses anything with a session or
messages cookie, non-GET/HEAD requests and the admin; it stores only 200 responses without
Set-Cookie; on a hit it answers 304 to a matching If-None-Match. Text is gzipped once, when
stored, and served compressed to clients that accept it.

Invalidation is by generation (generation.py): publishing, unpublishing, moving or deleting
a page (and saving what every page shows, signals.py) bumps a counter that every entry is
checked against, so a story is on the home page at the next request.

A page that changes far more often than anything is published (a live page) names its own
topic (topics.py): it is also checked against that topic's version, bumped on its own.

Pages are stored under their address with only the query parameters pages read
(`PAGE_PARAMETERS`): `?utm_source=…`, `?fbclid=…` or `?x=N` share the page stored for the
address alone, and a page whose view read any other parameter is not stored at all.
"""

import gzip
import hashlib
import logging
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from operator import itemgetter
from typing import Any
from urllib.parse import parse_qsl, urlencode
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control

from masthead.core.pagecache.fragments import provisional_reset, provisional_watch, was_provisional
from masthead.core.pagecache.generation import GENERATION
from masthead.core.pagecache.topics import HEADER as TOPIC_HEADER
from masthead.core.pagecache.topics import TOPICS, topic_of

log = logging.getLogger(__name__)
BYPASS_COOKIES = ("sessionid", "messages")
# A page showing something provisional (fragments.provisional) is kept this long at most.
PROVISIONAL_KEPT = timedelta(seconds=10)
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

# The query parameters public pages read: lists' page numbers, search and its filters, the
# banner's language, the newsletter chosen on the signup page, a live page's older updates
# and an update's own link. They alone make a page stored
# apart; tracking and cache-busting parameters are left out of the key. One place: a view
# that reads another parameter is never stored (see `PublicCacheMiddleware`).
PAGE_PARAMETERS = frozenset(
    {"page", "q", "section", "author", "since", "until", "language", "list", "before", "update"}
)


def query_kept(query_string: str) -> str:
    """The part of a query string that pages read, in a fixed order."""
    if not query_string:
        return ""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if name in PAGE_PARAMETERS
    ]
    return urlencode(sorted(pairs, key=itemgetter(0)))


def _cache() -> BaseCache:
    return caches[settings.PAGE_CACHE_ALIAS]


_bypassed: dict[tuple[str, str], tuple[str, ...]] = {}


def _bypass_prefixes() -> tuple[str, ...]:
    """The admin, documents, and static files and media (served by their own layers, and
    never worth a place in the cache)."""
    known = (settings.STATIC_URL, settings.MEDIA_URL)
    if known not in _bypassed:
        own = tuple(url for url in known if url and url.startswith("/") and url != "/")
        _bypassed.clear()
        _bypassed[known] = (*BYPASS_PREFIXES, *own)
    return _bypassed[known]


def _bypass(environ: WSGIEnvironment) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return True
    if environ.get("PATH_INFO", "").startswith(_bypass_prefixes()) or environ.get(
        "HTTP_AUTHORIZATION"
    ):
        return True
    if settings.SECURE_SSL_REDIRECT and environ.get("wsgi.url_scheme") != "https":
        return True  # Django answers with the redirect to https
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


def _target(environ: WSGIEnvironment) -> str:
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    query = query_kept(environ.get("QUERY_STRING", ""))
    return f"{scheme}://{host}{environ.get('PATH_INFO', '')}?{query}"


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

    __slots__ = (
        "etag",
        "expires",
        "generation",
        "keep",
        "packed",
        "plain",
        "status",
        "stored",
        "topic",
    )

    def __init__(self, entry: dict[str, Any]) -> None:
        self.generation = entry["generation"]
        self.topic: tuple[str, str] | None = entry.get("topic")
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

    def send(
        self, environ: WSGIEnvironment, start_response: StartResponse, state: str
    ) -> Iterable[bytes]:
        extra = [("X-Cache", state), ("Age", str(max(0, int(time.time() - self.stored))))]
        if (
            state == "HIT"
            and self.etag
            and environ.get("HTTP_IF_NONE_MATCH") in (self.etag, f"W/{self.etag}")
        ):
            start_response("304 Not Modified", [*self.keep, *extra])
            return []
        packed = self.packed if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") else None
        headers, body = packed or self.plain
        start_response(self.status, [*headers, *extra])
        return [body] if environ.get("REQUEST_METHOD") == "GET" else []


def _fresh(answer: Answer | None, generation: str) -> bool:
    """Whether a stored page may be served: of this generation, not expired, and of its
    topic's current version if it names one."""
    if answer is None or answer.generation != generation or answer.expires < time.time():
        return False
    return answer.topic is None or TOPICS.current(answer.topic[0]) == answer.topic[1]


def _unwritable(data: bytes) -> object:
    """WSGI's old write(): Django never calls it, and nothing here could store what it wrote."""
    raise RuntimeError("the page cache takes bodies returned by the application, not written")


class PageCache:
    """WSGI middleware: `application = PageCache(get_wsgi_application())`.

    Stored pages go to the Django cache (shared between processes and servers with Redis)
    and, made ready to send, to a small table in this process."""

    KEEP_IN_PROCESS = 512

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self.ready: dict[str, Answer] = {}

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not settings.PAGE_CACHE or _bypass(environ):
            return self.app(environ, start_response)
        target = _target(environ)
        try:
            current = GENERATION.current()
            answer = self.ready.get(target)
            if not _fresh(answer, current):
                entry = _cache().get(_key(target))
                fresh = entry and entry["generation"] == current
                answer = self._keep(target, entry) if fresh else None
                if not _fresh(answer, current):  # expired, or its topic moved on
                    answer = None
        except Exception:  # the cache is down (Redis away): serve from Django meanwhile
            _warn_rarely("page cache unavailable, serving without it")
            return self.app(environ, start_response)
        if answer is not None:
            return answer.send(environ, start_response, "HIT")
        captured: dict[str, Any] = {}
        # Django calls start_response before it returns the body; nothing is written until
        # the body is iterated, so the headers can be amended first.

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            captured.update(status=status, headers=headers)
            return _unwritable

        result = self.app(environ, capture)
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
        headers = [h for h in captured["headers"] if h[0].lower() != TOPIC_HEADER.lower()]
        entry = {
            "generation": current,
            "topic": topic_of(captured["headers"]),
            "status": captured["status"],
            "headers": headers,
            "body": body,
            "gzip": _compressed(headers, body),
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

    def _keep(self, target: str, entry: dict[str, Any]) -> Answer:
        answer = Answer(entry)
        if len(self.ready) >= self.KEEP_IN_PROCESS:
            self.ready.pop(next(iter(self.ready)), None)  # the oldest kept
        self.ready[target] = answer
        return answer


_warned_at = [float("-inf")]


def _warn_rarely(message: str) -> None:
    """Once every ten seconds at most: an outage is news once, not at every request."""
    now = time.monotonic()
    if now - _warned_at[0] > 10:
        _warned_at[0] = now
        log.warning(message, exc_info=True)


class ParametersRead(QueryDict):
    """`request.GET` that notes which parameters the view and templates read (reading all of
    them, as iterating, copying or testing for emptiness does, counts as reading each)."""

    def __init__(self, original: QueryDict, read: set[str]):
        super().__init__(mutable=True, encoding=original.encoding)
        for name, values in original.lists():
            self.setlist(name, values)
        self._mutable = False
        self._read = read

    def _all(self) -> None:
        self._read.update(dict.keys(self))

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self._read.add(str(key))
        return super().__contains__(key)

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def __iter__(self) -> Iterator[str]:
        self._all()
        return super().__iter__()

    def items(self) -> Any:
        self._all()
        return super().items()

    def lists(self) -> Any:
        self._all()
        return super().lists()

    def values(self) -> Any:
        self._all()
        return super().values()

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def dict(self) -> Any:
        self._all()
        return super().dict()

    def copy(self) -> QueryDict:  # type: ignore[override]  # a plain one, to change
        self._all()
        copied = QueryDict(mutable=True, encoding=self.encoding)
        for name, values in super().lists():
            copied.setlist(name, list(values))
        return copied

    def __copy__(self) -> QueryDict:  # type: ignore[override]
        return self.copy()

    def __deepcopy__(self, memo: Any) -> QueryDict:  # type: ignore[override]
        return self.copy()

    def urlencode(self, safe: str | None = None) -> str:
        self._all()
        return super().urlencode(safe)


def shown_until(request: HttpRequest, moment: datetime) -> None:
    """The page shows something that must leave it at `moment` (breaking news at its
    expiry): stored copies, here and at a CDN, expire by then."""
    current = getattr(request, "_shown_until", None)
    if current is None or moment < current:
        request._shown_until = moment  # type: ignore[attr-defined]


def _storable_seconds(request: HttpRequest) -> tuple[int, int]:
    """s-maxage and stale-while-revalidate for a shareable response."""
    until = getattr(request, "_shown_until", None)
    if until is None:
        return settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_STALE_SECONDS
    left = math.ceil((until - timezone.now()).total_seconds())
    return max(1, min(settings.PAGE_CACHE_SECONDS, left)), 0


class PublicCacheMiddleware:
    """Marks responses every anonymous reader may share as `public` with an `s-maxage`, for
    the page cache and a CDN; anything personal stays as Django made it, and so does a
    response built from a query parameter the cache key leaves out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        read: set[str] = set()
        if request.method in ("GET", "HEAD"):
            request.GET = ParametersRead(request.GET, read)  # type: ignore[assignment]
        watching = provisional_watch()
        try:
            response = self.get_response(request)
            if was_provisional():  # a picture the worker is making: shown soon
                shown_until(request, timezone.now() + PROVISIONAL_KEPT)
        finally:
            provisional_reset(watching)
        if read <= PAGE_PARAMETERS and self._shareable(request, response):
            seconds, stale = _storable_seconds(request)
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=seconds,
                stale_while_revalidate=stale,
            )
        return response

    @staticmethod
    def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return False
        if response.has_header("Cache-Control") or response.cookies or response.streaming:
            return False  # the view decided, or the response is personal or a download
        if request.path.startswith(_bypass_prefixes()):
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # the page holds this reader's CSRF token (set by get_token)
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

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        if settings.PAGE_CACHE and "public" in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
