"""Sending an edition, exactly once to each reader, whatever stops it midway.

1. `edition_start` writes one `Delivery` row per recipient (unique per edition and address)
   in the same transaction that marks the edition as sending.
2. Workers claim batches of queued rows (SKIP LOCKED on PostgreSQL, so several can share a
   send), open one SMTP connection per batch, and mark each row sent the moment the server
   accepts its message.
3. A mail server that goes away puts the unsent rest of the batch back in the queue; a worker
   that dies leaves its claim, which the scheduler hands back after the lease (the message
   in flight had not been accepted; the one accepted in the instant before a kill keeps its
   Message-ID, so the receiving server folds the copy into the first).
"""

import contextlib
import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr
from enum import StrEnum

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from masthead.core.emails import absolute, address_is_placeholder, newsroom_name
from masthead.core.models import NewsroomSettings
from masthead.core.sites import site_for_request
from masthead.newsletters import queries, rendering, tokens
from masthead.newsletters.models import Delivery, Edition, Newsletter, Suppression
from masthead.newsletters.services import NewsletterError
from masthead.newsletters.wire import WireMessage

log = logging.getLogger(__name__)
Status = Delivery.Status
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(minutes=5)  # after a temporary refusal (4xx) of one message


class SendOutcome(StrEnum):
    """Where a run of `edition_send_run` left the send (the task acts on it)."""

    SENT = "sent"  # every delivery done: the edition is sent
    MORE = "more"  # the time budget is spent: queue the next run
    WAITING = "waiting"  # other workers hold the rest
    INTERRUPTED = "interrupted"  # the mail server failed: try again in a while
    NO_SENDER = "no sender"  # the sender address was unset meanwhile
    NOT_SENDING = "not sending"  # a draft, scheduled, canceled or missing edition


class SendInterrupted(Exception):
    """The mail server cannot be reached; the queue waits for the next try."""


@dataclass(frozen=True)
class Sender:
    """Who an edition comes from."""

    name: str
    email: str
    reply_to: str = ""

    @property
    def header(self) -> str:
        return formataddr((self.name, self.email))

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


def sender_for(*, newsletter: Newsletter) -> Sender:
    """The newsletter's own sender address, else the newsroom's (its settings, then
    DEFAULT_FROM_EMAIL). Raises NewsletterError, saying where to set one, when that address
    is unset or a placeholder: nothing goes out from an address nobody reads."""
    site = site_for_request(None)
    newsroom = NewsroomSettings.for_site(site).newsletter_sender_email if site else ""
    address = newsletter.sender_email or newsroom or settings.DEFAULT_FROM_EMAIL
    if newsletter.sender_email and address_is_placeholder(address):
        raise NewsletterError(
            f"{newsletter.name}'s sender address, {address}, is a placeholder: nothing is sent "
            f"from it. Set a real one in Newsletters → Newsletters → {newsletter.name}, or "
            "leave it blank there to use the newsroom's."
        )
    if address_is_placeholder(address):
        source = "" if newsroom else " (DEFAULT_FROM_EMAIL)"
        fallback = f"{address}{source}, a placeholder" if address else "not set"
        raise NewsletterError(
            f"{newsletter.name} has no sender address of its own, and the newsroom's is "
            f"{fallback}: nothing is sent until there is one. Set the newsroom's in Settings "
            f"→ Newsroom settings → Newsletters (or this newsletter's own in Newsletters → "
            f"Newsletters → {newsletter.name})."
        )
    return Sender(
        name=newsletter.sender_name or newsroom_name(),
        email=address,
        reply_to=newsletter.reply_to,
    )


