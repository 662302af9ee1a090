"""Signed links in newsletter e-mails: they work without signing in and cannot be forged.

A confirmation link expires after a week; preference and unsubscribe links keep working
for as long as the address is on file (every e-mail must carry a working way out).
"""

from django.core import signing

CONFIRM_SALT = "newsletters.confirm"
SUBSCRIBER_SALT = "newsletters.subscriber"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(*, subscriber_id: int, newsletter_ids: list[int]) -> str:
    return signing.dumps({"s": subscriber_id, "n": sorted(newsletter_ids)}, salt=CONFIRM_SALT)


def confirm_read(token: str) -> tuple[int, list[int]] | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return int(data["s"]), [int(n) for n in data["n"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def subscriber_token(*, subscriber_id: int, newsletter_id: int | None = None) -> str:
    """For the preferences page (no newsletter) or one list's unsubscribe link: short, as it
    goes into every message's List-Unsubscribe header."""
    value = str(subscriber_id) if newsletter_id is None else f"{subscriber_id}.{newsletter_id}"
    return signing.Signer(salt=SUBSCRIBER_SALT).sign(value)


def subscriber_read(token: str) -> tuple[int, int | None] | None:
    try:
        value = signing.Signer(salt=SUBSCRIBER_SALT).unsign(token)
        subscriber, _, newsletter = value.partition(".")
        return int(subscriber), int(newsletter) if newsletter else None
    except (signing.BadSignature, ValueError):
        return None
