"""Small builders for tests: each makes one thing with sensible defaults."""

import io
import json
from datetime import timedelta
from itertools import count

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image
from wagtail.documents.models import Document
from wagtail.models import Page

from masthead.core.models import MastheadImage
from masthead.newsroom.bulk import articles_insert
from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    HomePage,
    NewsFeedPage,
    SectionPage,
    TagIndexPage,
    VideoIndexPage,
    VideoPage,
)
from masthead.people.models import AuthorIndexPage, AuthorPage

_numbers = count(1)


def image_make(
    *, title="A picture", caption="", credit="", credit_kind="photo", alt="", size=(64, 36)
) -> MastheadImage:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, "JPEG")
    image = MastheadImage(
        title=title, caption=caption, credit=credit, credit_kind=credit_kind, description=alt
    )
    image.file = ImageFile(buffer, name=f"test-{next(_numbers)}.jpg")
    image.save()
    return image


def document_make(*, filename: str, data: bytes, title: str = "A document") -> Document:
    document = Document(title=title)
    document.file.save(filename, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


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
    start = timezone.now() - timedelta(hours=hours_ago)
    for batch_start in range(0, number, 500):
        pages = []
        for position in range(batch_start, min(number, batch_start + 500)):
            slug = f"archive-{next(_numbers)}"
            page = ArticlePage(
                title=f"Archive story {slug}",
                slug=slug,
                first_published_at=start - timedelta(minutes=position),
                standfirst="From the archive.",
                body=json.dumps([{"type": "paragraph", "value": "<p>Archived.</p>"}]),
                lead_image=lead_image,
            )
            page.authors = [ArticleAuthor(author=author) for author in authors]
            pages.append(page)
        articles_insert(section, pages, tags=tags)