def claims_release(*, edition: Edition, older_than: timedelta, now: datetime | None = None) -> int:
    """Hand back claims of workers that died (nothing heard from them for `older_than`)."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        edition=edition, status=Status.SENDING, claimed_at__lt=now - older_than
    ).update(status=Status.QUEUED, claimed_at=None)


def batch_claim(*, edition: Edition, size: int) -> list[Delivery]:
    with transaction.atomic():
        queued = (
            Delivery.objects.filter(edition=edition, status=Status.QUEUED)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lte=timezone.now()))
            .order_by("pk")
        )
        if db.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        ids = list(queued.values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids).update(
            status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return list(Delivery.objects.filter(pk__in=ids).order_by("pk"))


class LinkPattern:
    """An absolute URL with one argument, reversed once; `fill(token)` completes it."""

    GAP = "token-goes-here"

    def __init__(self, name: str):
        self.before, self.after = absolute(reverse(name, args=[self.GAP])).split(self.GAP)

    def fill(self, value: str) -> str:
        return f"{self.before}{value}{self.after}"


class Envelope:
    """What every message of one edition shares: sender, headers, the rendered body."""

    def __init__(self, edition: Edition):
        newsletter = edition.newsletter
        sender = sender_for(newsletter=newsletter)
        self.edition = edition
        self.rendered = rendering.edition_render(edition)
        self.from_email = sender.header
        self.domain = sender.domain
        self.reply_to = [sender.reply_to] if sender.reply_to else None
        self.list_id = f"<{newsletter.slug}.{self.domain}>"
        # The per-reader links, in the newsletter's language, with a gap for the token.
        with translation.override(newsletter.language):
            self.unsubscribe_url = LinkPattern("newsletters:unsubscribe")
            self.preferences_url = LinkPattern("newsletters:preferences")

        self.wire = WireMessage(
            subject=self.rendered.subject,
            from_email=self.from_email,
            reply_to=self.reply_to,
            list_id=self.list_id,
        )

    def _reader(self, delivery: Delivery) -> tuple[str, str, str, str]:
        """This reader's unsubscribe link, Message-ID, HTML and text."""
        subscriber_id = delivery.subscriber_id
        if subscriber_id is None:  # deliveries are made for subscribers (edition_start)
            raise ValueError(f"delivery {delivery.pk} has no subscriber")
        unsubscribe = self.unsubscribe_url.fill(
            tokens.subscriber_token(
                subscriber_id=subscriber_id, newsletter_id=self.edition.newsletter_id
            )
        )
        preferences = self.preferences_url.fill(
            tokens.subscriber_token(subscriber_id=subscriber_id)
        )
        html, text = self.rendered.personalise(
            preferences_url=preferences, unsubscribe_url=unsubscribe
        )
        message_id = f"<edition-{self.edition.pk}.{delivery.pk}@{self.domain}>"
        return unsubscribe, message_id, html, text

    def message(self, delivery: Delivery) -> EmailMultiAlternatives:
        """The message through Django (any backend: an e-mail provider's API, the outbox)."""
        unsubscribe, message_id, html, text = self._reader(delivery)
        message = EmailMultiAlternatives(
            subject=self.rendered.subject,
            body=text,
            from_email=self.from_email,
            to=[delivery.email],
            reply_to=self.reply_to,
            headers={
                "Message-ID": message_id,
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def wire_bytes(self, delivery: Delivery, *, eight_bit: bool) -> tuple[str, bytes, bool]:
        """The same message as bytes for an SMTP server (wire.py): its recipient, its bytes,
        and whether they are 8-bit (`eight_bit`: the server takes that)."""
        unsubscribe, message_id, html, text = self._reader(delivery)
        to = self.wire.recipient(delivery.email)
        data, eight = self.wire.bytes_for(
            to=to,
            message_id=message_id,
            unsubscribe_url=unsubscribe,
            text=text,
            html=html,
            eight_bit=eight_bit,
        )
        return to, data, eight


def _failure(error: Exception) -> tuple[bool, str]:
    """(permanent?, reason) for an error sending one message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reason = next(iter(error.recipients.values()), (550, b"refused"))
        text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
        return code >= 500, f"{code} {text}"[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        said = error.smtp_error
        text = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        return error.smtp_code >= 500, f"{error.smtp_code} {text}"[:300]
    if isinstance(error, AnymailRecipientsRefused):
        return True, str(error)[:300]
    if isinstance(error, AnymailAPIError) and error.status_code:
        return False, f"{error.status_code} {error}"[:300]
    return False, f"{type(error).__name__}: {error}"[:300]


# What an e-mail provider's API answers when it, not the message, is the problem: our key
# refused, too many requests, a timeout (5xx are outages too).
API_OUTAGES = {401, 403, 408, 429}


def _is_outage(error: Exception) -> bool:
    """The server (or the provider's API) is away, as opposed to refusing one message."""
    if isinstance(error, AnymailAPIError):  # an OSError too, when sent through requests
        status = error.status_code
        return status is None or status >= 500 or status in API_OUTAGES
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # "service not available, closing"
    if isinstance(error, smtplib.SMTPException):  # a subclass of OSError, so before it
        return False
    return isinstance(error, OSError)


def _requeue(deliveries: list[Delivery]) -> None:
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], status=Status.SENDING).update(
        status=Status.QUEUED, claimed_at=None, attempts=F("attempts") - 1
    )


def batch_send(
    *, envelope: Envelope, batch: list[Delivery], backend: str | None = None
) -> dict[str, int]:
    """Send a claimed batch over one connection. Raises SendInterrupted (with the unsent
    rest back in the queue) when the mail server goes away."""
    done = {"sent": 0, "failed": 0, "skipped": 0}
    suppressed = set(
        Suppression.objects.filter(email__in=[d.email for d in batch]).values_list(
            "email", flat=True
        )
    )
    connection = get_connection(backend)
    try:
        connection.open()
    except Exception as error:
        _requeue(batch)
        raise SendInterrupted(f"cannot reach the mail server: {error}") from error
    # Django's SMTP backend: its connection takes the edition's bytes (wire.py).
    smtp = connection.connection if isinstance(connection, SMTPBackend) else None
    eight_bit = smtp is not None and smtp.has_extn("8bitmime")
    try:
        for index, delivery in enumerate(batch):
            rows = Delivery.objects.filter(pk=delivery.pk)
            if delivery.email in suppressed:
                rows.update(status=Status.SKIPPED, error="on the suppression list")
                done["skipped"] += 1
                continue
            try:
                if smtp is not None:
                    to, data, eight = envelope.wire_bytes(delivery, eight_bit=eight_bit)
                    options = ["BODY=8BITMIME"] if eight else []
                    smtp.sendmail(envelope.wire.envelope_from, [to], data, mail_options=options)
                    sent = 1
                else:
                    sent = connection.send_messages([envelope.message(delivery)])
            except Exception as error:
                if _is_outage(error):
                    _requeue(batch[index:])
                    raise SendInterrupted(f"the mail server went away: {error}") from error
                permanent, reason = _failure(error)
                if permanent or delivery.attempts >= MAX_ATTEMPTS:
                    rows.update(status=Status.FAILED, error=reason)
                    done["failed"] += 1
                else:
                    # Try again later (claimed_at is "not before" while queued).
                    rows.update(
                        status=Status.QUEUED, claimed_at=timezone.now() + RETRY_DELAY, error=reason
                    )
                continue
            if sent:
                rows.update(status=Status.SENT, sent_at=timezone.now(), error="")
                done["sent"] += 1
            else:
                rows.update(status=Status.FAILED, error="the mail backend did not send it")
                done["failed"] += 1
    finally:
        with contextlib.suppress(Exception):  # a connection that broke is closed either way
            connection.close()
    return done


def edition_finish_if_done(edition: Edition) -> bool:
    if edition.deliveries.filter(status__in=[Status.QUEUED, Status.SENDING]).exists():
        return False
    updated = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, finished_at=timezone.now()
    )
    if updated:
        log.info("edition %s: sent (%s)", edition.pk, queries.delivery_counts(edition=edition))
    return True


