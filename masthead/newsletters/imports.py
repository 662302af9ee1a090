"""Subscribers as CSV: the export, and an import that checks every row, then takes the
whole file or nothing, reporting problems by line.

One row is an address and the newsletters it is subscribed to (slugs separated by `;`), or
has left (status `unsubscribed`). Imported subscriptions count as confirmed: import only
people who agreed to get the newsletters.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from masthead.core.csv_files import SafeCsvWriter, csv_read, moment_parse
from masthead.core.emails import email_normalize
from masthead.newsletters.models import Newsletter, Subscriber, Subscription, Suppression

COLUMNS = ["email", "newsletters", "status", "subscribed_at"]
REQUIRED = {"email", "newsletters"}
STATUSES = {"subscribed": Subscription.Status.CONFIRMED, "unsubscribed": "unsubscribed"}
MAX_ROWS = 500_000
CHUNK = 2000


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    subscribers_created: int = 0
    subscriptions_changed: int = 0
    suppressed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        text = (
            f"Imported: {self.subscribers_created:,} new addresses, "
            f"{self.subscriptions_changed:,} subscriptions added or changed."
        )
        if self.suppressed:
            text += f" {self.suppressed:,} addresses are suppressed and get nothing."
        return text


def subscribers_csv(*, newsletter: Newsletter | None = None):
    """Lines of the export (a generator, for a streaming response)."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)

    def line(values) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(COLUMNS)
    subscriptions = Subscription.objects.exclude(status=Subscription.Status.PENDING)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    rows: dict[tuple[str, str], list] = {}
    current = None
    for email, slug, status, since in (
        subscriptions.order_by("subscriber_id")
        .values_list("subscriber__email", "newsletter__slug", "status", "confirmed_at")
        .iterator(chunk_size=CHUNK)
    ):
        if email != current:
            yield from (line(_format(row)) for row in rows.values())
            rows, current = {}, email
        label = "subscribed" if status == Subscription.Status.CONFIRMED else "unsubscribed"
        row = rows.setdefault((email, label), [email, [], label, since])
        row[1].append(slug)
        if since and (row[3] is None or since < row[3]):
            row[3] = since
    yield from (line(_format(row)) for row in rows.values())


def _format(row: list) -> list:
    email, slugs, label, since = row
    return [email, ";".join(slugs), label, since.isoformat() if since else ""]


def subscribers_import_check(data: bytes) -> ImportReport:
    report = ImportReport()
    read = csv_read(data, required=REQUIRED, max_rows=MAX_ROWS)
    report.errors.extend(read.errors)
    newsletters = {n.slug: n for n in Newsletter.objects.all()} if read.rows else {}
    seen: set[tuple[str, int]] = set()
    for line, row in read.rows:
        problems = []
        email = email_normalize(row.get("email") or "")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{email or 'an empty e-mail'!r} is not an e-mail address")
        slugs = [slug.strip() for slug in (row.get("newsletters") or "").split(";") if slug.strip()]
        if not slugs:
            problems.append("no newsletter named (slugs separated by ;)")
        chosen = []
        for slug in slugs:
            if slug not in newsletters:
                problems.append(f"no newsletter {slug!r} (newsletters: {', '.join(newsletters)})")
            elif (email, newsletters[slug].pk) in seen:
                problems.append(f"{email} and {slug} appear twice in the file")
            else:
                chosen.append(newsletters[slug])
                seen.add((email, newsletters[slug].pk))
        status = (row.get("status") or "subscribed").strip().lower()
        if status not in STATUSES:
            problems.append(f"status {status!r} is not subscribed or unsubscribed")
        try:
            since = moment_parse(row.get("subscribed_at") or "")
        except ValueError as error:
            problems.append(f"subscribed_at: {error}")
            since = None
        report.errors.extend((line, problem) for problem in problems)
        report.rows.append(
            {"line": line, "email": email, "newsletters": chosen, "status": status, "since": since}
        )
    return report


def subscribers_import(
    data: bytes, *, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Check everything, then write everything in one transaction, in chunks of rows."""
    report = subscribers_import_check(data)
    if not report.ok:
        return report
    now = timezone.now()
    total = len(report.rows)
    with transaction.atomic():
        for start in range(0, total, CHUNK):
            chunk = report.rows[start : start + CHUNK]
            emails = {row["email"] for row in chunk}
            known = dict(Subscriber.objects.filter(email__in=emails).values_list("email", "pk"))
            new = [Subscriber(email=email, created_at=now) for email in emails - known.keys()]
            Subscriber.objects.bulk_create(new)
            report.subscribers_created += len(new)
            known = dict(Subscriber.objects.filter(email__in=emails).values_list("email", "pk"))
            existing = {
                (s.subscriber_id, s.newsletter_id): s
                for s in Subscription.objects.filter(subscriber_id__in=known.values())
            }
            create: list[Subscription] = []
            update: list[Subscription] = []
            for row in chunk:
                confirmed = row["status"] == "subscribed"
                for newsletter in row["newsletters"]:
                    key = (known[row["email"]], newsletter.pk)
                    subscription = existing.get(key) or Subscription(
                        subscriber_id=key[0],
                        newsletter=newsletter,
                        source=Subscription.Source.IMPORT,
                        created_at=row["since"] or now,
                    )
                    status = STATUSES[row["status"]]
                    if subscription.pk and subscription.status == status:
                        continue
                    subscription.status = status
                    if confirmed:
                        subscription.confirmed_at = row["since"] or now
                        subscription.unsubscribed_at = None
                    else:
                        subscription.unsubscribed_at = now
                    (update if subscription.pk else create).append(subscription)
            Subscription.objects.bulk_create(create)
            Subscription.objects.bulk_update(
                update, ["status", "confirmed_at", "unsubscribed_at"], batch_size=500
            )
            report.subscriptions_changed += len(create) + len(update)
            report.suppressed += Suppression.objects.filter(email__in=emails).count()
            if progress:
                progress(min(start + CHUNK, total), total)
    return report
