"""Reading uploaded CSV files for imports: decoding, the header, rows with their line numbers,
and what is wrong with the file as a whole, in words a person can act on."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


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
            result.rows.append((reader.line_num, row))
    except csv.Error as error:
        result.errors.append((reader.line_num, f"not valid CSV: {error}"))
    if not result.rows and not result.errors:
        result.errors.append((2, "the file has no rows"))
    return result


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