def edition_send_run(
    *,
    edition_id: int,
    batch_size: int | None = None,
    time_budget: float | None = None,
    backend: str | None = None,
    on_batch: Callable[[dict[str, int]], None] | None = None,
) -> SendOutcome:
    """Send batches until the edition is done, the time budget is spent, other workers hold
    the rest, the mail server fails, or the sender address was unset meanwhile (SendOutcome).
    `backend` overrides EMAIL_BACKEND (the demo's archive is "sent" to nobody); `on_batch`
    hears what each batch did (for progress)."""
    edition = Edition.objects.select_related("newsletter").filter(pk=edition_id).first()
    if edition is not None and edition.status == Edition.Status.SENT:
        return SendOutcome.SENT
    if edition is None or edition.status != Edition.Status.SENDING:
        return SendOutcome.NOT_SENDING
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    try:
        envelope = Envelope(edition)
    except NewsletterError as error:
        # The sender was taken away mid-send: the rest waits (the scheduler hands the send to
        # a worker again after the lease) until someone sets one.
        log.error("edition %s: %s", edition.pk, error)
        return SendOutcome.NO_SENDER
    started = time.monotonic()
    while True:
        batch = batch_claim(edition=edition, size=batch_size)
        if not batch:
            return SendOutcome.SENT if edition_finish_if_done(edition) else SendOutcome.WAITING
        try:
            done = batch_send(envelope=envelope, batch=batch, backend=backend)
        except SendInterrupted as error:
            log.warning("edition %s: %s", edition.pk, error)
            return SendOutcome.INTERRUPTED
        finally:
            Edition.objects.filter(pk=edition.pk).update(heartbeat_at=timezone.now())
        if on_batch:
            on_batch(done)
        if time_budget is not None and time.monotonic() - started > time_budget:
            return SendOutcome.MORE
