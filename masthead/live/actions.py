"""What the apps above add to the live updates screen and to breaking news: links to act on
an update or a bar elsewhere (newsletters: send it as an edition). Each registers in its
`AppConfig.ready()`; a link builder returns (label, url), or None where it does not apply."""

from collections.abc import Callable
from typing import Any

from masthead.live.models import BreakingNews, LiveUpdate

UpdateLink = Callable[[LiveUpdate, Any], tuple[str, str] | None]
BreakingLink = Callable[[BreakingNews, Any], tuple[str, str] | None]

_update_links: dict[str, UpdateLink] = {}
_breaking_links: dict[str, BreakingLink] = {}


def update_link_register(*, name: str, link: UpdateLink) -> None:
    _update_links[name] = link


def breaking_link_register(*, name: str, link: BreakingLink) -> None:
    _breaking_links[name] = link


def update_links(*, update: LiveUpdate, user: Any) -> list[tuple[str, str]]:
    return [found for link in _update_links.values() if (found := link(update, user))]


def breaking_links(*, item: BreakingNews, user: Any) -> list[tuple[str, str]]:
    return [found for link in _breaking_links.values() if (found := link(item, user))]
