"""Load the demo newsroom. Every step finds what an earlier run made, so it never duplicates."""

import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents.models import Document
from wagtail.models import Locale, Page, Site

from masthead.core.images import (
    ARTICLE_IMAGE_SPECS,
    PERSON_SPEC,
    SHARE_SPEC,
    rendition_specs,
    renditions_make,
)
from masthead.core.models import MastheadImage, NewsroomSettings
from masthead.demo import content, images, videos
from masthead.demo import live as demo_live
from masthead.demo import membership as membership_demo
from masthead.demo import newsletters as newsletters_demo
from masthead.demo.content import Story
from masthead.discovery.models import ArticleViewHour
from masthead.newsroom.bulk import articles_insert
from masthead.newsroom.models import (
    ArticleAuthor,
    ArticlePage,
    HomeFeatured,
    HomePage,
    NewsFeedPage,
    SectionPage,
    TagIndexPage,
    VideoIndexPage,
    VideoPage,
)
from masthead.people.models import AuthorIndexPage, AuthorPage
from masthead.staff import roles

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    group: str | None


# Demo passwords are printed by `masthead demo`; they exist only in a demo database.
DEMO_LOGINS = [
    DemoLogin("admin", "masthead-demo", "administrator", None),
    DemoLogin("editor", "masthead-editor", "editor", roles.EDITORS),
    DemoLogin("contributor", "masthead-contributor", "contributor", roles.CONTRIBUTORS),
    DemoLogin("membership", "masthead-membership", "membership manager", roles.MEMBERSHIP_MANAGERS),
]


def _quiet(step: str, done: int, total: int) -> None:
    pass


def demo_is_loaded() -> bool:
    return ArticlePage.objects.exists()


def demo_load(*, progress: Progress = _quiet, prepare_renditions: bool = True) -> list[str]:
    """Create the Zelenohirsk Courier: sections, people, images, stories, videos, users.

    Returns notes on what could not be made here (the videos' clips without ffmpeg)."""
    now = timezone.now()
    notes: list[str] = []
    with transaction.atomic():
        roles.roles_sync()
        users = _users_ensure()
        home = _home_ensure()
        structure = _structure_ensure(home=home)
        authors = _authors_ensure(index=structure["authors"], progress=progress)
        video_pages = demo_videos_ensure(
            index=structure["video"], now=now, progress=progress, notes=notes
        )
    articles = _articles_ensure(
        sections=structure["sections"],
        authors=authors,
        videos=video_pages,
        now=now,
        progress=progress,
    )
    with transaction.atomic():
        _extra_stories_ensure(sections=structure["sections"], authors=authors, users=users, now=now)
        _home_front_ensure(home=home, articles=articles)
    with transaction.atomic():
        _ukrainian_edition_ensure(
            home=home, structure=structure, authors=authors, english=articles, now=now
        )
        _views_seed(now=now)
    demo_live.demo_live_load(image=_image)
    membership_demo.demo_members_load(progress=progress)
    newsletters_demo.demo_newsletters_load(progress=progress)
    if prepare_renditions:
        _renditions_prepare(progress=progress)
    return notes


