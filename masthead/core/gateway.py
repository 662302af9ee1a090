"""The first WSGI layer every request passes, before the page cache: who the client is and
how it reached us, taken from a proxy's headers only when a trusted proxy sent them, and a
cap on request bodies, refused before anything reads them.

Behind nginx, a load balancer or a CDN, REMOTE_ADDR is the proxy: every reader would share one
address (one rate limit, one sign-in lock-out, one reader for the view counter). With the
proxy's address in TRUSTED_PROXIES, the client's address comes from X-Forwarded-For (or
RFC 7239 `Forwarded`), read from the right and skipping trusted hops (granian's proxy-header
wrapper does the trusting), and the scheme from X-Forwarded-Proto, so the redirect to https
happens before the page cache answers. A header from anyone else is ignored.
"""

import re

from django.conf import settings
from granian.utils.proxies import wrap_wsgi_with_proxy_headers

_FORWARDED_PAIR = re.compile(r'(for|proto)\s*=\s*("[^"]*"|[^;,\s]+)', re.IGNORECASE)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _forwarded_as_x_forwarded(environ) -> None:
    """RFC 7239 `Forwarded: for=203.0.113.7;proto=https` as the X-Forwarded-* pair granian's
    wrapper reads (only where those are absent; the wrapper decides whether to trust them)."""
    raw = environ.get("HTTP_FORWARDED")
    if not raw or "HTTP_X_FORWARDED_FOR" in environ:
        return
    hops, proto = [], None
    for element in raw.split(","):
        for name, value in _FORWARDED_PAIR.findall(element):
            value = value.strip('"')
            if name.lower() == "for":
                # "[2001:db8::1]:4711" and "192.0.2.1:80" carry ports; "unknown" hides one.
                host = value[1:].partition("]")[0] if value.startswith("[") else value
                hops.append(host.rsplit(":", 1)[0] if host.count(":") == 1 else host)
            elif proto is None:
                proto = value.lower()
    if hops:
        environ["HTTP_X_FORWARDED_FOR"] = ", ".join(hops)
        if proto and "HTTP_X_FORWARDED_PROTO" not in environ:
            environ["HTTP_X_FORWARDED_PROTO"] = proto


def body_limit(path: str) -> int:
    """The largest request body taken at `path`, in bytes: uploads only in the admin."""
    megabytes = (
        settings.ADMIN_REQUEST_MAX_MB
        if path.startswith(ADMIN_PREFIXES)
        else settings.REQUEST_MAX_MB
    )
    return megabytes * 1024 * 1024


def _too_large(environ) -> bool:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads no body it cannot measure
    return length > body_limit(environ.get("PATH_INFO", ""))


class Gateway:
    """WSGI middleware: `application = Gateway(PageCache(django_application))`."""

    def __init__(self, app, *, trusted_proxies: list[str] | None = None):
        trusted = settings.TRUSTED_PROXIES if trusted_proxies is None else trusted_proxies
        self.app = app
        self.behind = wrap_wsgi_with_proxy_headers(app, trusted_hosts=trusted) if trusted else app

    def __call__(self, environ, start_response):
        if _too_large(environ):
            body = b"The request is too large.\n"
            start_response(
                "413 Content Too Large",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Connection", "close"),
                ],
            )
            return [body]
        _forwarded_as_x_forwarded(environ)
        return self.behind(environ, start_response)
