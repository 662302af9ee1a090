import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.importers.records import ExportRefused
from masthead.importers.running import SOURCES, import_run, sections_map_read
from masthead.importers.writing import ImportOptions


class Command(BaseCommand):
    help = (
        "Import a newsroom from WordPress (WXR .xml), Ghost (.json, --members members.csv) "
        "or Substack (the export .zip). Run it again to update; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=SOURCES)
        parser.add_argument("file", type=Path, help="The export file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read everything, report, write nothing."
        )
        parser.add_argument(
            "--edition",
            default="",
            metavar="LANG",
            help="Put everything in this edition (en, uk…) whatever the export says.",
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the old site's uploads folder (wp-content/uploads, content/images);"
            " pictures not in it are fetched from their address.",
        )
        parser.add_argument(
            "--no-fetch", action="store_true", help="Never fetch pictures from the network."
        )
        parser.add_argument(
            "--sections",
            type=Path,
            metavar="MAP",
            help="Which categories or tags become sections: `old-slug = section-slug`, "
            "`= tag` or `= skip`, one a line.",
        )
        parser.add_argument(
            "--default-section",
            default="news",
            help="The section of stories with no category that is one (default: news).",
        )
        parser.add_argument("--members", type=Path, help="Ghost: the members CSV export.")
        parser.add_argument(
            "--site-url",
            default="",
            help="Ghost, Substack: the old site's address, to find its links and pictures.",
        )
        parser.add_argument("--author", default="", help="Substack: the byline of its posts.")
        parser.add_argument(
            "--report", type=Path, metavar="CSV", help="Write the items not taken to this CSV."
        )

    def handle(self, *args, **options):
        if options["media_dir"] and not options["media_dir"].is_dir():
            raise CommandError(f"--media-dir {options['media_dir']} is not a folder.")
        if options["members"] and options["source"] != "ghost":
            raise CommandError("--members is for Ghost; Substack's list is inside its zip.")
        if options["edition"]:
            from django.conf import settings

            known = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
            if options["edition"] not in known:
                raise CommandError(f"--edition must be one of {', '.join(known)}.")
        try:
            sections = sections_map_read(options["sections"]) if options["sections"] else {}
            choice = ImportOptions(
                dry_run=options["dry_run"],
                edition=options["edition"],
                media_dir=options["media_dir"],
                fetch=not options["no_fetch"],
                sections=sections,
                default_section=options["default_section"],
            )
            report = import_run(
                options["source"],
                options["file"],
                options=choice,
                members=options["members"],
                site_url=options["site_url"],
                author=options["author"],
                progress=self._progress,
            )
        except ExportRefused as error:
            raise CommandError(str(error)) from error
        if sys.stdout.isatty():
            self.stdout.write("")
        self.stdout.write(report.as_text())
        if options["report"]:
            options["report"].write_text(report.as_csv(), encoding="utf-8")
            self.stdout.write(f"The items not taken, and the notes, are in {options['report']}.")

    def _progress(self, done: int, total: int, rate: float, left: float | None) -> None:
        eta = f", about {_duration(left)} left" if left is not None else ""
        line = f"{done:,}/{total:,} items, {rate:,.0f}/s{eta}"
        if sys.stdout.isatty():
            self.stdout.write(f"\r{line}   ", ending="")
            self.stdout.flush()
        else:  # a log: a line every half second at most (the writer's pace)
            self.stdout.write(line)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
