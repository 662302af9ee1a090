"""The one writer of every import: records (records.py) in, pages, people, pictures, tags and
redirects out, each item in its own transaction and remembered by its source id, so a rerun
updates what changed, makes nothing twice, and a killed import resumes where it stopped."""

import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Locale, Page
from wagtail.models.media import get_root_collection_id

from masthead.core.models import MastheadImage
from masthead.core.pagecache.generation import pages_changed
from masthead.importers.html_blocks import html_to_blocks
from masthead.importers.media import (
    MediaSource,
    MediaUnavailable,
    Picture,
    document_store,
    image_store,
    is_picture,
    is_upload,
    picture_read,
    url_key,
)
from masthead.importers.models import ImportedItem
from masthead.importers.records import Author, Media, Post, Record, Term
from masthead.importers.report import ImportReport, Progress
from masthead.importers.tasks import search_index_task
from masthead.newsroom.bulk import articles_insert
from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    HomePage,
    InfoPage,
    NewsFeedPage,
    SectionPage,
    TagIndexPage,
)
from masthead.newsroom.readtime import read_minutes
from masthead.people.models import AuthorIndexPage, AuthorPage

Kind = ImportedItem.Kind
STANDFIRST_LIMIT = 300
# "Updated …" is shown when a post was changed this long after it was published.
UPDATE_SHOWN_AFTER = timedelta(hours=1)
DRY_IMAGE = -1  # the image a dry run would make
BATCH = 200  # new published stories written together
OLD_FEEDS = {"wordpress": "/feed/", "ghost": "/rss/", "substack": "/feed"}
MENU_SECTIONS = 7  # sections an import puts in the menu and on the home page, at most
MEDIA_REMEMBERED = 200_000  # pictures' ids kept in memory (about 150 bytes each)


@dataclass
class _PendingMedia:
    media: Media
    picture: Picture
    checksum: str


@dataclass
class _Pending:
    page: ArticlePage
    parent: Page
    post: Post
    tags: list[Tag]
    checksum: str
    links_pending: bool
    locale: Locale


@dataclass
class ImportOptions:
    dry_run: bool = False
    edition: str = ""  # a language code: every item goes to that edition
    media_dir: Path | None = None
    fetch: bool = True
    # A category's or tag's slug in the export → a section's slug here, "tag" or "skip".
    sections: dict[str, str] = field(default_factory=dict)
    default_section: str = "news"


# Tags that end a line of text (a space where they were); inline tags leave none, so that
# "<a>image</a>, if" reads "image, if".
_BREAKING_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|blockquote|figcaption|td|th|tr|pre))\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def _plain(html: str) -> str:
    text = _TAG.sub("", _BREAKING_TAG.sub(" ", html or ""))
    return _SPACES.sub(" ", unescape(text)).strip()


