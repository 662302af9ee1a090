"""Who may read the body of a members-only story. The newsroom knows only that some stories
are for members; the app that knows who the members are says so with `members_policy_set` in
its `AppConfig.ready()` (membership does). Without one, members-only bodies stay closed."""

from collections.abc import Callable
from typing import Any

ReaderCheck = Callable[[Any], bool]  # a request's user, signed in or anonymous


def _nobody(user: Any) -> bool:
    return False


_is_member: ReaderCheck = _nobody


def members_policy_set(check: ReaderCheck) -> None:
    global _is_member
    _is_member = check


def reader_may_read(*, members_only: bool, user: Any) -> bool:
    return not members_only or _is_member(user)
