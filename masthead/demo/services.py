"""Load the demo newsroom. Every step finds what an earlier run made, so it never duplicates."""

import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from masthead.core import roles
from masthead.core.models import MastheadImage, NewsroomSettings
from masthead.demo import content, images
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


def demo_load(*, progress: Progress = _quiet) -> None:
    """Create the Zelenohirsk Courier: sections, people, images, stories, videos, users."""
    now = timezone.now()
    with transaction.atomic():
        roles.roles_sync()
        users = _users_ensure()
        home = _home_ensure()
        structure = _structure_ensure(home=home)
        authors = _authors_ensure(index=structure["authors"], progress=progress)
        videos = _videos_ensure(index=structure["video"], now=now, progress=progress)
    articles = _articles_ensure(
        sections=structure["sections"], authors=authors, videos=videos, now=now, progress=progress
    )
    with transaction.atomic():
        _extra_stories_ensure(
            sections=structure["sections"], authors=authors, users=users, now=now
        )
        _home_front_ensure(home=home, articles=articles)


def _users_ensure() -> dict[str, object]:
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


def _image(title: str, data: Callable[[], bytes], *, alt: str, caption="", credit="") -> MastheadImage:
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
            f"Portrait: {name}", lambda name=name: images.portrait(name), alt=f"Portrait of {name}"
        )
        authors[slug] = _child(
            index,
            AuthorPage,
            slug,
            title=name,
            role=role,
            bio=bio,
            avatar=avatar,
            links=json.dumps([{"type": "link", "value": {"label": label, "url": url}} for label, url in links]),
        )
        progress("authors", number, total)
    return authors


def _videos_ensure(*, index: VideoIndexPage, now, progress: Progress) -> list[VideoPage]:
    videos = []
    for number, (title, summary, seconds) in enumerate(content.VIDEOS, 1):
        poster = _image(
            f"Video poster: {title}",
            lambda title=title: images.video_poster(title),
            alt=f"Still from the video “{title}”",
            credit=content.PHOTOGRAPHERS[0],
        )
        video = _child(
            index,
            VideoPage,
            slugify(title),
            title=title,
            summary=summary,
            poster=poster,
            duration=timedelta(seconds=seconds),
        )
        _backdate(video, now - timedelta(hours=10 + 40 * number))
        videos.append(video)
        progress("videos", number, len(content.VIDEOS))
    return videos


def _backdate(page: Page, when) -> None:
    type(page).objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    page.first_published_at = page.last_published_at = when


def _body(paragraphs: list[str], quote, extra: list[dict]) -> str:
    blocks = []
    for text in paragraphs:
        if text.startswith("## "):
            blocks.append({"type": "heading", "value": text[3:]})
        else:
            blocks.append({"type": "paragraph", "value": f"<p>{text}</p>"})
        if quote and len(blocks) == 2:
            said, who = quote
            blocks.append(
                {"type": "quote", "value": {"quote": said, "attribution": who or "", "pull": who is None}}
            )
    return json.dumps(blocks[:3] + extra + blocks[3:])


def _article_build(spec, *, authors, lead_image, extra=()) -> ArticlePage:
    section, headline, standfirst, paragraphs, quote, tags, author_slugs, _hours = spec
    page = ArticlePage(
        title=headline,
        slug=slugify(headline)[:80],
        standfirst=standfirst,
        lead_image=lead_image,
        body=_body(paragraphs, quote, list(extra)),
    )
    page.authors = [ArticleAuthor(author=authors[slug]) for slug in author_slugs]
    page.tags.add(*tags)
    return page


def _articles_ensure(*, sections, authors, videos, now, progress: Progress) -> dict[str, ArticlePage]:
    """The 40 stories, oldest first so each can point to earlier ones on the same topic."""
    made: dict[str, ArticlePage] = {}
    by_tag: dict[str, ArticlePage] = {}
    ordered = sorted(content.ARTICLES, key=lambda spec: -spec[7])
    for number, spec in enumerate(ordered, 1):
        section_slug, headline, _standfirst, _p, _q, tags, _a, hours = spec
        slug = slugify(headline)[:80]
        parent = sections[section_slug]
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is None:
            with transaction.atomic():
                existing = _article_create(
                    spec, parent=parent, authors=authors, videos=videos, by_tag=by_tag,
                    when=now - timedelta(hours=hours), number=number,
                )
        made[slug] = existing
        for tag in tags:
            by_tag[tag] = existing
        progress("articles", number, len(ordered))
    return made


