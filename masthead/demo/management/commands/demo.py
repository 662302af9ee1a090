import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from masthead.demo import services


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent); --articles N adds N synthetic stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has stories (used by `make run`).",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N synthetic stories exist, for benchmarks.",
        )

    def handle(self, *args, if_empty=False, articles=0, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        started = time.monotonic()
        if if_empty and services.demo_is_loaded():
            self.stdout.write("The site already has stories; the demo newsroom was not loaded.")
        else:
            self.stdout.write("Loading the demo newsroom…")
            # The demo's people have made-up addresses: workflow notifications go nowhere.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                notes = services.demo_load(progress=self._progress)
            for note in notes:
                self.stdout.write(self.style.WARNING(note))
        if articles:
            try:
                added = services.demo_articles_generate(count=articles, progress=self._progress)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Added {added} synthetic stories ({articles} wanted).")
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
        self.stdout.write(self.style.SUCCESS("Demo logins (admin at /admin/):"))
        for login in services.DEMO_LOGINS:
            self.stdout.write(f"  {login.role:<20} {login.username} / {login.password}")

    def _progress(self, step: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r  {step:<20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        stream = sys.stderr
        stream.write(line + ("\n" if done >= total else ""))
        stream.flush()
