"""A Ghost export (Settings → Advanced → Import/Export → Export content: one JSON file), of
Ghost 1 to 6. A post's primary tag is its section; its other tags are tags, except Ghost's
internal `#tags`; members' and paid posts are members-only; `posts_authors` are the bylines."""

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from masthead.importers.records import Author, ExportRefused, Post, Record, Term, moment

PLACEHOLDER = "__GHOST_URL__"
STATUSES = {"published": "published", "draft": "draft", "scheduled": "scheduled",
            "sent": "published"}  # fmt: skip  # "sent": a newsletter-only post


class GhostExport:
    source = "ghost"

    def __init__(self, path: Path, *, site_url: str = ""):
        self.path = Path(path)
        try:
            document = json.loads(self.path.read_bytes())
        except OSError as error:
            raise ExportRefused(f"{self.path} cannot be read: {error.strerror}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ExportRefused(
                f"{self.path.name} is not a Ghost export: it is not JSON ({error})."
            ) from error
        if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
            document = document["db"][0]
        data = document.get("data") if isinstance(document, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
            raise ExportRefused(
                f"{self.path.name} is not a Ghost export: it has no posts. Export it from "
                "Ghost Admin with Settings → Advanced → Import/Export → Export content."
            )
        self.data = data
        settings = {
            s.get("key"): s.get("value") for s in data.get("settings") or [] if isinstance(s, dict)
        }
        self.language = str(settings.get("locale") or settings.get("lang") or "").split("-")[0]
        self.site = (site_url or settings.get("url") or "https://ghost.invalid").rstrip("/")
        self.skipped: dict[str, int] = defaultdict(int)
        self.total = len(data.get("users") or []) + len(data["posts"])

    def _url(self, value: str | None) -> str:
        return (value or "").replace(PLACEHOLDER, self.site)

    def records(self) -> Iterator[Record]:
        data = self.data
        for user in data.get("users") or []:
            slug = user.get("slug") or ""
            yield Author(
                source_id=str(user["id"]),
                name=user.get("name") or slug,
                slug=slug,
                email=user.get("email") or "",
                bio=user.get("bio") or "",
                avatar_url=self._url(user.get("profile_image")),
                old_paths=[f"/author/{slug}/"] if slug else [],
            )
        for tag in data.get("tags") or []:
            slug = tag.get("slug") or ""
            internal = tag.get("visibility") == "internal" or (tag.get("name") or "").startswith(
                "#"
            )
            yield Term(
                source_id=str(tag["id"]),
                name=("#" if internal and not tag["name"].startswith("#") else "") + tag["name"],
                slug=slug,
                is_category=True,  # a post's primary tag is its section (writing.section_for)
                description=tag.get("description") or "",
                old_paths=[f"/tag/{slug}/"] if slug else [],
            )
        tags_of, authors_of = defaultdict(list), defaultdict(list)
        for link in sorted(data.get("posts_tags") or [], key=lambda r: r.get("sort_order") or 0):
            tags_of[str(link["post_id"])].append(str(link["tag_id"]))
        for link in sorted(data.get("posts_authors") or [], key=lambda r: r.get("sort_order") or 0):
            authors_of[str(link["post_id"])].append(str(link["author_id"]))
        meta = {str(m["post_id"]): m for m in data.get("posts_meta") or [] if m.get("post_id")}
        comments: dict[str, int] = defaultdict(int)
        for comment in data.get("comments") or []:
            comments[str(comment.get("post_id"))] += 1
        for post in data["posts"]:
            post_id = str(post["id"])
            status = STATUSES.get(post.get("status") or "", "draft")
            extra = meta.get(post_id, {})
            slug = post.get("slug") or ""
            authors = authors_of.get(post_id) or (
                [str(post["author_id"])] if post.get("author_id") else []
            )
            tags = tags_of.get(post_id, [])
            self.skipped["comments (Masthead has none)"] += comments.get(post_id, 0)
            yield Post(
                source_id=post_id,
                title=post.get("title") or "",
                slug=slug,
                html=self._url(post.get("html")),
                is_page=post.get("type") == "page" or bool(post.get("page")),
                excerpt=post.get("custom_excerpt") or extra.get("meta_description") or "",
                status=status,
                published_at=moment(post.get("published_at") or ""),
                updated_at=moment(post.get("updated_at") or ""),
                feature_image=self._url(post.get("feature_image")),
                feature_alt=extra.get("feature_image_alt") or "",
                feature_caption=extra.get("feature_image_caption") or "",
                authors=authors,
                categories=tags[:1],
                tags=tags[1:],
                members_only=(post.get("visibility") or "public") != "public",
                language=str(
                    post.get("locale") or post.get("language") or self.language or ""
                ).split("-")[0],
                old_paths=[f"/{slug}/", f"/{slug}/amp/"] if slug else [],
                comments=comments.get(post_id, 0),
            )
