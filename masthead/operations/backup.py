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
from psycopg import pq
from psycopg.conninfo import make_conninfo

FORMAT = 1
Progress = Callable[[str], None]


class BackupError(Exception):
    pass


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _media_local() -> Path | None:
    return None if settings.MEDIA_S3_BUCKET else Path(settings.MEDIA_ROOT)


def pg_connection(*, settings_dict: dict) -> tuple[str, dict[str, str]]:
    """How pg_dump and pg_restore reach the database the site uses: a connection string
    (`--dbname`) with its host, port, user and name and the libpq options Django passes on
    (OPTIONS, e.g. `?sslmode=require` in DATABASE_URL for a managed PostgreSQL), and an
    environment with the password, which a command line would show to anyone listing
    processes. What is not given is left out, for libpq to decide as it does for the site:
    no host means the local socket."""
    libpq = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    options = {
        name: value
        for name, value in (settings_dict.get("OPTIONS") or {}).items()
        if name in libpq  # not Django's or psycopg's own (pool, isolation_level, …)
    }
    password = options.pop("password", None) or settings_dict.get("PASSWORD")
    params = {
        "dbname": settings_dict.get("NAME"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
        **options,
    }
    conninfo = make_conninfo(**{name: str(value) for name, value in params.items() if value})
    return conninfo, {**os.environ, **({"PGPASSWORD": password} if password else {})}


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


def backup_create(destination: Path, *, progress: Progress = print) -> dict:
    """Write the database and the media to `destination` (.tar.gz); return the manifest."""
    engine = _engine()
    if engine not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {engine} databases are not supported")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        progress("Saving the database…")
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)
            target.close()
            database_file = "database.sqlite3"
        else:
            conninfo, env = pg_connection(settings_dict=connection.settings_dict)
            database_file = "database.pgdump"
            _run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "-f",
                    str(work / database_file),
                    f"--dbname={conninfo}",
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
            if media and manifest["media"]:
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
    with tempfile.TemporaryDirectory() as folder, archive:
        work = Path(folder)
        try:
            saved = archive.extractfile("manifest.json")
            if saved is None:
                raise KeyError("manifest.json")
            manifest = json.loads(saved.read())
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
            saved_db = sqlite3.connect(database)
            live = sqlite3.connect(connection.settings_dict["NAME"])
            with live:
                saved_db.backup(live)
            saved_db.close()
            live.close()
        else:
            conninfo, env = pg_connection(settings_dict=connection.settings_dict)
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={conninfo}",
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
    from masthead.core.pagecache.generation import pages_changed

    pages_changed()  # every stored page and fragment came from the database just replaced
    return manifest
