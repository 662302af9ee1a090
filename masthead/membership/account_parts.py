"""What the apps above membership keep about a reader, for the account's data export and its
deletion. Each registers its part in `AppConfig.ready()` (newsletters: the subscriptions), so
an account's export holds everything and its deletion forgets everything."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AccountPart:
    name: str  # the key of its entry in the export
    export: Callable[[str], object]  # the reader's e-mail → data JSON can hold
    forget: Callable[[str], object]  # the reader's e-mail → nothing left of them


_parts: dict[str, AccountPart] = {}


def account_part_register(
    *, name: str, export: Callable[[str], object], forget: Callable[[str], object]
) -> None:
    _parts[name] = AccountPart(name=name, export=export, forget=forget)


def account_parts() -> list[AccountPart]:
    return list(_parts.values())
