"""A Substack export (Settings → Exports → Create new export: a zip of posts.csv, each post's
body as posts/<id>.<slug>.html, and the email list as CSV). Paid posts are members-only;
the email list is read by members.py."""

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from masthead.importers.records import Author, ExportRefused, Post, Reader, Record, flag, moment

PAID_AUDIENCES = {"only_paid", "founding", "only_founding"}
MAX_MEMBERS = 500_000


class SubstackExport:
    source = "substack"

    def __init__(self, path: Path, *, site_url: str = "", author: str = ""):
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (OSError, zipfile.BadZipFile) as error:
            raise ExportRefused(
                f"{self.path.name} is not a Substack export: it is not a zip file. Download "
                "the export from Substack's Settings → Exports."
            ) from error
        names = self.zip.namelist()
        posts_csv = next((n for n in names if n.rsplit("/", 1)[-1] == "posts.csv"), None)
        if posts_csv is None:
            raise ExportRefused(f"{self.path.name} is not a Substack export: it has no posts.csv.")
        self.prefix = posts_csv[: -len("posts.csv")]
        self.rows = list(csv.DictReader(io.TextIOWrapper(self.zip.open(posts_csv), "utf-8-sig")))
        if self.rows and "post_id" not in self.rows[0]:
            raise ExportRefused("posts.csv has no post_id column: is this a Substack export?")
        self.bodies = {
            n.rsplit("/", 1)[-1].removesuffix(".html"): n
            for n in names
            if n.startswith(f"{self.prefix}posts/") and n.endswith(".html")
        }
        self.email_lists = [n for n in names if re.search(r"(^|/)email_list[^/]*\.csv$", n)]
        self.site = (site_url or "https://substack.invalid").rstrip("/")
        # Substack's post ids are its own across publications: what they are known by here
        # stays the same when the import is run again with (another) --site-url.
        self.key = "substack"
        self.author = author
        self.language = ""
        self.skipped: dict[str, int] = defaultdict(int)
        self.total = len(self.rows) + (1 if author else 0)

    def records(self) -> Iterator[Record]:
        authors = []
        if self.author:
            authors = ["author"]
            yield Author(source_id="author", name=self.author)
        for row in self.rows:
            post_id = (row.get("post_id") or "").strip()
            number, _, slug = post_id.partition(".")
            if (row.get("type") or "newsletter") in ("thread", "podcast") and not self.bodies.get(
                post_id
            ):
                self.skipped[f"Substack {row.get('type')}s without a text"] += 1
                continue
            html = ""
            if name := self.bodies.get(post_id):
                html = self.zip.read(name).decode("utf-8", "replace")
            published = flag(row.get("is_published"))
            when = moment(row.get("post_date") or "")
            yield Post(
                source_id=number or post_id,
                title=row.get("title") or "",
                slug=slug,
                html=html,
                excerpt=row.get("subtitle") or "",
                status="published" if published else "draft",
                published_at=when,
                updated_at=when,
                authors=authors,
                members_only=(row.get("audience") or "everyone") in PAID_AUDIENCES,
                old_paths=[f"/p/{slug}"] if slug else [],
            )

    def readers(self) -> Iterator[Reader]:
        """The email list: every address with its consent as Substack held it."""
        line = 1
        for name in self.email_lists:
            with self.zip.open(name) as handle:
                for row in csv.DictReader(io.TextIOWrapper(handle, "utf-8-sig")):
                    line += 1
                    if line > MAX_MEMBERS:
                        raise ExportRefused(f"the email list has more than {MAX_MEMBERS:,} rows")
                    plan = (row.get("plan") or "").strip().lower()
                    yield Reader(
                        email=(row.get("email") or "").strip(),
                        name=(row.get("name") or "").strip(),
                        subscribed=not flag(row.get("email_disabled")),
                        paid=flag(row.get("active_subscription")) and plan not in ("comp", "gift"),
                        complimentary=plan in ("comp", "gift"),
                        stripe_customer_id=(row.get("stripe_customer_id") or "").strip(),
                        created_at=moment(row.get("created_at") or ""),
                        labels=["Substack"]
                        + ([f"Substack {plan}"] if plan and plan != "free" else []),
                        line=line,
                    )
