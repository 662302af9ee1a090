"""An edition's message as the bytes an SMTP server takes, built once: the headers every
reader shares are encoded when the send starts, and each reader's parts (their address,
Message-ID, unsubscribe and preferences links) are filled in as bytes. Half the cost of a
message was Python's MIME generation; this makes it a few string joins a reader.

What it writes is what `Envelope.message` writes through Django (the tests compare the two
as a mail reader parses them); it serves Django's SMTP backend, whose connection it sends
on. Other backends (an e-mail provider's API, the test outbox) take Django's message."""

import binascii
import secrets
from email.header import Header
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import sanitize_address

CRLF = "\r\n"
LINE_LIMIT = 998  # bytes a line of a message may hold (RFC 5322)


def _body(text: str, *, eight_bit: bool) -> tuple[bytes, bytes]:
    """The part's Content-Transfer-Encoding and its body, line ends CRLF as SMTP wants: as
    it is (7bit, or 8bit where the server takes that) when no line is over the 998 bytes a
    line may hold, else quoted-printable (binascii, in C), as Django chooses."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    data = text.encode()
    if (data.isascii() or eight_bit) and max(map(len, data.split(b"\n"))) <= LINE_LIMIT:
        return b"7bit" if data.isascii() else b"8bit", data.replace(b"\n", b"\r\n")
    return b"quoted-printable", binascii.b2a_qp(data, istext=True).replace(b"\n", b"\r\n")


def _header(name: str, value: str) -> str:
    if value.isascii():
        return f"{name}: {value}{CRLF}"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=CRLF)}{CRLF}"


class WireMessage:
    """One edition's message: `bytes_for(...)` gives one reader's."""

    def __init__(
        self,
        *,
        subject: str,
        from_email: str,
        reply_to: list[str] | None,
        list_id: str,
    ):
        encoding = settings.DEFAULT_CHARSET
        self.envelope_from = sanitize_address(from_email, encoding)
        self.boundary = f"=_masthead_{secrets.token_hex(12)}"
        shared = [
            f"From: {self.envelope_from}{CRLF}",
            _header("Subject", subject),
            f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}{CRLF}",
            f"List-Id: {list_id}{CRLF}",
            f"List-Unsubscribe-Post: List-Unsubscribe=One-Click{CRLF}",
            f"MIME-Version: 1.0{CRLF}",
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"{CRLF}',
        ]
        if reply_to:
            addresses = ", ".join(sanitize_address(a, encoding) for a in reply_to)
            shared.insert(1, f"Reply-To: {addresses}{CRLF}")
        self.shared = "".join(shared)
        self.part = CRLF.join(
            [
                f"--{self.boundary}",
                'Content-Type: text/{kind}; charset="utf-8"',
                "Content-Transfer-Encoding: {encoding}",
                "",
                "",
            ]
        )
        self.end = f"{CRLF}--{self.boundary}--{CRLF}".encode()

    @staticmethod
    def recipient(email: str) -> str:
        """The address as it goes in To: and RCPT TO (Django's rules for anything but plain
        ASCII)."""
        if email.isascii() and "<" not in email and "," not in email and '"' not in email:
            return email
        return sanitize_address(email, settings.DEFAULT_CHARSET)

    def bytes_for(
        self,
        *,
        to: str,
        message_id: str,
        unsubscribe_url: str,
        text: str,
        html: str,
        eight_bit: bool,
    ) -> tuple[bytes, bool]:
        """One reader's message, and whether it has 8-bit bytes (sent with BODY=8BITMIME);
        `eight_bit`: the server takes them."""
        head = (
            f"{self.shared}To: {to}{CRLF}Message-ID: {message_id}{CRLF}"
            f"List-Unsubscribe: <{unsubscribe_url}>{CRLF}{CRLF}"
        )
        pieces, eight = [head.encode()], False
        for number, (kind, body) in enumerate((("plain", text), ("html", html))):
            encoding, data = _body(body, eight_bit=eight_bit)
            eight = eight or encoding == b"8bit"
            part = self.part.format(kind=kind, encoding=encoding.decode())
            pieces += [CRLF.encode() if number else b"", part.encode(), data]
        pieces.append(self.end)
        return b"".join(pieces), eight
