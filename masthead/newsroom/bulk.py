"""Published stories written in bulk, for archives of a hundred thousand (benchmarks, tests).

Rows go straight to the tables: a few statements per batch instead of a dozen per story. No
signals are sent and no revisions or search entries are made (run `update_index` after);
the page cache is not told either. Each story's bylines are read from `page.authors`, set in
memory as an editor's form would (`page.authors = [ArticleAuthor(author=...)]`).
"""

import uuid
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from taggit.models import Tag
from wagtail.models import Page

from masthead.newsroom.models import ArticleAuthor, ArticlePage, ArticleTag, SectionPage


def articles_insert(
    section: SectionPage,
    pages: Sequence[ArticlePage],
    *,
    tags=(),
    page_tags: Sequence[Sequence[Tag]] | None = None,
    reading_times: bool = True,
) -> None:
    """Add `pages` (unsaved, with title, slug, first_published_at and their own fields) under
    `section` as live stories, after its existing children, all tagged with `tags`, and each
    with its own `page_tags` (saved tags, in the order of `pages`) when given. `reading_times`
    False: the pages' `read_minutes` are set already (reading a body's blocks back costs a
    query for its pictures)."""
    if not pages:
        return
    kind = ContentType.objects.get_for_model(ArticlePage)
    page_fields = {field.attname for field in Page._meta.concrete_fields} - {"id"}
    own_fields = list(ArticlePage._meta.local_concrete_fields)
    with transaction.atomic():
        last = section.get_last_child()
        first = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        for position, page in enumerate(pages, start=first):
            page.path = Page._get_path(section.path, section.depth + 1, position)
            page.depth = section.depth + 1
            page.url_path = f"{section.url_path}{page.slug}/"
            page.locale_id = section.locale_id
            page.translation_key = page.translation_key or uuid.uuid4()
            page.content_type = kind
            page.live, page.has_unpublished_changes = True, False
            page.draft_title = page.title
            page.last_published_at = page.last_published_at or page.first_published_at
            # The admin's "Updated" column and its default order read this.
            page.latest_revision_created_at = page.last_published_at
            if reading_times:
                page.reading_time_set()
        rows = Page.objects.bulk_create(
            Page(**{name: getattr(page, name) for name in page_fields}) for page in pages
        )
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
        # Django refuses bulk_create for a child model: insert the child rows themselves.
        ArticlePage._base_manager._insert(pages, fields=own_fields)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(page_id=page.pk, author_id=byline.author_id, sort_order=order)
            for page in pages
            for order, byline in enumerate(page.authors.all())
        )
        own = page_tags or [()] * len(pages)
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=page.pk, tag=tag)
            for page, extra in zip(pages, own, strict=True)
            for tag in dict.fromkeys([*tags, *extra])
        )
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(pages))
    section.refresh_from_db()