def _article_create(spec, *, parent, authors, videos, by_tag, when, number) -> ArticlePage:
    headline = spec[1]
    lead = _image(
        headline,
        lambda: images.story_picture(headline, label=parent.title),
        alt=f"Illustration for the story: {headline}",
        caption=spec[2].split(".")[0] + ".",
        credit=content.PHOTOGRAPHERS[number % len(content.PHOTOGRAPHERS)],
    )
    extra = []
    earlier = next((by_tag[tag] for tag in spec[5] if tag in by_tag), None)
    if earlier is not None:
        extra.append(
            {
                "type": "paragraph",
                "value": f'<p>Background: <a linktype="page" id="{earlier.pk}">{earlier.title}</a>.</p>',
            }
        )
        extra.append({"type": "related_story", "value": {"article": earlier.pk, "label": "Read also"}})
    if "flood" in spec[5] and videos:
        extra.append({"type": "video", "value": {"video": videos[0].pk}})
    if spec[0] == "city" and "tram" in spec[5]:
        extra.append(
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
    page = _article_build(spec, authors=authors, lead_image=lead, extra=extra)
    parent.add_child(instance=page)
    page.save_revision().publish()
    _backdate(page, when)
    return page


def _extra_stories_ensure(*, sections, authors, users, now) -> None:
    """One story scheduled for tomorrow morning, one draft a contributor sent for review."""
    section, headline, standfirst, paragraphs, tags, author_slugs = content.SCHEDULED
    parent = sections[section]
    if not parent.get_children().filter(slug=slugify(headline)[:80]).exists():
        spec = (section, headline, standfirst, paragraphs, None, tags, author_slugs, 0)
        page = _article_build(spec, authors=authors, lead_image=None)
        page.live = False
        page.go_live_at = (now + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
        parent.add_child(instance=page)
        page.save_revision(user=users["editor"]).publish(user=users["editor"])

    section, headline, standfirst, paragraphs, tags, author_slugs = content.IN_REVIEW
    parent = sections[section]
    if not parent.get_children().filter(slug=slugify(headline)[:80]).exists():
        spec = (section, headline, standfirst, paragraphs, None, tags, author_slugs, 0)
        page = _article_build(spec, authors=authors, lead_image=None)
        page.live = False
        page.owner = users["contributor"]
        parent.add_child(instance=page)
        page.save_revision(user=users["contributor"])
        page.get_workflow().start(page, users["contributor"])


def _home_front_ensure(*, home: HomePage, articles: dict[str, ArticlePage]) -> None:
    if home.top_story_id or home.featured.exists():
        return
    top = articles.get(slugify(content.ARTICLES[0][1])[:80])
    picks = [slugify(content.ARTICLES[i][1])[:80] for i in (8, 16, 32, 1)]
    home.top_story = top
    home.featured = [HomeFeatured(article=articles[slug]) for slug in picks if slug in articles]
    home.save_revision().publish()


def demo_articles_generate(*, count: int, progress: Progress = _quiet) -> int:
    """Make sure `count` synthetic stories exist (for benchmarks); returns how many were added."""
    sections = list(SectionPage.objects.live().order_by("path"))
    authors = list(AuthorPage.objects.live().order_by("path"))
    if not sections or not authors:
        raise ValueError("Load the demo newsroom first: sections and authors are needed.")
    existing = set(
        ArticlePage.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
    )
    sentences = [
        sentence.strip() + "."
        for spec in content.ARTICLES
        for paragraph in spec[3]
        if not paragraph.startswith("## ")
        for sentence in paragraph.split(". ")
        if sentence.strip()
    ]
    images_pool = list(MastheadImage.objects.exclude(title__startswith="Portrait")[:20])
    now = timezone.now()
    added = 0
    for number in range(1, count + 1):
        slug = f"synthetic-{number:06d}"
        if slug not in existing:
            rng = random.Random(number)
            paragraphs = [" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(3, 8))]
            page = ArticlePage(
                title=f"Synthetic story {number}: {rng.choice(sentences)[:60].rstrip('.')}",
                slug=slug,
                standfirst=rng.choice(sentences),
                lead_image=rng.choice(images_pool) if images_pool else None,
                body=json.dumps([{"type": "paragraph", "value": f"<p>{p}</p>"} for p in paragraphs]),
                first_published_at=now - timedelta(hours=300 + number),
                last_published_at=now - timedelta(hours=300 + number),
            )
            page.authors = [ArticleAuthor(author=rng.choice(authors))]
            with transaction.atomic():
                sections[number % len(sections)].add_child(instance=page)
            added += 1
        progress("synthetic articles", number, count)
    return added
