"""Small builders for tests: each makes one thing with sensible defaults."""

import io
import json
import uuid
from datetime import timedelta
from itertools import count

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from PIL import Image
from wagtail.models import Page

from masthead.core.models import MastheadImage
from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    HomePage,
    NewsFeedPage,
    SectionPage,
    TagIndexPage,
    VideoIndexPage,
    VideoPage,
)
from masthead.people.models import AuthorIndexPage, AuthorPage

_numbers = count(1)


def image_make(*, title="A picture", caption="", credit="", alt="", size=(64, 36)) -> MastheadImage:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    image = MastheadImage(title=title, caption=caption, credit=credit, description=alt)
    image.file = ImageFile(buffer, name=f"test-{next(_numbers)}.jpg")
    image.save()
    return image


def publish(page: Page, *, parent: Page, hours_ago: float | None = None) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    if hours_ago is not None:
        when = timezone.now() - timedelta(hours=hours_ago)
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when
        )
        page.refresh_from_db()
    return page


def newsroom_make() -> dict:
    home = HomePage.objects.get(depth=2)
    news = publish(SectionPage(title="News", slug="news", show_in_menus=True), parent=home)
    city = publish(SectionPage(title="City", slug="city", show_in_menus=True), parent=home)
    feed = publish(
        NewsFeedPage(title="News Feed", slug="news-feed", show_in_menus=True), parent=home
    )
    videos = publish(VideoIndexPage(title="Video", slug="video"), parent=home)
    tags = publish(TagIndexPage(title="Topics", slug="tags"), parent=home)
    people = publish(AuthorIndexPage(title="Authors", slug="authors"), parent=home)
    return {
        "home": home,
        "news": news,
        "city": city,
        "feed": feed,
        "videos": videos,
        "tags": tags,
        "authors": people,
        "author": author_make(index=people, name="Daria Test", role="News Editor"),
    }


def author_make(
    *, index: AuthorIndexPage, name: str, role="Reporter", bio="Writes things."
) -> AuthorPage:
    slug = name.lower().replace(" ", "-")
    return publish(
        AuthorPage(title=name, slug=slug, role=role, bio=bio, avatar=image_make(title=name)),
        parent=index,
    )


def article_make(
    *,
    section: SectionPage,
    title: str | None = None,
    authors: list[AuthorPage] = (),
    hours_ago: float = 1,
    text: str = "A paragraph of the story.",
    tags: list[str] = (),
    lead_image: MastheadImage | None = None,
    live: bool = True,
    **fields,
) -> ArticlePage:
    number = next(_numbers)
    page = ArticlePage(
        title=title or f"Story number {number}",
        slug=f"story-{number}",
        standfirst=fields.pop("standfirst", "What the story is about."),
        body=json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}]),
        lead_image=lead_image,
        **fields,
    )
    page.authors = [ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)]
    page.tags.add(*tags)
    if not live:
        page.live = False
        section.add_child(instance=page)
        page.save_revision()
        return page
    return publish(page, parent=section, hours_ago=hours_ago)


def video_make(*, index: VideoIndexPage, title="A video", hours_ago=1, **fields) -> VideoPage:
    number = next(_numbers)
    return publish(
        VideoPage(title=title, slug=f"video-{number}", summary="What you will see.", **fields),
        parent=index,
        hours_ago=hours_ago,
    )


def articles_bulk(
    *,
    section: SectionPage,
    number: int,
    authors: list[AuthorPage] = (),
    tags: list = (),
    lead_image: MastheadImage | None = None,
    hours_ago: float = 2,
) -> None:
    """`number` published stories under `section`, written in bulk (no signals, no search
    index): an archive of ten thousand in a few seconds, for tests of what does not grow."""
    kind = ContentType.objects.get_for_model(ArticlePage)
    start = timezone.now() - timedelta(hours=hours_ago)
    first = section.numchild + 1
    fields = [field for field in ArticlePage._meta.local_concrete_fields]
    for batch_start in range(0, number, 500):
        rows = []
        for position in range(batch_start, min(number, batch_start + 500)):
            slug = f"archive-{next(_numbers)}"
            when = start - timedelta(minutes=position)
            rows.append(
                Page(
                    title=f"Archive story {slug}",
                    draft_title=f"Archive story {slug}",
                    slug=slug,
                    content_type=kind,
                    live=True,
                    path=Page._get_path(section.path, section.depth + 1, first + position),
                    depth=section.depth + 1,
                    url_path=f"{section.url_path}{slug}/",
                    locale_id=section.locale_id,
                    translation_key=uuid.uuid4(),
                    first_published_at=when,
                    last_published_at=when,
                )
            )
        Page.objects.bulk_create(rows)
        articles = [
            ArticlePage(
                page_ptr_id=row.pk,
                standfirst="From the archive.",
                body=json.dumps([{"type": "paragraph", "value": "<p>Archived.</p>"}]),
                lead_image=lead_image,
                read_minutes=1,
            )
            for row in rows
        ]
        # Django refuses bulk_create for a child model: insert the child rows themselves.
        ArticlePage._base_manager._insert(articles, fields=fields)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(page_id=row.pk, author=author, sort_order=order)
            for row in rows
            for order, author in enumerate(authors)
        )
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=row.pk, tag=tag) for row in rows for tag in tags
        )
    Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + number)
    section.refresh_from_db()
