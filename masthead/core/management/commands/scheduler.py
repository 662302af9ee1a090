import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from masthead.core.pagecache.generation import GENERATION
from masthead.core.scheduled_jobs import scheduled_jobs


class Command(BaseCommand):
    help = (
        "Every --interval seconds: publish and unpublish scheduled pages, start scheduled and "
        "automatic newsletter editions, resume stalled sends, deliver gifts whose day has come, "
        "end memberships whose time ran out, and run the demo provider's renewals (run it "
        "beside the web server, or --once from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval=60, once=False, **options):
        if interval < 1:
            interval = 1
        while True:
            call_command("publish_scheduled", verbosity=options["verbosity"])
            for _name, run in scheduled_jobs():  # each app's own (AppConfig.ready())
                run()
            # A publish here while the shared cache was away marks stored pages stale now.
            GENERATION.recover()
            if once:
                return
            time.sleep(interval)
