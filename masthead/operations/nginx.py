"""The nginx site that fronts `masthead serve` (templates/operations/nginx_site.conf),
written for this installation's settings: `masthead nginx_config`, the tests and the page
benchmark all start from it."""

from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "operations/nginx_site.conf"
MICRO_CACHE_SECONDS = 1


def nginx_site(
    *,
    upstreams: list[str],
    server_name: str = "_",
    listen: str = "80",
    cache_dir: str = "/var/cache/nginx/masthead",
) -> str:
    """The site configuration: static files and media from their folders, the rest from
    the app servers at `upstreams` (host:port) through a micro-cache."""
    engine = Engine(dirs=[str(TEMPLATES)], autoescape=False)
    media = str(settings.MEDIA_ROOT) if settings.MEDIA_SERVE else ""
    context = {
        "upstreams": upstreams,
        "server_name": server_name,
        "listen": listen,
        "ipv6": listen.isdigit(),  # a port alone: every address, IPv6 too
        "cache_dir": cache_dir,
        "seconds": MICRO_CACHE_SECONDS,
        "body_mb": settings.ADMIN_REQUEST_MAX_MB,
        "static_url": settings.STATIC_URL,
        "static_root": str(settings.STATIC_ROOT).rstrip("/"),
        "media_url": settings.MEDIA_URL,
        "media_root": media.rstrip("/"),
    }
    return engine.get_template(TEMPLATE).render(Context(context))
