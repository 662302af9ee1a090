"""Typed readers for settings that come from the environment.

A bad value raises ImproperlyConfigured at start-up rather than misbehaving later.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T", int, float)
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _env_number(name: str, default: T, convert: Callable[[str], T], kind: str) -> T:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return convert(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, not {raw!r}") from None


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _env_number(name, default, int, "a whole number")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_float(name: str, default: float, *, minimum: float) -> float:
    value = _env_number(name, default, float, "a number")
    if not value >= minimum:  # NaN too
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choices(
    name: str, default: list[str], *, choices: Iterable[str], none: str = "none"
) -> list[str]:
    """A comma list of names from `choices`, in any case and given back as spelled there;
    `none` alone means an empty list."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if [item.lower() for item in items] == [none]:
        return []
    known = {choice.lower(): choice for choice in choices}
    unknown = [item for item in items if item.lower() not in known]
    if unknown or not items:
        raise ImproperlyConfigured(
            f"{name} must be {none} or a comma-separated list of {', '.join(known.values())}; "
            f"not {', '.join(map(repr, unknown or [raw]))}"
        )
    return list(dict.fromkeys(known[item.lower()] for item in items))


def env_secret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return value or None
