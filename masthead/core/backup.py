"""Backups of the database and the media, as one .tar.gz, and restoring one.

The database is saved by its own tools: SQLite's online backup API, or pg_dump's custom
format for PostgreSQL (restored with pg_restore). A manifest names the engine, the time and
what the archive holds; a restore refuses an archive of the other engine. Media on object
storage (MEDIA_S3_BUCKET) are not copied: keep the bucket versioned instead.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
Progress = Callable[[str], None]


class BackupError(Exception):
    pass


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _media_local() -> Path | None:
    return None if settings.MEDIA_S3_BUCKET else Path(settings.MEDIA_ROOT)


def _pg_env() -> tuple[list[str], dict]:
    params = connection.settings_dict
    args = ["-h", params.get("HOST") or "127.0.0.1", "-p", str(params.get("PORT") or 5432)]
    args += ["-U", params.get("USER") or "postgres"]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


def backup_create(destination: Path, *, progress: Progress = print) -> dict:
    """Write the database and the media to `destination` (.tar.gz); return the manifest."""
    engine = _engine()
    if engine not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {engine} databases are not supported")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        progress("Saving the database…")
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)
            target.close()
            database_file = "database.sqlite3"
        else:
            args, env = _pg_env()
            database_file = "database.pgdump"
            _run(
                [
                    "pg_dump",
                    *args,
                    "-Fc",
                    "--no-owner",
                    "-f",
                    str(work / database_file),
                    connection.settings_dict["NAME"],
                ],
                env,
            )
        media = _media_local()
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": database_file,
            "media": bool(media and media.exists()),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(work / database_file, database_file)
            if manifest["media"]:
                files = [path for path in media.rglob("*") if path.is_file()]
                for number, path in enumerate(files, 1):
                    archive.add(path, f"media/{path.relative_to(media)}")
                    if number % 500 == 0 or number == len(files):
                        progress(f"Media: {number}/{len(files)} files")
        partial.replace(destination)  # a backup that stopped halfway never looks finished
    return manifest


def backup_restore(source: Path, *, progress: Progress = print) -> dict:
    """Replace the database and the media with those in `source`; return its manifest."""
    if not source.exists():
        raise BackupError(f"no such file: {source}")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{source} is not a Masthead backup (not a .tar.gz)") from error
    with tempfile.TemporaryDirectory() as work, archive:
        work = Path(work)
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read())
        except (KeyError, ValueError) as error:
            raise BackupError(f"{source} is not a Masthead backup") from error
        if manifest.get("format") != FORMAT:
            raise BackupError("this backup was made by another version of the format")
        if manifest["engine"] != _engine():
            raise BackupError(
                f"this backup holds a {manifest['engine']} database; this site runs on {_engine()}"
            )
        archive.extractall(work, filter="data")  # refuses absolute paths and ../ escapes
        progress("Restoring the database…")
        connections.close_all()
        database = work / manifest["database"]
        if manifest["engine"] == "sqlite":
            saved = sqlite3.connect(database)
            live = sqlite3.connect(connection.settings_dict["NAME"])
            with live:
                saved.backup(live)
            saved.close()
            live.close()
        else:
            args, env = _pg_env()
            _run(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "-d",
                    connection.settings_dict["NAME"],
                    str(database),
                ],
                env,
            )
        media = _media_local()
        if manifest["media"] and media is not None:
            progress("Restoring the media…")
            if media.exists():
                shutil.rmtree(media)
            saved_media = work / "media"
            if saved_media.exists():
                shutil.copytree(saved_media, media)
            else:
                media.mkdir(parents=True)
    from masthead.core.pagecache import pages_changed

    pages_changed()  # every stored page and fragment came from the database just replaced
    return manifest
