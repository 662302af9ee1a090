from django.core.management.base import BaseCommand, CommandParser

from masthead.operations.nginx import nginx_site


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
            help="an app server's host:port (repeat for several; default 127.0.0.1:8000)",
        )
        parser.add_argument("--cache-dir", default="/var/cache/nginx/masthead")

    def handle(self, *args, **options) -> None:
        self.stdout.write(
            nginx_site(
                upstreams=options["upstream"] or ["127.0.0.1:8000"],
                server_name=options["server_name"],
                listen=options["listen"],
                cache_dir=options["cache_dir"],
            ),
            ending="",
        )
