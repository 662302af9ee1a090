"""What every reader (WordPress, Ghost, Substack) turns its export into: the same few kinds
of record, so that one writer (writing.py) makes the pages, people and redirects for all."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone


class ExportRefused(Exception):
    """The file is not an export this reader can take; the message says what it is instead."""


@dataclass
class Author:
    source_id: str
    name: str
    slug: str = ""
    email: str = ""
    bio: str = ""
    role: str = ""
    avatar_url: str = ""
    old_paths: list[str] = field(default_factory=list)


@dataclass
class Term:
    """A WordPress category or tag, a Ghost tag: a section or a tag here (mapping.py)."""

    source_id: str
    name: str
    slug: str
    is_category: bool = False
    description: str = ""
    old_paths: list[str] = field(default_factory=list)


@dataclass
class Media:
    source_id: str
    url: str
    title: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""
    parent_id: str = ""  # the post it was uploaded to: its attachment page leads there
    old_paths: list[str] = field(default_factory=list)


@dataclass
class Post:
    source_id: str
    title: str
    slug: str
    html: str
    is_page: bool = False
    excerpt: str = ""
    status: str = "published"  # published, draft, scheduled
    published_at: datetime | None = None
    updated_at: datetime | None = None
    feature_image: str = ""  # a URL, or "media:<source id>" for an attachment
    feature_alt: str = ""
    feature_caption: str = ""
    authors: list[str] = field(default_factory=list)  # Author.source_id
    categories: list[str] = field(default_factory=list)  # Term.source_id, first is primary
    tags: list[str] = field(default_factory=list)  # Term.source_id
    members_only: bool = False
    language: str = ""  # a language code when the export says (uk, en…)
    old_paths: list[str] = field(default_factory=list)
    comments: int = 0


@dataclass
class Reader:
    """A subscriber or member of the old site, with their consent as it was."""

    email: str
    name: str = ""
    note: str = ""
    labels: list[str] = field(default_factory=list)
    newsletters: list[str] = field(default_factory=list)  # names; empty: the default list
    tiers: list[str] = field(default_factory=list)  # names of the old site's tiers
    subscribed: bool = True
    complimentary: bool = False
    paid: bool = False
    stripe_customer_id: str = ""
    created_at: datetime | None = None
    line: int = 0


Record = Author | Term | Media | Post


def moment(value: str) -> datetime | None:
    """An ISO date from an export (Ghost, Substack), or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


def flag(value: str | None) -> bool:
    """A yes/no cell of an export's CSV (true, t, 1, yes)."""
    return (value or "").strip().lower() in ("true", "t", "1", "yes")
