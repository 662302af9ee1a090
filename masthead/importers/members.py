"""Readers of the old platform (Ghost's members CSV, Substack's email list) as newsletter
subscribers and members, with their consent as it was: nobody is opted in anew, nobody is
e-mailed, someone who unsubscribed stays unsubscribed (here or there), and a paying member
is linked to the subscription they already pay at Stripe."""

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from masthead.core.emails import email_normalize
from masthead.importers.models import ImportedItem
from masthead.importers.records import ExportRefused, Reader, flag, moment
from masthead.importers.report import ImportReport
from masthead.membership import status_machine
from masthead.membership.models import Label, Member, Tier
from masthead.membership.payments import ProviderUnavailable
from masthead.newsletters.models import Newsletter, Subscriber, Subscription

KIND = ImportedItem.Kind.MEMBER
GHOST_COLUMNS = {"email", "subscribed_to_emails"}
MAX_ROWS = 500_000


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def ghost_members(path: Path) -> Iterator[Reader]:
    """Ghost's members CSV (Members → Export): email, name, note, subscribed_to_emails,
    complimentary_plan, stripe_customer_id, created_at, labels, tiers, newsletters."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ExportRefused(f"{path} cannot be read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise ExportRefused(f"{Path(path).name} is not UTF-8 text: export it again") from error
    rows = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower() for name in rows.fieldnames or []}
    if not columns >= GHOST_COLUMNS:
        raise ExportRefused(
            f"{Path(path).name} is not a Ghost members export: it needs the columns "
            f"{', '.join(sorted(GHOST_COLUMNS))} (it has {', '.join(sorted(columns)) or 'none'})."
        )
    for line, row in enumerate(rows, start=2):
        if line > MAX_ROWS:
            raise ExportRefused(f"the file has more than {MAX_ROWS:,} members")
        row = {(key or "").strip().lower(): value or "" for key, value in row.items()}
        if row.get("deleted_at"):
            continue
        yield Reader(
            email=row["email"].strip(),
            name=row.get("name", "").strip(),
            note=row.get("note", "").strip(),
            labels=_names(row.get("labels")),
            newsletters=_names(row.get("newsletters")),
            tiers=_names(row.get("tiers")),
            subscribed=flag(row.get("subscribed_to_emails")),
            complimentary=flag(row.get("complimentary_plan")),
            paid=bool(row.get("stripe_customer_id", "").strip()),
            stripe_customer_id=row.get("stripe_customer_id", "").strip(),
            created_at=moment(row.get("created_at", "")),
            line=line,
        )


class MembersWriter:
    def __init__(self, *, source: str, site: str, report: ImportReport, dry_run: bool):
        self.source, self.site, self.report, self.dry_run = source, site, report, dry_run
        self.newsletters = {n.name.lower(): n for n in Newsletter.objects.all()}
        self.newsletters |= {n.slug: n for n in self.newsletters.values()}
        self.labels: dict[str, Label] = {}
        self.stripe = settings.PAYMENTS_PROVIDER == "stripe" and bool(settings.STRIPE_SECRET_KEY)
        self.now = timezone.now()

    def default_newsletter(self) -> Newsletter:
        found = Newsletter.objects.order_by("-featured", "sort_order", "pk").first()
        return found or self.newsletter("Newsletter")

    def newsletter(self, name: str) -> Newsletter:
        key = name.lower()
        if key not in self.newsletters:
            found = Newsletter.objects.filter(slug=slugify(name)[:50]).first()
            if found is None and not self.dry_run:
                found = Newsletter.objects.create(
                    name=name[:100], slug=slugify(name)[:50] or "newsletter", on_signup_page=False
                )
                self.report.note("newsletter", found.slug, name, "made for the imported readers")
            self.newsletters[key] = found or Newsletter(name=name)
        return self.newsletters[key]

    def take(self, reader: Reader) -> None:
        email = email_normalize(reader.email)
        try:
            validate_email(email)
        except ValidationError:
            self.report.refuse(KIND, f"line {reader.line}", email, "not an e-mail address")
            return
        seen = ImportedItem.objects.filter(
            source=self.source, site=self.site, kind=KIND, source_id=email.lower()
        ).exists()
        self.report.count(KIND, "updated" if seen else "created")
        if self.dry_run:
            return
        try:
            with transaction.atomic():
                self._subscriptions(email, reader)
                if reader.paid or reader.complimentary:
                    self._membership(email, reader)
                ImportedItem.objects.update_or_create(
                    source=self.source,
                    site=self.site,
                    kind=KIND,
                    source_id=email.lower(),
                    defaults={"updated_at": self.now},
                )
        except ProviderUnavailable:
            self.report.note(
                KIND, email, reader.name, "Stripe could not be reached: run the import again"
            )

    def _subscriptions(self, email: str, reader: Reader) -> None:
        lists = [self.newsletter(name) for name in reader.newsletters] or [
            self.default_newsletter()
        ]
        since = reader.created_at or self.now
        subscriber, _ = Subscriber.objects.get_or_create(
            email=email, defaults={"created_at": since}
        )
        for newsletter in lists:
            subscription = Subscription.objects.filter(
                subscriber=subscriber, newsletter=newsletter
            ).first()
            if subscription is None:
                subscription = Subscription(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    source=Subscription.Source.IMPORT,
                    created_at=since,
                )
            elif subscription.status == Subscription.Status.UNSUBSCRIBED:
                continue  # left here: an import never signs them up again
            if reader.subscribed:
                subscription.status = Subscription.Status.CONFIRMED
                subscription.confirmed_at = subscription.confirmed_at or since
            else:
                subscription.status = Subscription.Status.UNSUBSCRIBED
                subscription.unsubscribed_at = subscription.unsubscribed_at or self.now
            subscription.save()

    def _label(self, name: str) -> Label:
        if name not in self.labels:
            self.labels[name], _ = Label.objects.get_or_create(name=name[:60])
        return self.labels[name]

    def _membership(self, email: str, reader: Reader) -> None:
        user = status_machine.user_for_email(email)
        if reader.name and not user.first_name:
            first, _, last = reader.name.partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
            user.save(update_fields=["first_name", "last_name"])
        member = status_machine.member_locked(status_machine.member_for_user(user))
        joined = reader.created_at or member.joined_at or self.now
        if reader.note and reader.note not in member.notes:
            member.notes = f"{member.notes}\n{reader.note}".strip()
        member.save()
        member.labels.add(*[self._label(name) for name in reader.labels])
        if member.is_current and member.source == Member.Source.CHECKOUT:
            self.report.note(KIND, email, reader.name, "already a member here: left as they are")
            return
        if reader.paid and (reader.stripe_customer_id or self.source == "substack"):
            if not self.stripe:
                member.customer_ref = reader.stripe_customer_id or member.customer_ref
                member.save(update_fields=["customer_ref"])
                self.report.note(
                    KIND,
                    email,
                    reader.name,
                    "pays through Stripe: set the Stripe keys and import again to link them",
                )
                return
            from masthead.membership.providers import stripe as stripe_provider

            outcome = stripe_provider.subscription_link(
                member=member,
                at=self.now,
                customer_ref=reader.stripe_customer_id,
                email="" if reader.stripe_customer_id else email,
            )
            if outcome is None:
                self.report.note(KIND, email, reader.name, "Stripe has no subscription for them")
                if not reader.complimentary:
                    return
            else:
                member = Member.objects.get(pk=member.pk)
                member.source, member.joined_at, member.campaign = (
                    Member.Source.IMPORT,
                    joined,
                    None,
                )
                member.save(update_fields=["source", "joined_at", "campaign"])
                if member.tier_id is None:
                    self.report.note(
                        KIND, email, reader.name, "no tier here has their Stripe price: choose one"
                    )
                return
        if reader.complimentary:
            named = (
                Tier.objects.filter(name__in=reader.tiers) if reader.tiers else Tier.objects.none()
            )
            tier = (
                named.first()
                or Tier.objects.filter(is_active=True).order_by("monthly_price", "pk").first()
            )
            if tier is None:
                self.report.note(
                    KIND, email, reader.name, "complimentary, but there is no tier yet"
                )
                return
            member.tier, member.interval = member.tier or tier, ""
            member.source, member.joined_at = Member.Source.COMPLIMENTARY, joined
            new = member.status == Member.Status.PENDING
            status_machine.status_imported(member, Member.Status.ACTIVE, at=joined, new=new)

    def finish(self) -> None:
        if not self.dry_run:
            status_machine.counters_recount()


def readers_import(
    readers: Iterable[Reader], *, source: str, site: str, report: ImportReport, dry_run: bool
) -> None:
    writer = MembersWriter(source=source, site=site, report=report, dry_run=dry_run)
    for reader in readers:
        writer.take(reader)
    writer.finish()
