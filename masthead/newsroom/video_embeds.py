"""Players from video sites (YouTube, Vimeo) for a video page's `video_url`.

Always the privacy-enhanced player (youtube-nocookie.com, Vimeo with dnt=1), and only after
the reader presses play (static/newsroom/video-embed.js). Plain data and no models, so that
settings.py can derive the Content-Security-Policy's frame-src from the providers allowed.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlsplit


@dataclass(frozen=True)
class Provider:
    name: str  # as readers know it, and as VIDEO_EMBED_PROVIDERS spells it
    player_origin: str  # where its player is framed from


@dataclass(frozen=True)
class VideoEmbed:
    provider: Provider
    watch_url: str  # the video on its own site: the play link when JavaScript is off
    player_url: str  # the embedded player (schema.org's embedUrl)

    @property
    def autoplay_url(self) -> str:
        """The player once the reader has pressed play: no second press inside it."""
        return f"{self.player_url}{'&' if '?' in self.player_url else '?'}autoplay=1"


YOUTUBE = Provider("YouTube", "https://www.youtube-nocookie.com")
VIMEO = Provider("Vimeo", "https://player.vimeo.com")
PROVIDERS = {provider.name: provider for provider in (YOUTUBE, VIMEO)}

_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtube-nocookie.com", "music.youtube.com"}
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_DIGITS = re.compile(r"[0-9]+")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")


def _host(parts: SplitResult) -> str:
    return (parts.hostname or "").removeprefix("www.")


def _youtube(parts: SplitResult) -> VideoEmbed | None:
    host, path = _host(parts), [part for part in parts.path.split("/") if part]
    if host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    elif host in _YOUTUBE_HOSTS and path == ["watch"]:
        video_id = parse_qs(parts.query).get("v", [""])[0]
    elif host in _YOUTUBE_HOSTS and len(path) == 2 and path[0] in {"embed", "shorts", "live"}:
        video_id = path[1]
    else:
        return None
    if not _YOUTUBE_ID.fullmatch(video_id):
        return None
    return VideoEmbed(
        provider=YOUTUBE,
        watch_url=f"https://www.youtube.com/watch?v={video_id}",
        player_url=f"{YOUTUBE.player_origin}/embed/{video_id}",
    )


def _vimeo(parts: SplitResult) -> VideoEmbed | None:
    path = [part for part in parts.path.split("/") if part]
    if _host(parts) == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        video_id, secret = path[1], parse_qs(parts.query).get("h", [""])[0]
    elif _host(parts) == "vimeo.com":
        # vimeo.com/123, vimeo.com/123/abc123 (unlisted), vimeo.com/channels/picks/123
        numbered = [n for n, part in enumerate(path) if _DIGITS.fullmatch(part)]
        if not numbered:
            return None
        video_id = path[numbered[0]]
        rest = path[numbered[0] + 1 : numbered[0] + 2]
        secret = rest[0] if rest else ""
    else:
        return None
    if not _DIGITS.fullmatch(video_id) or (secret and not _VIMEO_HASH.fullmatch(secret)):
        return None
    return VideoEmbed(
        provider=VIMEO,
        watch_url=f"https://vimeo.com/{video_id}" + (f"/{secret}" if secret else ""),
        player_url=f"{VIMEO.player_origin}/video/{video_id}?dnt=1"
        + (f"&h={secret}" if secret else ""),
    )


_PARSERS: dict[str, Callable[[SplitResult], VideoEmbed | None]] = {
    YOUTUBE.name: _youtube,
    VIMEO.name: _vimeo,
}


def video_embed(*, url: str, providers: Iterable[str]) -> VideoEmbed | None:
    """The player for a video's address on one of `providers`, or None (another site, or
    not the address of one video)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    for name in providers:
        if embed := _PARSERS[name](parts):
            return embed
    return None


def frame_origins(*, providers: Iterable[str]) -> list[str]:
    """What the Content-Security-Policy's frame-src must allow for these providers."""
    return [PROVIDERS[name].player_origin for name in providers]
