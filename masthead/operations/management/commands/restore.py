from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media with a backup made by `masthead backup`. "
        "Everything written since that backup is lost: stop the web server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the current data."
        )

    def handle(self, *args, backup, yes=False, **options):
        if not yes:
            answer = input(f"Replace this site's database and media with {backup}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing was changed.")
        try:
            manifest = backup_restore(backup, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}."))
