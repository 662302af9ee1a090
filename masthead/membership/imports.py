"""Members as CSV: the export, and an import that checks every row first and then takes
the whole file or nothing, reporting errors by line."""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from masthead.core.csv_files import SafeCsvWriter, csv_read, moment_parse
from masthead.core.emails import email_normalize
from masthead.membership import status_machine
from masthead.membership.models import Interval, Label, Member, Tier

COLUMNS = [
    "email",
    "status",
    "tier",
    "interval",
    "source",
    "joined_at",
    "paid_through",
    "labels",
    "wall_consent",
    "wall_name",
]
REQUIRED = {"email", "status"}
MAX_ROWS = 50_000


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def members_csv(members) -> str:
    """The export; its columns are the import's, so a file can go out and back in."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(COLUMNS)
    for member in members.select_related("user", "tier").prefetch_related("labels"):
        writer.writerow(
            [
                member.email,
                member.status,
                member.tier.slug if member.tier else "",
                member.interval,
                member.source,
                member.joined_at.isoformat() if member.joined_at else "",
                member.current_period_end.isoformat() if member.current_period_end else "",
                ";".join(label.name for label in member.labels.all()),
                "yes" if member.wall_consent else "no",
                member.wall_name,
            ]
        )
    return out.getvalue()


def _row_check(row: dict, tiers: dict[str, Tier], seen: set[str]) -> tuple[dict, list[str]]:
    problems = []
    email = email_normalize(row.get("email") or "")
    try:
        validate_email(email)
    except ValidationError:
        problems.append(f"{email or 'an empty e-mail'!r} is not an e-mail address")
    if email.lower() in seen:
        problems.append(f"{email} appears twice in the file")
    seen.add(email.lower())
    status = (row.get("status") or "").strip().lower()
    if status not in Member.Status.values:
        problems.append(f"status {status!r} is not one of {', '.join(Member.Status.values)}")
    tier_slug = (row.get("tier") or "").strip()
    tier = tiers.get(tier_slug)
    if tier_slug and tier is None:
        problems.append(f"no tier {tier_slug!r} (tiers: {', '.join(tiers) or 'none yet'})")
    if status in Member.CURRENT and tier is None:
        problems.append("an active member needs a tier")
    interval = (row.get("interval") or "").strip().lower()
    if interval and interval not in Interval.values:
        problems.append(f"interval {interval!r} is not month or year")
    source = (row.get("source") or "import").strip().lower()
    if source not in Member.Source.values:
        problems.append(f"source {source!r} is not one of {', '.join(Member.Source.values)}")
    dates = {}
    for column in ("joined_at", "paid_through"):
        try:
            dates[column] = moment_parse(row.get(column) or "")
        except ValueError as error:
            problems.append(f"{column}: {error}")
    consent = (row.get("wall_consent") or "no").strip().lower()
    if consent not in ("yes", "no", "true", "false", "1", "0", ""):
        problems.append(f"wall_consent {consent!r} is not yes or no")
    labels = [name.strip()[:60] for name in (row.get("labels") or "").split(";") if name.strip()]
    clean = {
        "email": email,
        "status": status,
        "tier": tier,
        "interval": interval,
        "source": source,
        "labels": labels,
        "wall_consent": consent in ("yes", "true", "1"),
        "wall_name": (row.get("wall_name") or "").strip()[:80],
        **dates,
    }
    return clean, problems


def members_import_check(data: bytes) -> ImportReport:
    """Read and check the whole file; nothing is written."""
    report = ImportReport()
    read = csv_read(data, required=REQUIRED, max_rows=MAX_ROWS)
    report.errors.extend(read.errors)
    tiers = {tier.slug: tier for tier in Tier.objects.all()} if read.rows else {}
    seen: set[str] = set()
    for line, row in read.rows:
        clean, problems = _row_check(row, tiers, seen)
        report.errors.extend((line, problem) for problem in problems)
        clean["line"] = line
        report.rows.append(clean)
    return report


def members_import(data: bytes, *, progress=None) -> ImportReport:
    """Check everything, then import everything in one transaction (or nothing)."""
    report = members_import_check(data)
    if not report.ok:
        return report
    now = timezone.now()
    with transaction.atomic():
        labels = {}
        for index, row in enumerate(report.rows, 1):
            user = status_machine.user_for_email(row["email"])
            member, created = Member.objects.select_for_update().get_or_create(user=user)
            if not created and member.subscription_ref and member.is_current:
                report.errors.append(
                    (row["line"], f"{row['email']} pays through {member.provider}: change it there")
                )
                continue
            member.source = row["source"]
            member.tier, member.interval = row["tier"], row["interval"]
            member.joined_at = row["joined_at"] or member.joined_at or now
            member.current_period_end = row["paid_through"]
            member.wall_consent, member.wall_name = row["wall_consent"], row["wall_name"]
            status_machine.status_imported(member, row["status"], at=member.joined_at, new=created)
            for name in row["labels"]:
                if name not in labels:
                    labels[name], _ = Label.objects.get_or_create(name=name)
            member.labels.add(*[labels[name] for name in row["labels"]])
            report.created += created
            report.updated += not created
            if progress and index % 500 == 0:
                progress(index, len(report.rows))
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = 0
            return report
        status_machine.counters_recount()
    return report
