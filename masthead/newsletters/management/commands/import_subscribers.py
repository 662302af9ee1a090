from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.newsletters import imports


class Command(BaseCommand):
    help = (
        "Import newsletter subscribers from a CSV file (columns: email, newsletters, status, "
        "subscribed_at). Every row is checked first; one bad row imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r  {done:,}/{total:,} rows", ending="")

        report = imports.subscribers_import(data, progress=progress)
        self.stderr.write("")
        if not report.ok:
            for line, problem in report.errors[:100]:
                self.stderr.write(f"line {line}: {problem}")
            raise CommandError(f"Nothing imported: {len(report.errors)} problems (see above).")
        self.stdout.write(report.summary)
