"""An import from start to end, the same from the command line and from the admin: the
export read by its reader, every record through the writer, the readers of the old site
(members, subscribers) after the stories, and the report."""

import logging
import time
from collections.abc import Iterable
from pathlib import Path

from masthead.importers.members import ghost_members, readers_import
from masthead.importers.models import ImportedItem
from masthead.importers.readers.ghost import GhostExport
from masthead.importers.readers.substack import SubstackExport
from masthead.importers.readers.wordpress import WordPressExport
from masthead.importers.records import ExportRefused, Reader
from masthead.importers.report import ImportReport, Progress
from masthead.importers.writing import ImportOptions, Writer

SOURCES = ("wordpress", "ghost", "substack")


def export_open(source: str, path: Path, *, site_url: str = "", author: str = ""):
    """The reader for the file; ExportRefused (with what to do instead) when it is not one."""
    if source == "wordpress":
        return WordPressExport(path)
    if source == "ghost":
        return GhostExport(path, site_url=site_url)
    if source == "substack":
        return SubstackExport(path, site_url=site_url, author=author)
    raise ExportRefused(f"no importer for {source!r}: choose one of {', '.join(SOURCES)}")


def sections_map_read(path: Path) -> dict[str, str]:
    """The mapping file: one `old-slug = section-slug` (or `= tag`, `= skip`) a line; lines
    starting with # are comments. Also takes `old-slug,section-slug` (CSV)."""
    mapping = {}
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ExportRefused(f"the sections file {path} cannot be read: {error}") from error
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        separator = "=" if "=" in line else ","
        old, _, new = (part.strip() for part in line.partition(separator))
        if not old or not new:
            raise ExportRefused(f"{path}, line {number}: write `old-slug = section-slug`")
        mapping[old] = new
    return mapping


def import_run(
    source: str,
    path: Path,
    *,
    options: ImportOptions,
    members: Path | None = None,
    site_url: str = "",
    author: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    export = export_open(source, path, site_url=site_url, author=author)
    # Read (and refused if bad) before anything is written.
    readers: Iterable[Reader] | None = list(ghost_members(members)) if members else None
    report = ImportReport(source=source, dry_run=options.dry_run, total=export.total)
    # What the export's items are known by: its site's address, unless the reader knows
    # something that stays the same when the address given changes (Substack).
    key = getattr(export, "key", "") or export.site
    writer = Writer(
        source=source,
        site=export.site,
        key=key,
        options=options,
        report=report,
        progress=progress,
    )
    if source == "substack" and not site_url:
        report.note(
            ImportedItem.Kind.STORY,
            "",
            path.name,
            "no site address given (--site-url, or the form's old address): links to the old "
            "Substack were kept as they are. Import again with it to point them here; "
            "nothing is made twice.",
        )
    complete = False
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)  # not a line per page made
    try:
        for record in export.records():
            writer.take(record)
        complete = True
    finally:
        report.skipped = dict(export.skipped)
        writer.finish(complete=complete)
        wagtail_log.setLevel(level)
    if source == "substack" and export.email_lists:
        readers = export.readers()
    if readers is not None:
        readers_import(readers, source=source, site=key, report=report, dry_run=options.dry_run)
    report.seconds = time.monotonic() - report.started
    return report