def _views_seed(*, now) -> None:
    """A day of readers, so "Most read" has something to show on a fresh demo: each edition's
    newest stories, read the less the older they are, hour by hour."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    rows = []
    for locale in Locale.objects.order_by("pk"):
        rng = random.Random(f"views:{locale.language_code}")
        stories = ArticlePage.objects.live().filter(locale=locale).order_by("-first_published_at")
        for rank, story in enumerate(stories[:12]):
            for hours_ago in range(0, 24, 2):
                when = hour - timedelta(hours=hours_ago)
                views = rng.randint(3, 40) * (12 - rank)
                rows.append(ArticleViewHour(article=story, hour=when, views=views))
    ArticleViewHour.objects.bulk_create(rows, ignore_conflicts=True)


def _renditions_prepare(*, progress: Progress) -> None:
    """Encode the renditions the demo's pages show first, up front (AVIF takes ~0.4 s at
    1200 px); the worker makes the others, as it does for every picture saved."""
    demo_images = list(MastheadImage.objects.order_by("pk"))
    for number, image in enumerate(demo_images, 1):
        shapes: tuple[str, ...]
        if image.title.startswith("Portrait"):
            shapes, also = ("square",), [PERSON_SPEC]
        else:
            shapes, also = ("wide", "card"), ARTICLE_IMAGE_SPECS
        specs = [spec for shape in shapes for spec in rendition_specs(shape)]
        renditions_make(image=image, specs=[*specs, SHARE_SPEC, *also])
        progress("image renditions", number, len(demo_images))


def _users_ensure() -> dict:
    User = get_user_model()
    users = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User.objects.create_user(
                username=login.username,
                password=login.password,
                email=f"{login.username}@courier.example",
                first_name=login.role.capitalize(),
                is_staff=login.group is None,
                is_superuser=login.group is None,
            )
        if login.group:
            user.groups.add(Group.objects.get(name=login.group))
        users[login.username] = user
    return users


def _home_ensure() -> HomePage:
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
    base = urlsplit(settings.BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    site.hostname = base.hostname or "localhost"
    site.port = base.port or (443 if base.scheme == "https" else 80)
    site.site_name = content.NEWSROOM["name"]
    site.save()
    newsroom = NewsroomSettings.for_site(site)
    for field in ("tagline", "description", "x_handle", "footer_text"):
        setattr(newsroom, field, content.NEWSROOM[field])
    newsroom.save()
    Locale.objects.get_or_create(language_code="uk")
    return home


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The child page with this slug, created (and published) the first time."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _structure_ensure(*, home: HomePage) -> dict:
    sections = {
        slug: _child(home, SectionPage, slug, title=title, intro=intro, show_in_menus=True)
        for slug, title, intro in content.SECTIONS
    }
    return {
        "sections": sections,
        "news_feed": _child(
            home,
            NewsFeedPage,
            "news-feed",
            title="News Feed",
            intro="Every story we publish, newest first.",
            show_in_menus=True,
        ),
        "video": _child(
            home,
            VideoIndexPage,
            "video",
            title="Video",
            intro="Reports filmed by the Courier's photo desk.",
            show_in_menus=True,
        ),
        "authors": _child(
            home,
            AuthorIndexPage,
            "authors",
            title="Our journalists",
            intro="The people who report, edit and photograph the Courier.",
            show_in_menus=True,
        ),
        "tags": _child(home, TagIndexPage, "tags", title="Topics"),
    }


def _image(
    title: str, data: Callable[[], bytes], *, alt: str, caption="", credit=""
) -> MastheadImage:
    image = MastheadImage.objects.filter(title=title).first()
    if image is None:
        image = MastheadImage(title=title, description=alt, caption=caption, credit=credit)
        image.file = ImageFile(io.BytesIO(data()), name=f"{slugify(title)[:60] or 'image'}.jpg")
        image.save()
    return image


def _authors_ensure(*, index: AuthorIndexPage, progress: Progress) -> dict[str, AuthorPage]:
    authors = {}
    total = len(content.AUTHORS)
    for number, (slug, (name, role, bio, links)) in enumerate(content.AUTHORS.items(), 1):
        avatar = _image(
            f"Portrait: {name}", partial(images.portrait, name), alt=f"Portrait of {name}"
        )
        authors[slug] = _child(
            index,
            AuthorPage,
            slug,
            title=name,
            role=role,
            bio=bio,
            avatar=avatar,
            links=json.dumps(
                [{"type": "link", "value": {"label": label, "url": url}} for label, url in links]
            ),
        )
        progress("authors", number, total)
    return authors


def demo_videos_ensure(
    *, index: VideoIndexPage, now, progress: Progress = _quiet, notes: list[str]
) -> list[VideoPage]:
    """The demo's videos under `index`, each with its clip and captions when ffmpeg can
    make them (else a note in `notes`)."""
    pages = []
    for number, entry in enumerate(content.VIDEOS, 1):
        poster = _image(
            f"Video poster: {entry.title}",
            partial(images.video_poster, entry.title),
            alt=f"Still from the video “{entry.title}”",
            credit=content.PHOTOGRAPHERS[0],
        )
        slug = slugify(entry.title)
        video = index.get_children().filter(slug=slug).specific().first()
        # A video made by an earlier run without ffmpeg gets its clip now.
        media = {} if video and video.video_file_id else _video_media(entry, notes=notes)
        if video is None:
            video = _child(
                index,
                VideoPage,
                slug,
                title=entry.title,
                summary=entry.summary,
                poster=poster,
                **media,
            )
        elif media:
            for field, value in media.items():
                setattr(video, field, value)
            video.save_revision().publish()
        _backdate(video, now - timedelta(hours=10 + 40 * number))
        pages.append(video)
        progress("videos", number, len(content.VIDEOS))
    return pages


def _video_media(entry: content.Video, *, notes: list[str]) -> dict:
    """The clip and its captions as documents, with the clip's size and length; nothing
    (and a note saying why, once) when ffmpeg cannot make it."""
    slug = slugify(entry.title)

    def document(title: str, filename: str, data: Callable[[], bytes]) -> Document:
        found = Document.objects.filter(title=title).first()
        if found is None:
            found = Document(title=title)
            found.file.save(filename, ContentFile(data()), save=False)
            found._set_document_file_metadata()
            found.save()
        return found

    try:
        clip = document(
            f"Video: {entry.title}",
            f"{slug}.mp4",
            lambda: videos.clip_mp4(title=entry.title, seconds=entry.seconds),
        )
    except videos.ClipUnavailable as exc:
        note = f"The videos have no clip: {exc}."
        if note not in notes:
            notes.append(note)
        return {}
    cues = [videos.Cue(start, end, text) for start, end, text in entry.captions]
    captions = document(
        f"Captions: {entry.title}", f"{slug}.vtt", lambda: videos.captions_vtt(cues)
    )
    width, height = videos.SIZE
    return {
        "video_file": clip,
        "captions": captions,
        "width": width,
        "height": height,
        "duration": timedelta(seconds=entry.seconds),
    }


def _backdate(page: Page, when) -> None:
    type(page).objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    page.first_published_at = page.last_published_at = when


def _body(paragraphs: list[str], quote, middle: list[dict], end: list[dict]) -> str:
    """Paragraphs and headings, the quote after the second paragraph, `middle` after the
    third block, `end` last."""
    blocks: list[dict] = []
    for text in paragraphs:
        if text.startswith("## "):
            blocks.append({"type": "heading", "value": text[3:]})
            continue
        blocks.append({"type": "paragraph", "value": f"<p>{text}</p>"})
        if quote and sum(block["type"] == "paragraph" for block in blocks) == 2:
            said, who = quote
            blocks.append(
                {
                    "type": "quote",
                    "value": {"quote": said, "attribution": who or "", "pull": who is None},
                }
            )
    return json.dumps(blocks[:3] + middle + blocks[3:] + end)


def _slug(story: Story) -> str:
    return slugify(story.headline)[:80]


def _article_build(story: Story, *, authors, lead_image, middle=(), end=()) -> ArticlePage:
    page = ArticlePage(
        title=story.headline,
        slug=_slug(story),
        standfirst=story.standfirst,
        lead_image=lead_image,
        body=_body(story.paragraphs, story.quote, list(middle), list(end)),
    )
    page.authors = [ArticleAuthor(author=authors[slug]) for slug in story.authors]
    page.tags.add(*story.tags)
    return page


def _articles_ensure(
    *, sections, authors, videos, now, progress: Progress
) -> dict[str, ArticlePage]:
    """The 40 stories, oldest first so each can point to earlier ones on the same topic."""
    made: dict[str, ArticlePage] = {}
    by_tag: dict[str, ArticlePage] = {}
    ordered = sorted(content.ARTICLES, key=lambda story: -story.hours_ago)
    for number, story in enumerate(ordered, 1):
        parent = sections[story.section]
        existing = parent.get_children().filter(slug=_slug(story)).specific().first()
        if existing is None:
            with transaction.atomic():
                existing = _article_create(
                    story,
                    parent=parent,
                    authors=authors,
                    videos=videos,
                    by_tag=by_tag,
                    when=now - timedelta(hours=story.hours_ago),
                    number=number,
                )
        made[_slug(story)] = existing
        for tag in story.tags:
            by_tag[tag] = existing
        progress("articles", number, len(ordered))
    return made


def _article_create(story: Story, *, parent, authors, videos, by_tag, when, number) -> ArticlePage:
    lead = _image(
        story.headline,
        lambda: images.story_picture(story.headline, label=parent.title),
        alt=f"Illustration for the story: {story.headline}",
        caption=story.standfirst.split(".")[0] + ".",
        credit=content.PHOTOGRAPHERS[number % len(content.PHOTOGRAPHERS)],
    )
    middle: list[dict] = []
    end: list[dict] = []
    # Earlier stories on the same topics: the first as an inline link, another as a card.
    earlier = list({by_tag[tag].pk: by_tag[tag] for tag in story.tags if tag in by_tag}.values())
    if earlier:
        link = f'<a linktype="page" id="{earlier[0].pk}">{earlier[0].title}</a>'
        end.append({"type": "paragraph", "value": f"<p>Background: {link}.</p>"})
    if len(earlier) > 1:
        end.append(
            {"type": "related_story", "value": {"article": earlier[1].pk, "label": "Read also"}}
        )
    if "flood" in story.tags and videos:
        middle.append({"type": "video", "value": {"video": videos[0].pk}})
    if story.section == "city" and "tram" in story.tags:
        middle.append(
            {
                "type": "fact_box",
                "value": {
                    "title": "Tram line 4 extension in numbers",
                    "body": "<ul><li>3.8 km of new track</li><li>6 new stops</li>"
                    "<li>19 minutes from Sadovyi to the central market</li>"
                    "<li>612 million hryvnias</li></ul>",
                },
            }
        )
    page = _article_build(story, authors=authors, lead_image=lead, middle=middle, end=end)
    # Every seventh story is for members, so the demo shows the join prompt.
    page.members_only = number % 7 == 3
    parent.add_child(instance=page)
    page.save_revision().publish()
    _backdate(page, when)
    return page


def _extra_stories_ensure(*, sections, authors, users, now) -> None:
    """One story scheduled for tomorrow morning, one draft a contributor sent for review."""
    story = content.SCHEDULED
    parent = sections[story.section]
    if not parent.get_children().filter(slug=_slug(story)).exists():
        page = _article_build(story, authors=authors, lead_image=None)
        page.live = False
        page.go_live_at = (now + timedelta(days=1)).replace(
            hour=7, minute=0, second=0, microsecond=0
        )
        parent.add_child(instance=page)
        page.save_revision(user=users["editor"]).publish(user=users["editor"])

    story = content.IN_REVIEW
    parent = sections[story.section]
    if not parent.get_children().filter(slug=_slug(story)).exists():
        page = _article_build(story, authors=authors, lead_image=None)
        page.live = False
        page.owner = users["contributor"]
        parent.add_child(instance=page)
        page.save_revision(user=users["contributor"])
        page.get_workflow().start(page, users["contributor"])


def _home_front_ensure(*, home: HomePage, articles: dict[str, ArticlePage]) -> None:
    if home.top_story_id or home.featured.exists():
        return
    top = articles.get(_slug(content.ARTICLES[0]))
    picks = [_slug(content.ARTICLES[i]) for i in (8, 16, 32, 1)]
    home.top_story = top
    home.featured = [HomeFeatured(article=articles[slug]) for slug in picks if slug in articles]
    home.save_revision().publish()


def _translation(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation, made (and published) the first time with these fields."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def _ukrainian_edition_ensure(*, home, structure, authors, english, now) -> None:
    """The Ukrainian edition under /uk/: the home page, three sections, the News Feed, the
    journalists and topics pages, three journalists, and six stories of its own (the first a
    translation of an English one, so the two name each other)."""
    locale = Locale.objects.get(language_code="uk")
    edition = content.UK_EDITION
    home_uk = _translation(home, locale, title=edition["home"])
    pages = {}
    for key, (title, intro) in edition["pages"].items():
        source = structure["sections"].get(key) or structure[key]
        pages[key] = _translation(source, locale, title=title, intro=intro)
    writers = {
        slug: _translation(authors[slug], locale, title=name, role=role, bio=bio)
        for slug, (name, role, bio) in edition["authors"].items()
    }
    made = []
    for number, (slug, story, source) in enumerate(content.UK_ARTICLES):
        parent = pages[story.section]
        page = parent.get_children().filter(slug=slug).specific().first()
        if page is None:
            # Its own picture even for a translation: the alt text is in the page's language.
            lead = _image(
                f"Ілюстрація: {story.headline}",
                partial(images.story_picture, "", label="", seed=slug),
                alt=f"Ілюстрація до матеріалу «{story.headline}»",
                caption=story.standfirst.split(".")[0] + ".",
                credit=edition["photographers"][number % len(edition["photographers"])],
            )
            page = _article_build(story, authors=writers, lead_image=lead)
            page.slug, page.locale = slug, locale
            if source:
                page.translation_key = english[_slug(source)].translation_key
            parent.add_child(instance=page)
            page.save_revision().publish()
            _backdate(page, now - timedelta(hours=story.hours_ago))
        made.append(page)
    home_uk = HomePage.objects.get(pk=home_uk.pk)  # its sections since added: numchild
    if home_uk.top_story is None or home_uk.top_story.locale_id != locale.pk:
        home_uk.top_story = made[0]
        home_uk.featured = [HomeFeatured(article=page) for page in made[1:5]]
        home_uk.save_revision().publish()


def demo_articles_generate(*, count: int, progress: Progress = _quiet) -> int:
    """Make sure `count` synthetic stories exist (for benchmarks); returns how many were added."""
    english = Locale.get_default()
    sections = list(SectionPage.objects.live().filter(locale=english).order_by("path"))
    authors = list(AuthorPage.objects.live().filter(locale=english).order_by("path"))
    if not sections or not authors:
        raise ValueError("Load the demo newsroom first: sections and authors are needed.")
    existing = set(
        ArticlePage.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
    )
    sentences = [
        sentence.strip().rstrip(".") + "."
        for story in content.ARTICLES
        for paragraph in story.paragraphs
        if not paragraph.startswith("## ")
        for sentence in paragraph.split(". ")
        if sentence.strip()
    ]
    images_pool = list(MastheadImage.objects.exclude(title__startswith="Portrait")[:20])
    now = timezone.now()
    added = 0
    todo = [n for n in range(1, count + 1) if f"synthetic-{n:06d}" not in existing]
    # Written in bulk, a thousand at a time: one story at a time made PostgreSQL seed at
    # 12 a second.
    for start in range(0, len(todo), 1000):
        batches: dict[int, list[ArticlePage]] = {}
        for number in todo[start : start + 1000]:
            rng = random.Random(number)
            paragraphs = [" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(3, 8))]
            page = ArticlePage(
                title=f"Synthetic story {number}: {rng.choice(sentences)[:60].rstrip('.')}",
                slug=f"synthetic-{number:06d}",
                standfirst=rng.choice(sentences),
                lead_image=rng.choice(images_pool) if images_pool else None,
                body=json.dumps(
                    [{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs]
                ),
                first_published_at=now - timedelta(hours=300 + number),
            )
            page.authors = [ArticleAuthor(author=rng.choice(authors))]
            batches.setdefault(number % len(sections), []).append(page)
        for index, pages in batches.items():
            articles_insert(sections[index], pages)
            added += len(pages)
        progress("synthetic articles", count - len(todo) + added, count)
    return added
