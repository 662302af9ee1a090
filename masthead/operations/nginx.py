"""The nginx site that fronts `masthead serve` (templates/operations/nginx_site.conf),
written for this installation's settings: `masthead nginx_config`, the tests and the page
benchmark all start from it."""

import os
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


# The whole configuration that runs a site from a folder of its own, as any user: the tests
# and the page benchmark start the system's nginx with it (`nginx -c <folder>/nginx.conf
# -p <folder>`). `servers`: more server blocks beside the site.
FOLDER_CONF = """
{user}
daemon off;
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{servers}
    include {folder}/site.conf;
}}
"""


def nginx_folder_write(*, folder: Path, site: str, workers: int = 1, servers: str = "") -> Path:
    """`site` and the configuration that runs it from `folder`; the configuration's path.
    Started by root, nginx's workers would run as nobody, who cannot read a test's files or
    var/: they run as root then."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(FOLDER_CONF.format(user=user, workers=workers, folder=folder, servers=servers))
    return conf
