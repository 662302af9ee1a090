"""CSV files for staff: cells written so no spreadsheet runs them, and uploaded files read for
imports (decoding, the header, rows with their line numbers, and what is wrong with the file
as a whole, in words a person can act on)."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TextIO

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.admin.views import generic

# A spreadsheet opening the file runs a cell that starts with one of these as a formula
# (`=HYPERLINK(…)`, a DDE `=cmd|…` that a valid e-mail address can spell): readers write
# names and addresses, so every cell the app writes for staff goes through `cell_safe`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> object:
    """The value as a spreadsheet shows it but never runs it: text that starts like a formula
    gets a leading `'` (what spreadsheets themselves use to mean "text"), and so does text
    that starts with such a `'` already, so that `cell_read` gives back what was written."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def cell_read(value: str) -> str:
    """A cell of an uploaded file as it was before `cell_safe`, so an export imports back
    unchanged."""
    if value.startswith("'") and value[1:].lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeCsvWriter:
    """`csv.writer` for files staff open in a spreadsheet: each cell through `cell_safe`."""

    def __init__(self, out: TextIO):
        self._writer = csv.writer(out)

    def writerow(self, values: Iterable[object]) -> object:
        return self._writer.writerow([cell_safe(value) for value in values])


class SafeExportIndexView(generic.IndexView):
    """A ModelViewSet's listing whose CSV export writes safe cells (`index_view_class`).
    Wagtail's XLSX export already stores formula-like text as text."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                name: cell_safe(self.preprocess_field_value(name, value, self.FORMAT_CSV))
                for name, value in row_dict.items()
            }
        )


@dataclass
class CsvRows:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def csv_read(data: bytes, *, required: set[str], max_rows: int) -> CsvRows:
    """Rows as dicts keyed by the lower-cased header, each with its line in the file."""
    result = CsvRows()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, "the file is not UTF-8 text (save it as CSV UTF-8)"))
        return result
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        result.errors.append((1, f"not valid CSV: {error}"))
        return result
    missing = required - set(header)
    if missing:
        result.errors.append((1, f"the header lacks {', '.join(sorted(missing))}"))
        return result
    reader.fieldnames = header
    try:
        for row in reader:
            if reader.line_num > max_rows + 1:
                result.errors.append((reader.line_num, f"more than {max_rows:,} rows"))
                break
            if any("\x00" in value for value in _cells(row)):
                # PostgreSQL cannot store it, and no address or name holds one.
                result.errors.append(
                    (reader.line_num, "a cell holds a NUL character (\\x00): remove it")
                )
                continue
            row = {k: cell_read(v) if isinstance(v, str) else v for k, v in row.items()}
            result.rows.append((reader.line_num, row))
    except csv.Error as error:
        result.errors.append((reader.line_num, f"not valid CSV: {error}"))
    if not result.rows and not result.errors:
        result.errors.append((2, "the file has no rows"))
    return result


def _cells(row: dict) -> list[str]:
    """Every text of a row, the cells past the header's columns too (DictReader keeps those
    in a list under None)."""
    values = []
    for value in row.values():
        values.extend(value if isinstance(value, list) else [value])
    return [value for value in values if isinstance(value, str)]


def moment_parse(value: str) -> datetime | None:
    """A date or date and time from a CSV cell (blank: None), in the newsroom's time zone."""
    value = value.strip()
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(f"{value!r} is not a date (use 2026-05-31 or 2026-05-31T09:00)")
        moment = datetime.combine(day, time())
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class CsvUploadForm(forms.Form):
    """An import's upload field: the columns in its help, a size limit with a clear error.
    Subclasses set `columns` and `max_mb`."""

    columns: list[str] = []
    max_mb = 10
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"CSV with the columns: {', '.join(self.columns)}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(f"The file is over {self.max_mb} MB: split it in parts.")
        return upload