def _checksum(record: Record, *also: str) -> str:
    """What the record says (and `also`, what else its conversion reads), as a digest."""
    data = json.dumps([asdict(record), *also], default=str, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()


class Writer:
    def __init__(
        self,
        *,
        source: str,
        site: str,
        options: ImportOptions,
        report: ImportReport,
        key: str,
        progress: Progress | None = None,
    ):
        self.source, self.site, self.options = source, site.rstrip("/"), options
        # What this export's items are known by (ImportedItem.site), see import_run.
        self.key = key
        self.report, self.progress = report, progress
        self.media = MediaSource(media_dir=options.media_dir, fetch=options.fetch)
        host = urlsplit(self.site).netloc.lower()
        self.hosts = {host, host.removeprefix("www."), f"www.{host.removeprefix('www.')}"} - {""}
        self.terms: dict[str, Term] = {}
        self.authors: dict[str, int] = {}
        self.avatars_wanted: dict[str, list[int]] = {}
        self.sections: dict[tuple[str, str], SectionPage] = {}
        self.homes: dict[str, HomePage] = {}
        self.locales: dict[str, Locale] = {}
        self.tags_redirected: set[str] = set()
        self.batch: list[_Pending] = []
        self.tag_cache: dict[str, Tag] = {}
        self.media_pks: dict[str, int] = {}
        self.media_batch: list[_PendingMedia] = []
        # This run's redirects (old path → page id) and each parent's slugs, kept in memory.
        self.redirected: dict[str, int] = {}
        self.slugs: dict[int, set[str]] = {}
        # The first run of this export: what is not in memory is nowhere (set once a failed
        # item's rollback may have taken something memory holds).
        self.fresh = not ImportedItem.objects.filter(source=self.source, site=self.key).exists()
        self.finishing = False
        self.tag_indexes: dict[str, TagIndexPage | None] = {}
        self.menus_open: dict[int, bool] = {}
        self._ticked, self._said = time.monotonic(), -1

    # Bookkeeping ----------------------------------------------------------------------------

    def _item(self, kind: str, source_id: str) -> ImportedItem | None:
        if self.fresh:  # nothing of this export is here yet but what this run made
            return None
        return ImportedItem.objects.filter(
            source=self.source, site=self.key, kind=kind, source_id=source_id[:200]
        ).first()

    def _remember(
        self,
        kind: str,
        source_id: str,
        object_id: int,
        checksum: str = "",
        pending=False,
        *,
        new: bool = False,
    ) -> None:
        if kind == Kind.MEDIA and object_id:
            self.media_pks[source_id[:200]] = object_id
        if new:  # known not to be there: one statement
            ImportedItem.objects.create(
                source=self.source,
                site=self.key,
                kind=kind,
                source_id=source_id[:200],
                object_id=object_id,
                checksum=checksum,
                links_pending=pending,
            )
            return
        ImportedItem.objects.update_or_create(
            source=self.source,
            site=self.key,
            kind=kind,
            source_id=source_id[:200],
            defaults={
                "object_id": object_id,
                "checksum": checksum,
                "links_pending": pending,
                "updated_at": timezone.now(),
            },
        )

    def tick(self) -> None:
        report = self.report
        report.done += 1
        now = time.monotonic()
        if self.progress and (now - self._ticked >= 0.5 or report.done == report.total):
            self._progress_say(now)

    def _progress_say(self, now: float) -> None:
        report = self.report
        self._ticked, self._said = now, report.done
        elapsed = max(now - report.started, 1e-6)
        rate = report.done / elapsed
        left = max(report.total - report.done, 0) / rate if report.total and rate else None
        if self.progress:
            self.progress(report.done, report.total, rate, left)

    def take(self, record: Record) -> None:
        """Write one record (or, dry, say what would be written); one bad item is refused
        with its reason and the import goes on."""
        kind, title = (
            self._kind(record),
            getattr(record, "title", "") or getattr(record, "name", ""),
        )
        try:
            if isinstance(record, Term):
                self.terms[record.source_id] = record
                return
            if not isinstance(record, Media):
                self.media_flush()  # what follows may show them
            with transaction.atomic():
                if isinstance(record, Author):
                    self._author(record)
                elif isinstance(record, Media):
                    self._media(record)
                elif isinstance(record, Post):
                    self._post(record)
        except Exception as error:
            self._forget()
            self.report.refuse(kind, record.source_id, title, _reason(error))
        finally:
            if not isinstance(record, Term):
                self.tick()
        if len(self.batch) >= BATCH:  # outside the item's transaction: its own
            self.batch_flush()
        if len(self.media_batch) >= BATCH:
            self.media_flush()

    def _forget(self) -> None:
        """After a rollback: what memory holds may not be there, so it is looked up again
        (the batches, whole, are written first: their slugs are taken)."""
        self.batch_flush()
        self.media_flush()
        self.sections, self.homes, self.tags_redirected, self.tag_cache = {}, {}, set(), {}
        self.locales, self.menus_open = {}, {}
        self.tag_indexes, self.media_pks, self.redirected, self.slugs = {}, {}, {}, {}
        self.fresh = False

    @staticmethod
    def _kind(record: Record) -> str:
        if isinstance(record, Post):
            return Kind.PAGE if record.is_page else Kind.STORY
        return {Author: Kind.AUTHOR, Media: Kind.MEDIA, Term: Kind.TAG}[type(record)]

    # Editions, sections, tags -----------------------------------------------------------

    def locale_for(self, language: str) -> Locale:
        code = (self.options.edition or language or "").lower()
        if (locale := self.locales.get(code)) is None:
            known = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
            if code not in known:
                locale = Locale.get_default()
            else:
                locale = Locale.objects.get_or_create(language_code=code)[0]
            self.locales[code] = locale
        return locale

    def home(self, locale: Locale) -> HomePage:
        if (home := self.homes.get(locale.language_code)) is not None:
            return home
        home = HomePage.objects.filter(locale=locale).first()
        if home is None:
            source = HomePage.objects.filter(depth=2).order_by("path").first()
            if source is None:
                raise ValueError("the site has no home page: run `masthead migrate` first")
            if self.options.dry_run:
                return source
            home = source.copy_for_translation(locale)
            home.save_revision().publish()
        self._structure_ensure(home, locale)
        self.homes[locale.language_code] = home
        return home

    def _structure_ensure(self, home: HomePage, locale: Locale) -> None:
        """The pages an imported archive is read through: the News Feed, the journalists'
        page and the topics page, made where the site has none yet."""
        with translation.override(locale.language_code):
            for model, slug, title in (
                (NewsFeedPage, "news-feed", gettext("News Feed")),
                (AuthorIndexPage, "authors", gettext("Our journalists")),
                (TagIndexPage, "tags", gettext("Topics")),
            ):
                if not model.objects.child_of(home).exists():
                    self._child_page(
                        home, model, slug, title=title, show_in_menus=model is not TagIndexPage
                    )

    def _child_page(self, parent: Page, model: type[Page], slug: str, **fields) -> Page:
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = model(slug=self._free_slug(parent, slug), **fields)
        if self.options.dry_run:
            return page
        parent.add_child(instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        return page

    def _free_slug(self, parent: Page, slug: str) -> str:
        """A slug no other child of `parent` has (nor one waiting in the batch)."""
        if parent.pk is None:  # a dry run's section, not made
            return (slug or "untitled")[:240]
        if parent.pk not in self.slugs:
            children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            self.slugs[parent.pk] = set(children.values_list("slug", flat=True))
        taken = self.slugs[parent.pk]
        base = slug = (slug or "untitled")[:240]
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug

    def _term_role(self, term: Term, *, primary: bool) -> str:
        """ "section:<slug>", "tag" or "skip" for a term as a post uses it."""
        if term.name.startswith("#"):  # Ghost's internal tags
            return "skip"
        chosen = self.options.sections.get(term.slug)
        if chosen in ("tag", "skip"):
            return chosen
        if chosen:
            return f"section:{chosen}"
        if term.is_category and term.slug == "uncategorized":  # WordPress's "none"
            return "skip"
        return f"section:{term.slug}" if primary and term.is_category else "tag"

    def section_for(self, post: Post, locale: Locale) -> SectionPage:
        slug = ""
        term = None
        for number, term_id in enumerate(post.categories):
            if (found := self.terms.get(term_id)) is None:
                continue
            role = self._term_role(found, primary=number == 0)
            if role.startswith("section:"):
                slug, term = role.split(":", 1)[1], found
                break
        slug = slugify(slug or self.options.default_section) or "news"
        key = (locale.language_code, slug)
        if (section := self.sections.get(key)) is not None:
            return section
        home = self.home(locale)
        title = term.name if term and slug == term.slug else slug.replace("-", " ").capitalize()
        # A new site's first sections go in its menu and on its home page; past
        # MENU_SECTIONS an export's categories would crowd both, and a newsroom's own menu
        # is its editors', so those wait for an editor to choose.
        sections = SectionPage.objects.child_of(home)
        made = not sections.filter(slug=slug).exists()
        own_menu = not self._menu_open(home)
        shown = not own_menu and sections.live().in_menu().count() < MENU_SECTIONS
        section = self._child_page(
            home,
            SectionPage,
            slug,
            title=title[:255],
            intro=_plain(term.description)[:500] if term else "",
            show_in_menus=shown,
            show_on_home=shown,
        )
        if made and section.pk:
            self._remember(Kind.SECTION, f"{locale.language_code}:{slug}", section.pk)
        if made and not shown:
            why = (
                "the site has a menu of its own"
                if own_menu
                else f"the menu shows {MENU_SECTIONS} sections already"
            )
            self.report.note(
                Kind.SECTION,
                slug,
                title[:80],
                f"made, not in the menu nor on the home page ({why}): tick “Show in menus” "
                "and “Show on home” to show it, or map its category to another section "
                "(--sections)",
            )
        if term and section.pk:  # the first edition's section keeps the old address
            self._redirects(term.old_paths, page=section, replace=False)
        self.sections[key] = section
        return section

    def _menu_open(self, home: HomePage) -> bool:
        """Whether the import may fill the home page's menu: nothing is in it but sections
        this export made (a new site, or this import run before), not a newsroom's own."""
        if home.pk not in self.menus_open:
            ours = ImportedItem.objects.filter(
                source=self.source, site=self.key, kind=Kind.SECTION
            ).values("object_id")
            theirs = SectionPage.objects.child_of(home).live().in_menu().exclude(pk__in=ours)
            self.menus_open[home.pk] = not theirs.exists()
        return self.menus_open[home.pk]

    def tags_for(self, post: Post) -> list[str]:
        names = []
        for number, term_id in enumerate([*post.categories, *post.tags]):
            term = self.terms.get(term_id)
            if term is None:
                continue
            primary = number == 0 and term_id in post.categories
            if self._term_role(term, primary=primary) == "tag":
                names.append(term.name[:100])
        return list(dict.fromkeys(names))

    def _tag_redirects(self, post: Post, locale: Locale) -> None:
        if not any(t not in self.tags_redirected for t in [*post.categories, *post.tags]):
            return
        code = locale.language_code
        if code not in self.tag_indexes:
            self.tag_indexes[code] = TagIndexPage.objects.child_of(self.home(locale)).first()
        index = self.tag_indexes[code]
        if index is None:
            return
        for term_id in [*post.categories, *post.tags]:
            term = self.terms.get(term_id)
            if term is None or term_id in self.tags_redirected:
                continue
            if self._term_role(term, primary=False) == "tag":
                tag = Tag.objects.filter(name=term.name[:100]).first()
                if tag is not None:
                    self._redirects(term.old_paths, page=index, route=f"/{tag.slug}/")
            self.tags_redirected.add(term_id)

    # Redirects and links ----------------------------------------------------------------

    def _redirects(
        self, paths: list[str], *, page: Page, route: str = "", replace: bool = True
    ) -> None:
        parts = page.get_url_parts()
        new = Redirect.normalise_path(parts[2]) if parts else ""
        wanted = {}
        for path in paths:
            old = Redirect.normalise_path(path)
            if old and old != "/" and len(old) <= 255 and (route or old != new):
                wanted[old] = page
        if not self.options.dry_run:
            self._redirects_bulk(wanted, route=route, replace=replace)

    def _redirects_bulk(self, wanted: dict[str, Page], *, route: str, replace: bool) -> None:
        """Redirects from each old path to its page (made, or moved to it when `replace`)."""
        if not wanted:
            return
        existing = {r.old_path: r for r in Redirect.objects.filter(old_path__in=wanted, site=None)}
        make = []
        for old, page in wanted.items():
            if not route:
                self.redirected[old] = page.pk
            redirect = existing.get(old)
            if redirect is None:
                make.append(
                    Redirect(
                        old_path=old,
                        redirect_page=page,
                        redirect_page_route_path=route,
                        is_permanent=True,
                    )
                )
            elif replace and (redirect.redirect_page_id, redirect.redirect_page_route_path) != (
                page.pk,
                route,
            ):
                redirect.redirect_page, redirect.redirect_page_route_path = page, route
                redirect.redirect_link = ""
                redirect.save(
                    update_fields=["redirect_page", "redirect_page_route_path", "redirect_link"]
                )
        Redirect.objects.bulk_create(make)

    def link_for(self, href: str) -> tuple[str, str]:
        parts = urlsplit(href.strip())
        if parts.scheme not in ("", "http", "https") or (
            parts.netloc and parts.netloc.lower() not in self.hosts
        ):
            return "url", href
        if not parts.path and not parts.query:
            return "url", href  # #anchor
        if is_upload(href):
            if not is_picture(href):
                item = self._item(Kind.MEDIA, f"file:{url_key(href)}")
                document = Document.objects.filter(pk=item.object_id).first() if item else None
                return "url", document.url if document else href
            if (pk := self.image_for(href, "")) not in (None, DRY_IMAGE):
                image = MastheadImage.objects.filter(pk=pk).first()
                if image is not None:
                    return "url", image.file.url
            return "url", href
        old = Redirect.normalise_path(
            f"{parts.path or '/'}{'?' + parts.query if parts.query else ''}"
        )
        if old in self.redirected:
            return "page", str(self.redirected[old])
        if self.fresh and not self.finishing:  # not made yet: one query saved a link
            return ("url", "/") if old == "/" else ("pending", href)
        found = (
            Redirect.objects.filter(old_path=old, site=None)
            .values_list("redirect_page_id", "redirect_page_route_path", "redirect_link")
            .first()
        )
        if found and found[0] and not found[1]:
            return "page", str(found[0])
        if found and found[2]:
            return "url", found[2]
        if old == "/":
            return "url", "/"
        return "pending", href

    # People -------------------------------------------------------------------------------

    def _author(self, author: Author) -> None:
        checksum = _checksum(author)
        item = self._item(Kind.AUTHOR, author.source_id)
        page = AuthorPage.objects.filter(pk=item.object_id).first() if item else None
        if page is None:  # someone of the same name here already is the same person
            slug = slugify(author.name, allow_unicode=True) or slugify(author.slug)
            page = AuthorPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if page is not None and item and item.checksum == checksum:
            self.authors[author.source_id] = page.pk
            self.report.count(Kind.AUTHOR, "unchanged")
            return
        avatar = None
        if author.avatar_url.startswith("media:"):
            avatar = self._known_image(author.avatar_url)
        elif author.avatar_url:
            avatar = self.image_for(author.avatar_url, "")
        created = page is None
        self.report.count(Kind.AUTHOR, "created" if created else "updated")
        if self.options.dry_run:
            return
        if page is None:
            home = self.home(Locale.get_default())
            index = AuthorIndexPage.objects.child_of(home).get()
            name_slug = slugify(author.name, allow_unicode=True)
            page = AuthorPage(slug=self._free_slug(index, name_slug or author.slug))
            page.title = author.name[:255]
            page.role, page.bio = author.role[:100], _plain(author.bio)[:1000]
            page.avatar_id = avatar
            index.add_child(instance=page)
        else:
            page.title = author.name[:255] or page.title
            page.role = author.role[:100] or page.role
            page.bio = _plain(author.bio)[:1000] or page.bio
            page.avatar_id = avatar or page.avatar_id
        page.save_revision(log_action=False).publish(log_action=False)
        if author.avatar_url.startswith("media:") and avatar is None:
            self.avatars_wanted.setdefault(author.avatar_url, []).append(page.pk)
        self._redirects(author.old_paths, page=page)
        self.authors[author.source_id] = page.pk
        self._remember(Kind.AUTHOR, author.source_id, page.pk, checksum)

    def _author_pk(self, source_id: str) -> int | None:
        if source_id not in self.authors:
            item = self._item(Kind.AUTHOR, source_id)
            self.authors[source_id] = item.object_id if item and item.object_id else 0
        return self.authors[source_id] or None

    # Pictures -------------------------------------------------------------------------------

    def _known_image(self, key: str) -> int | None:
        """An image this import made already: "media:<id>" or an address."""
        key = (
            f"id:{key.removeprefix('media:')}"
            if key.startswith("media:")
            else f"url:{url_key(key)}"
        )
        if key in self.media_pks:
            return self.media_pks[key]
        item = self._item(Kind.MEDIA, key)
        found = None
        if item and item.object_id and MastheadImage.objects.filter(pk=item.object_id).exists():
            found = item.object_id
        if found and len(self.media_pks) < MEDIA_REMEMBERED:
            self.media_pks[key] = found
        return found

    def _media(self, media: Media) -> None:
        checksum = _checksum(media)
        item = self._item(Kind.MEDIA, f"id:{media.source_id}")
        if (
            item
            and item.checksum == checksum
            and (item.object_id == 0 or self._known_image(f"media:{media.source_id}"))
        ):
            self.report.count(Kind.MEDIA, "unchanged")
            return
        if not media.url:
            raise MediaUnavailable("the export gives no address for it")
        if self.options.dry_run:
            if not self.media.available(media.url):
                raise MediaUnavailable("not in the uploads folder given (--media-dir)")
            self.report.count(Kind.MEDIA, "updated" if item else "created")
            return
        if not is_picture(media.url):  # a PDF, a recording: a document, linked to as before
            document = document_store(self.media.read(media.url), url=media.url, title=media.title)
            self.report.count(Kind.MEDIA, "updated" if item else "created")
            self._remember(Kind.MEDIA, f"file:{url_key(media.url)}", document.pk, checksum)
            self._remember(Kind.MEDIA, f"id:{media.source_id}", 0, checksum)
            return
        data = self.media.read(media.url)
        if item is None:  # new: written with the next batch of pictures
            self.media_batch.append(_PendingMedia(media, picture_read(data), checksum))
            self.report.count(Kind.MEDIA, "created")
            return
        image, _ = image_store(
            data,
            url=media.url,
            title=media.title,
            alt=media.alt,
            caption=_plain(media.caption),
            credit=_plain(media.credit),
        )
        self.report.count(Kind.MEDIA, "updated")
        self._media_done(media, image)

    def _media_done(self, media: Media, image: MastheadImage) -> None:
        checksum = _checksum(media)
        self._remember(Kind.MEDIA, f"id:{media.source_id}", image.pk, checksum)
        self._remember(Kind.MEDIA, f"url:{url_key(media.url)}", image.pk)
        for author_pk in self.avatars_wanted.pop(f"media:{media.source_id}", []):
            AuthorPage.objects.filter(pk=author_pk).update(avatar=image)
        if media.old_paths:
            self._file_redirects(media.old_paths, image.file.url)

    def media_flush(self) -> None:
        """The pictures read since the last flush, written together: each file stored, the
        rows inserted in one statement, the same bytes kept once (by content hash)."""
        batch, self.media_batch = self.media_batch, []
        if not batch:
            return
        try:
            with transaction.atomic():
                self._media_write(batch)
        except Exception:  # one by one: a picture that fails is refused, the others kept
            self.media_pks, self.fresh = {}, False
            for pending in batch:
                try:
                    with transaction.atomic():
                        self._media_write([pending])
                except Exception as error:
                    media = pending.media
                    self.report.refuse(Kind.MEDIA, media.source_id, media.title, _reason(error))
                    self.report.counts[Kind.MEDIA]["created"] -= 1

    def _media_write(self, batch: list[_PendingMedia]) -> None:
        digests = {pending.picture.digest for pending in batch}
        kept = {i.file_hash: i for i in MastheadImage.objects.filter(file_hash__in=digests)}
        made: list[MastheadImage] = []
        root = get_root_collection_id()
        for pending in batch:
            picture = pending.picture
            if picture.digest not in kept:
                media = pending.media
                image = picture.image(
                    url=media.url,
                    title=media.title,
                    alt=media.alt,
                    caption=_plain(media.caption),
                    credit=_plain(media.credit),
                    collection_id=root,
                )
                kept[picture.digest] = image
                made.append(image)
        MastheadImage.objects.bulk_create(made)
        rows = []
        for pending in batch:
            image = kept[pending.picture.digest]
            for key, checksum in (
                (f"id:{pending.media.source_id}", pending.checksum),
                (f"url:{url_key(pending.media.url)}", ""),
            ):
                rows.append(
                    ImportedItem(
                        source=self.source,
                        site=self.key,
                        kind=Kind.MEDIA,
                        source_id=key[:200],
                        object_id=image.pk,
                        checksum=checksum,
                    )
                )
                self.media_pks[key[:200]] = image.pk
            for author_pk in self.avatars_wanted.pop(f"media:{pending.media.source_id}", []):
                AuthorPage.objects.filter(pk=author_pk).update(avatar=image)
            if pending.media.old_paths:
                self._file_redirects(pending.media.old_paths, image.file.url)
        ImportedItem.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["source", "site", "kind", "source_id"],
            update_fields=["object_id", "checksum", "updated_at"],
        )
        if made:
            search_index_task.enqueue("core.MastheadImage", [image.pk for image in made])

    def _file_redirects(self, paths: list[str], url: str) -> None:
        """Old paths that lead to an address (an attachment of no post: to its file)."""
        for path in paths:
            old = Redirect.normalise_path(path)
            if len(old) <= 255:
                Redirect.objects.update_or_create(
                    old_path=old, site=None, defaults={"redirect_link": url, "is_permanent": True}
                )

    def image_for(self, src: str, attachment: str) -> int | None:
        """The image for a picture in a body: by attachment id, by address, else fetched
        (or read from the uploads folder) and made now."""
        if attachment and (pk := self._known_image(f"media:{attachment}")):
            return pk
        if not src:
            return None
        if src.startswith("//"):
            src = f"https:{src}"
        elif src.startswith("/"):
            src = f"{self.site}{src}"
        if pk := self._known_image(src):
            return pk
        if self.options.dry_run:
            return DRY_IMAGE if self.media.available(src) else None
        try:
            with transaction.atomic():
                image, _ = image_store(self.media.read(src), url=src)
                self._remember(Kind.MEDIA, f"url:{url_key(src)}", image.pk)
        except MediaUnavailable:
            return None
        return image.pk

    # Stories and pages ----------------------------------------------------------------------

    def _post(self, post: Post) -> None:
        kind = Kind.PAGE if post.is_page else Kind.STORY
        checksum = _checksum(post, self.site)  # its links are read against the site
        item = self._item(kind, post.source_id)
        page_model = InfoPage if post.is_page else ArticlePage
        existing = page_model.objects.filter(pk=item.object_id).first() if item else None
        if existing is not None and item and item.checksum == checksum:
            self.report.count(kind, "unchanged")
            return
        title = _plain(post.title)
        if not title and not _plain(post.html):
            raise ValueError("it has neither a title nor any text")
        if len(title) > 255:
            self.report.note(
                kind, post.source_id, title[:80], "the title was cut to 255 characters"
            )
        locale = self.locale_for(post.language)
        parent: Page = self.home(locale) if post.is_page else self.section_for(post, locale)
        converted = html_to_blocks(post.html, image_for=self.image_for, link_for=self.link_for)
        for warning in dict.fromkeys(converted.warnings):
            self.report.note(kind, post.source_id, title[:80], warning)
        if not converted.blocks:
            self.report.note(
                kind,
                post.source_id,
                title[:80],
                "its body is empty: add a paragraph before saving it in the editor",
            )
        self.report.count(kind, "updated" if existing else "created")
        if self.options.dry_run:
            return
        page = existing or page_model()
        page.title = Truncator(title or "Untitled").chars(255)
        page.body = json.dumps(converted.blocks)
        # A members-only story's body is not for everyone: its public standfirst (shown in
        # lists, the description of its page and its card) comes from its excerpt only.
        words = "" if post.members_only else _first_words(converted.blocks)
        standfirst = _plain(post.excerpt) or words or page.title
        if isinstance(page, ArticlePage):
            page.standfirst = _shortened(standfirst, words=60, chars=STANDFIRST_LIMIT)
            page.members_only = post.members_only
            lead = None
            if post.feature_image:
                if post.feature_image.startswith("media:"):
                    lead = self._known_image(post.feature_image)
                else:
                    lead = self.image_for(post.feature_image, "")
                if lead is None:
                    self.report.note(
                        kind, post.source_id, title[:80], "its feature image was not found"
                    )
                elif post.feature_alt:
                    MastheadImage.objects.filter(pk=lead, description="").update(
                        description=post.feature_alt[:255]
                    )
            page.lead_image_id = lead
            page.lead_image_caption = _plain(post.feature_caption)[:500]
            published, updated = post.published_at, post.updated_at
            page.updated_at = (
                updated
                if published and updated and updated - published > UPDATE_SHOWN_AFTER
                else None
            )
        else:
            page.intro = Truncator(_plain(post.excerpt)).chars(500)
        scheduled = (
            post.status == "scheduled" and post.published_at and post.published_at > timezone.now()
        )
        page.go_live_at = post.published_at if scheduled else None
        slug = slugify(post.slug or title, allow_unicode=True)[:240]
        if existing is None and isinstance(page, ArticlePage) and post.status == "published":
            self._batch_add(
                page,
                parent=parent,
                post=post,
                slug=slug,
                locale=locale,
                checksum=checksum,
                pending=converted.links_pending,
                blocks=converted.blocks,
            )
            return
        if existing is None:
            page.slug = self._free_slug(parent, slug)
            page.locale = locale
            page.live = False
            parent.add_child(instance=page)
        if isinstance(page, ArticlePage):
            page.authors = [ArticleAuthor(author_id=pk) for pk in self._author_pks(post)]
            page.tags.set(self.tags_for(post))
        revision = page.save_revision(log_action=False)
        if post.status == "published" or scheduled:
            revision.publish(log_action=False)
        elif page.live:  # published before, a draft in the export now
            page.unpublish(log_action=False)
        if post.status == "published" and post.published_at:
            last = max(post.updated_at or post.published_at, post.published_at)
            Page.objects.filter(pk=page.pk).update(
                first_published_at=post.published_at, last_published_at=last
            )
        self._redirects(post.old_paths, page=page)
        if not post.is_page:
            self._tag_redirects(post, locale)
        self._remember(kind, post.source_id, page.pk, checksum, pending=converted.links_pending)

    def _author_pks(self, post: Post) -> list[int]:
        return list(dict.fromkeys(pk for pk in map(self._author_pk, post.authors) if pk))

    # New published stories, written a batch at a time --------------------------------------
    #
    # A story made through Wagtail's publishing (a save, a revision, a publish, each with its
    # checks and signals) costs about 60 ms; written in bulk (newsroom/bulk.py) with its
    # redirects and bookkeeping, a few. What Wagtail's publishing would also do is done for
    # the batch: the search index, and the cached pages forgotten (finish()). A kill loses
    # the batch not yet committed, which the next run writes again.

    def _batch_add(
        self,
        page: ArticlePage,
        *,
        parent: Page,
        post: Post,
        slug: str,
        locale: Locale,
        checksum: str,
        pending: bool,
        blocks: list[dict],
    ) -> None:
        page.slug = self._free_slug(parent, slug)
        now = timezone.now()
        page.first_published_at = post.published_at or now
        page.last_published_at = max(
            post.updated_at or page.first_published_at, page.first_published_at
        )
        page.authors = [ArticleAuthor(author_id=pk) for pk in self._author_pks(post)]
        tags = [self._tag(name) for name in self.tags_for(post)]
        page.read_minutes = read_minutes(page.title, page.standfirst, *_block_texts(blocks))
        self.batch.append(_Pending(page, parent, post, tags, checksum, pending, locale))

    def _tag(self, name: str) -> Tag:
        if name not in self.tag_cache:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag(name=name)
                tag.save()  # taggit finds it a free slug
            self.tag_cache[name] = tag
        return self.tag_cache[name]

    def batch_flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            with transaction.atomic():
                self._batch_write(batch)
        except Exception:
            # The batch failed: each story on its own, so that one bad story is refused
            # with its reason and the others are written. The redirects the batch would have
            # made are looked up again.
            self.redirected, self.fresh = {}, False
            for pending in batch:
                kind = Kind.STORY
                try:
                    with transaction.atomic():
                        self._batch_write([pending])
                except Exception as error:
                    self.report.refuse(
                        kind, pending.post.source_id, pending.post.title[:80], _reason(error)
                    )
                    self.report.counts[kind]["created"] -= 1

    def _batch_write(self, batch: list["_Pending"]) -> None:
        by_parent: dict[int, list[_Pending]] = {}
        for pending in batch:
            by_parent.setdefault(pending.parent.pk, []).append(pending)
        for group in by_parent.values():
            section = SectionPage.objects.get(pk=group[0].parent.pk)
            articles_insert(
                section,
                [pending.page for pending in group],
                page_tags=[pending.tags for pending in group],
                reading_times=False,  # counted from the converted blocks (_batch_add)
            )
        pages = [pending.page for pending in batch]
        wanted: dict[str, Page] = {}
        for pending in batch:
            parts = pending.page.get_url_parts()
            new = Redirect.normalise_path(parts[2]) if parts else ""
            for path in pending.post.old_paths:
                old = Redirect.normalise_path(path)
                if old and old != "/" and len(old) <= 255 and old != new:
                    wanted[old] = pending.page
        self._redirects_bulk(wanted, route="", replace=True)
        for pending in batch:
            self._tag_redirects(pending.post, pending.locale)
        ImportedItem.objects.bulk_create(
            [
                ImportedItem(
                    source=self.source,
                    site=self.key,
                    kind=Kind.STORY,
                    source_id=pending.post.source_id[:200],
                    object_id=pending.page.pk,
                    checksum=pending.checksum,
                    links_pending=pending.links_pending,
                )
                for pending in batch
            ],
            update_conflicts=True,
            unique_fields=["source", "site", "kind", "source_id"],
            update_fields=["object_id", "checksum", "links_pending", "updated_at"],
        )
        for pending in batch:  # links to stories of this batch, now that they have ids
            if pending.links_pending:
                raw, still = self._links_swap(list(pending.page.body.raw_data))
                ArticlePage.objects.filter(pk=pending.page.pk).update(body=json.dumps(raw))
                if not still:
                    ImportedItem.objects.filter(
                        source=self.source,
                        site=self.key,
                        kind=Kind.STORY,
                        source_id=pending.post.source_id[:200],
                    ).update(links_pending=False)
        search_index_task.enqueue("newsroom.ArticlePage", [page.pk for page in pages])

    # The end --------------------------------------------------------------------------------

    def finish(self, *, complete: bool) -> None:
        """Links to stories imported after the story that names them, now that they are
        here; then every cached page is stale."""
        if self.progress and self._said != self.report.done:  # the last count, always
            self._progress_say(time.monotonic())
        if self.options.dry_run:
            return
        self.media_flush()
        self.batch_flush()
        self.finishing = True
        pending = ImportedItem.objects.filter(source=self.source, site=self.key, links_pending=True)
        for item in pending.iterator():
            with transaction.atomic():
                page = Page.objects.filter(pk=item.object_id).first()
                page = page.specific if page else None
                if page is not None and hasattr(page, "body"):
                    still = self._links_resolve(page)
                else:
                    still = False
                if not still or complete:
                    ImportedItem.objects.filter(pk=item.pk).update(links_pending=False)
        self._site_redirects()
        _statistics_refresh()
        pages_changed()

    def _site_redirects(self) -> None:
        """The old site's own addresses: its feed to the stories' feed and, where it lived
        under a path (example.org/news/), that path to the home page."""
        base = urlsplit(self.site).path.rstrip("/")
        feed = OLD_FEEDS.get(self.source, "/feed/")
        self._file_redirects([f"{base}{feed}"], reverse("feed_rss"))
        home = HomePage.objects.filter(locale=Locale.get_default()).first() if base else None
        if home is not None:  # looked up, not made: the run may have written no story there
            self._redirects_bulk({Redirect.normalise_path(base): home}, route="", replace=False)

    def _links_swap(self, raw: list) -> tuple[list, bool]:
        """The body's links to old addresses that now have their page, as page links; and
        whether some still wait for theirs."""
        still = False

        def swap(match: re.Match) -> str:
            nonlocal still
            kind, target = self.link_for(unescape(match.group(1)))
            if kind == "page":
                return f'<a linktype="page" id="{int(target)}">'
            still = still or kind == "pending"
            return match.group(0)

        for block in raw:
            if block["type"] == "paragraph":
                block["value"] = re.sub(r'<a href="([^"]+)">', swap, block["value"])
        return raw, still

    def _links_resolve(self, page: Any) -> bool:
        before = json.dumps(list(page.body.raw_data))
        raw, still = self._links_swap(json.loads(before))
        changed = json.dumps(raw) != before
        if changed and page.latest_revision_id is None:  # written in bulk: no revision yet
            type(page).objects.filter(pk=page.pk).update(body=json.dumps(raw))
        elif changed:
            page.body = json.dumps(raw)
            revision = page.save_revision(log_action=False)
            if page.live:
                published = (page.first_published_at, page.last_published_at)
                revision.publish(log_action=False)
                Page.objects.filter(pk=page.pk).update(
                    first_published_at=published[0], last_published_at=published[1]
                )
        return still


def _statistics_refresh() -> None:
    """PostgreSQL plans the site's queries (and a rerun's lookups) from counted rows: counted
    again now that an import wrote thousands, not when autovacuum gets to it."""
    if connection.vendor != "postgresql":
        return
    models = [ImportedItem, Page, ArticlePage, Redirect, MastheadImage, Tag, ArticleAuthor]
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _block_texts(blocks: list[dict]) -> list[str]:
    """The words of converted blocks, as a reader reads them (for the reading time)."""
    texts = []
    for block in blocks:
        value = block["value"]
        if isinstance(value, str):
            texts.append(_plain(value))
        elif block["type"] == "table":
            texts.extend(" ".join(row) for row in value["data"])
        elif block["type"] == "gallery":
            texts.extend(item["caption"] for item in value["images"])
        else:
            texts.extend(str(v) for v in value.values() if isinstance(v, str))
    return texts


def _shortened(text: str, *, words: int, chars: int) -> str:
    """At most so many words and characters, cut between words, with "…" where cut."""
    text = Truncator(text).words(words, truncate="…")
    if len(text) <= chars:
        return text
    return text[: chars - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"


def _first_words(blocks: list[dict]) -> str:
    """The story's first paragraph that reads as a summary: not a line that leads into a
    list or a quote ("Three things:"), not a few words; else its first paragraph."""
    texts = [_plain(b["value"]) for b in blocks if b["type"] == "paragraph"]
    texts = [text for text in texts if text]
    for text in texts:
        if not text.endswith(":") and len(text.split()) >= 8:
            return text
    return texts[0] if texts else ""


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    if hasattr(error, "message_dict"):
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return text[:500]
