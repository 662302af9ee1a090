"""Import benchmark: a WordPress export of 20,000 posts and 50,000 pictures over five years
(bench/wxr.py, 100+ MB) through `masthead import wordpress`, as an operator runs it.

Measured, each in a fresh database: an unbroken import (wall time, posts a second, peak
memory of the process), an import killed (SIGKILL) halfway through the posts and run
again to its end (the content must equal the unbroken run's, compared by a digest of every
page, picture, redirect and tag with database ids left out), and a rerun over a finished
import (nothing made twice). On SQLite by default; on PostgreSQL with DATABASE_URL (make
bench does both).

    python bench/imports.py [--posts 20000] [--attachments 50000]
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import wxr

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench" / "imports"
# This checkout's code (manage.py puts it first on the path), as `masthead` would run it.
MASTHEAD = [sys.executable, str(ROOT / "manage.py")]
PROGRESS = re.compile(rb"([\d,]+)/([\d,]+) items")


def database_env(base: str, name: str) -> dict[str, str]:
    """A fresh database for one run: a data folder for SQLite, a database for PostgreSQL."""
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(folder),
        "SECRET_KEY": "bench-only",
        "HTTPS": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled once, not each start
    if base:
        import psycopg

        parts = urlsplit(base)
        database = f"{parts.path.lstrip('/')}_{name}".replace("-", "_")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    else:
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
    subprocess.run(  # noqa: S603 - our own command
        [*MASTHEAD, "migrate", "-v0"], env=env, check=True, capture_output=True
    )
    return env


def import_once(
    env: dict, export: Path, media: Path, *, kill_at: float | None = None, dry_run=False
) -> dict:
    """Run the import; with `kill_at`, SIGKILL it when that share of the items is done."""
    command = [*MASTHEAD, "import", "wordpress", str(export), "--media-dir", str(media)]
    if dry_run:
        command.append("--dry-run")
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [*command, "--no-fetch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output, killed = [], False
    for line in process.stdout or ():
        output.append(line)
        found = PROGRESS.search(line)
        if kill_at and found and not killed:
            done, total = (int(n.replace(b",", b"")) for n in found.groups())
            if total and done >= total * kill_at:
                process.send_signal(signal.SIGKILL)
                killed = True
        if found and len(output) % 40 == 0:
            sys.stderr.write(f"\r  {found.group(0).decode()}   ")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    sys.stderr.write("\n")
    text = b"".join(output).decode(errors="replace")
    if not killed and status != 0:
        raise SystemExit(f"the import failed:\n{text[-3000:]}")
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "killed": killed,
        "report": text[text.find("WordPress import") :] if not killed else "",
    }


def digest(env: dict) -> dict:
    script = str(ROOT / "bench" / "import_digest.py")
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, script], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--attachments", type=int, default=50_000)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if base else "sqlite"
    export = WORK / f"export-{args.posts}-{args.attachments}.xml"
    media = WORK / f"uploads-{args.posts}-{args.attachments}"
    if not export.exists() or not media.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(media, ignore_errors=True)
        print(f"Writing the export: {args.posts:,} posts, {args.attachments:,} pictures…")
        wxr.wxr_write(export, posts=args.posts, attachments=args.attachments, media_dir=media)
    size_mb = export.stat().st_size / 1e6
    counts = wxr_counts(export)
    print(f"Export: {size_mb:,.0f} MB, {counts['posts']:,} posts and pages, on {engine}")

    env = database_env(base, "unbroken")
    # The anchor: the same export read and converted, nothing written (the ceiling of a
    # single-process import on this machine).
    dry = import_once(env, export, media, dry_run=True)
    unbroken = import_once(env, export, media)
    whole = digest(env)
    rerun = import_once(env, export, media)
    again = digest(env)

    env = database_env(base, "killed")
    # Killed halfway through the posts (the pictures come first in the export): in the
    # middle of a batch of stories, not between two pictures.
    halfway = (counts["attachments"] + counts["posts"] / 2) / (
        counts["attachments"] + counts["posts"]
    )
    killed = import_once(env, export, media, kill_at=halfway)
    resumed = import_once(env, export, media)
    after_kill = digest(env)

    posts_per_second = counts["posts"] / unbroken["seconds"]
    dry_per_second = counts["posts"] / dry["seconds"]
    result = {
        "engine": engine,
        "export_mb": round(size_mb),
        "posts": counts["posts"],
        "attachments": counts["attachments"],
        "dry_run_anchor": {
            "seconds": dry["seconds"],
            "posts_per_second": round(dry_per_second, 1),
            "peak_rss_mb": dry["peak_rss_mb"],
        },
        "unbroken": {**unbroken, "posts_per_second": round(posts_per_second, 1)},
        "unbroken_to_dry_run": round(posts_per_second / dry_per_second, 2),
        "rerun": rerun,
        "killed_then_resumed": {"killed_after_s": killed["seconds"], **resumed},
        "same_content_after_kill": after_kill == whole,
        "rerun_changed_nothing": again == whole,
        "digest": whole,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"imports-{engine}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"dry run (read and converted, nothing written): {dry['seconds']:,.0f} s, "
        f"{dry_per_second:,.1f} posts/s\n"
        f"unbroken: {unbroken['seconds']:,.0f} s, {posts_per_second:,.1f} posts/s, peak RSS "
        f"{unbroken['peak_rss_mb']:,.0f} MB (targets: ≥ 50 posts/s on SQLite, ≤ 400 MB)\n"
        f"rerun: {rerun['seconds']:,.0f} s, content unchanged: {again == whole}\n"
        f"killed at {killed['seconds']:,.0f} s, resumed in {resumed['seconds']:,.0f} s, same "
        f"content as unbroken: {after_kill == whole}"
    )
    if after_kill != whole or again != whole:
        raise SystemExit("FAIL: the content differs")


def wxr_counts(export: Path) -> dict[str, int]:
    kinds = {"posts": 0, "attachments": 0}
    pattern = re.compile(rb"<wp:post_type>(?:<!\[CDATA\[)?(\w+)")
    with export.open("rb") as handle:
        for line in handle:
            if found := pattern.search(line):
                kind = found.group(1)
                if kind in (b"post", b"page"):
                    kinds["posts"] += 1
                elif kind == b"attachment":
                    kinds["attachments"] += 1
    return kinds


if __name__ == "__main__":
    main()
