from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from masthead.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Save the database and the media to one .tar.gz (default: "
        "MASTHEAD_DATA_DIR/backups/masthead-<time>.tar.gz). Restore with `masthead restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Where to write the backup.")

    def handle(self, *args, output=None, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = output or Path(settings.DATA_DIR) / "backups" / f"masthead-{stamp}.tar.gz"
        try:
            manifest = backup_create(output, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = output.stat().st_size / 1_000_000
        media = "with media" if manifest["media"] else "no local media"
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {output} ({size:.1f} MB, {manifest['engine']}, {media})"
            )
        )
