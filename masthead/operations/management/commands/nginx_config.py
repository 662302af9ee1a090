import re

from django.core.management.base import BaseCommand, CommandError, CommandParser

from masthead.env import env_int, env_str
from masthead.operations.nginx import nginx_site

# What each option may hold: nothing that ends a directive or opens a block in the file.
SERVER_NAMES = re.compile(r"[\w.*~-]+( [\w.*~-]+)*")
LISTEN = re.compile(r"(\[[0-9a-fA-F:]+\]:|[\w.-]+:)?\d{1,5}")
UPSTREAM = re.compile(r"(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}|unix:/[\w./-]+")
FOLDER = re.compile(r"/[\w./-]*")


def _check(option: str, value: str, pattern: re.Pattern, example: str) -> None:
    if not pattern.fullmatch(value):
        raise CommandError(f"{option} {value!r} is not one nginx takes here: write it as {example}")


class Command(BaseCommand):
    help = (
        "Print the nginx site that fronts `masthead serve` for this installation: static "
        "files and media from their folders, pages through a one-second micro-cache. "
        "masthead nginx_config --server-name news.example.org > "
        "/etc/nginx/sites-available/masthead"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server-name", default="_", help="the site's host name(s)")
        parser.add_argument("--listen", default="80", help="nginx's listen (80, or host:port)")
        parser.add_argument(
            "--upstream",
            action="append",
            help="an app server's host:port (repeat for several; default this one's HOST:PORT, "
            "as `masthead serve` listens)",
        )
        parser.add_argument("--cache-dir", default="/var/cache/nginx/masthead")

    def handle(self, *args, **options) -> None:
        upstreams = options["upstream"] or [_this_server()]
        _check("--server-name", options["server_name"], SERVER_NAMES, "news.example.org")
        _check("--listen", options["listen"], LISTEN, "80, or 127.0.0.1:8080")
        for upstream in upstreams:
            _check("--upstream", upstream, UPSTREAM, "127.0.0.1:8000")
        _check("--cache-dir", options["cache_dir"], FOLDER, "/var/cache/nginx/masthead")
        self.stdout.write(
            nginx_site(
                upstreams=upstreams,
                server_name=options["server_name"],
                listen=options["listen"],
                cache_dir=options["cache_dir"],
            ),
            ending="",
        )


def _this_server() -> str:
    """Where `masthead serve` listens with this environment (cli.py reads the same)."""
    return f"{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000, minimum=1)}"
