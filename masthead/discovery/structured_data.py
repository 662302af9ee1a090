"""JSON-LD for search engines: what each page is, in schema.org terms. Apps above add their
own page types' with `page_type_register` (live coverage's LiveBlogPosting)."""

import json
from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from masthead.core.images import ARTICLE_IMAGE_SPECS, LOGO_SPEC, PERSON_SPEC, picture_url
from masthead.core.models import MastheadImage, NewsroomSettings
from masthead.core.sites import site_for_request
from masthead.newsroom.models import ArticlePage, HomePage, VideoPage
from masthead.newsroom.queries import bylines
from masthead.people.models import AuthorPage

MEMBERS_ONLY_CLASS = "article__body--members"


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url.startswith("/") else url


def image_urls(
    image: MastheadImage | None, *, request: HttpRequest, specs=ARTICLE_IMAGE_SPECS
) -> list[str]:
    if image is None:
        return []
    # Each in its crop once the worker has made it; the picture's own file until then.
    urls = dict.fromkeys(picture_url(image, spec) for spec in specs)
    return [_absolute(request, url) for url in urls]


def publisher(*, site: Site, request: HttpRequest) -> dict:
    newsroom = NewsroomSettings.for_request(request)  # cached on the request
    organization = {
        "@type": "NewsMediaOrganization",
        "name": site.site_name or "Masthead",
        "url": site.root_page.localized.full_url,
    }
    logo = image_urls(newsroom.logo, request=request, specs=[LOGO_SPEC])
    if logo:
        organization["logo"] = {"@type": "ImageObject", "url": logo[0]}
    return organization


def person(author: AuthorPage, *, request: HttpRequest) -> dict:
    data = {"@type": "Person", "name": author.title, "url": author.full_url}
    if author.role:
        data["jobTitle"] = author.role
    if author.avatar:
        data["image"] = image_urls(author.avatar, request=request, specs=[PERSON_SPEC])[0]
    same_as = [link.value["url"] for link in author.links if link.value["url"].startswith("http")]
    if same_as:
        data["sameAs"] = same_as
    return data


def breadcrumbs(page: Page) -> dict:
    trail = [ancestor for ancestor in page.get_ancestors(inclusive=True) if ancestor.depth > 1]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.title, "item": crumb.full_url}
            for position, crumb in enumerate(trail, 1)
        ],
    }


def news_article(article: ArticlePage, *, request: HttpRequest, site: Site, authors=None) -> dict:
    data = {
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst,
        "author": [
            person(author, request=request)
            for author in (bylines(article=article) if authors is None else authors)
        ],
        "publisher": publisher(site=site, request=request),
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.full_url},
        "isAccessibleForFree": not article.members_only,
        "inLanguage": article.locale.language_code,
    }
    # A draft shown in preview has no dates yet.
    if article.first_published_at:
        data["datePublished"] = article.first_published_at.isoformat()
    if modified := article.updated_at or article.last_published_at:
        data["dateModified"] = modified.isoformat()
    if article.members_only:
        # Google's markup for paywalled content: the part readers must join to see.
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": f".{MEMBERS_ONLY_CLASS}",
        }
    images = image_urls(article.lead_image, request=request)
    if images:
        data["image"] = images
    if article.section:
        data["articleSection"] = article.section.title
    keywords = [tag.name for tag in article.tag_list]
    if keywords:
        data["keywords"] = keywords
    return data


def iso_duration(value: timedelta) -> str:
    """ISO 8601, as schema.org asks: PT45S, PT3M14S, PT1H0M5S."""
    minutes, seconds = divmod(round(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"PT{hours}H{minutes}M{seconds}S"
    return f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S"


def video_object(video: VideoPage, *, request: HttpRequest) -> dict:
    data = {
        "@type": "VideoObject",
        "name": video.title,
        "description": video.summary,
        "thumbnailUrl": image_urls(video.poster, request=request),
    }
    if video.first_published_at:  # not for a draft in preview
        data["uploadDate"] = video.first_published_at.isoformat()
    if video.duration:
        data["duration"] = iso_duration(video.duration)
    if video.video_file:
        data["contentUrl"] = _absolute(request, video.video_file.url)
        data["encodingFormat"] = video.video_file.content_type
        if video.width and video.height:
            data["width"], data["height"] = video.width, video.height
        if video.captions:
            data["caption"] = {
                "@type": "MediaObject",
                "contentUrl": _absolute(request, video.captions.url),
                "encodingFormat": "text/vtt",
                "inLanguage": video.captions_language["code"],
            }
    elif video.embed:
        data["embedUrl"] = video.embed.player_url
    return data


def website(*, home: HomePage, request: HttpRequest, site: Site) -> dict:
    data = {
        "@type": "WebSite",
        "name": site.site_name or "Masthead",
        "url": home.full_url,
        "inLanguage": home.locale.language_code,
        "publisher": publisher(site=site, request=request),
    }
    try:
        search_url = request.build_absolute_uri(reverse("search"))
    except NoReverseMatch:
        return data
    data["potentialAction"] = {
        "@type": "SearchAction",
        "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term_string}}"},
        "query-input": "required name=search_term_string",
    }
    return data


# Inside <script>, "</script>" or "<!--" in a headline must not end or break the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def scripts(things: list[dict]) -> SafeString:
    """The JSON-LD objects as <script> elements, each with its own @context."""
    rendered = []
    for thing in things:
        payload = json.dumps({"@context": "https://schema.org", **thing}, ensure_ascii=False)
        rendered.append(
            f'<script type="application/ld+json">{payload.translate(_SCRIPT_ESCAPES)}</script>'
        )
    return mark_safe("\n".join(rendered))


Build = Callable[..., list[dict]]  # (page, *, request, site, authors) -> objects
_page_types: dict[type[Page], Build] = {}


def page_type_register(model: type[Page], build: Build) -> None:
    """JSON-LD for the pages of `model` (and its subclasses), in place of what it inherits."""
    _page_types[model] = build


def for_page(page: Page, *, request: HttpRequest, authors=None) -> list[dict]:
    """The JSON-LD objects a page carries; each gets its own @context when rendered.

    `authors`: the article's bylines when the view has loaded them already."""
    site = site_for_request(request)
    for model, build in _page_types.items():
        if isinstance(page, model):
            return build(page, request=request, site=site, authors=authors)
    if isinstance(page, ArticlePage):
        return [news_article(page, request=request, site=site, authors=authors), breadcrumbs(page)]
    if isinstance(page, VideoPage):
        return [video_object(page, request=request), breadcrumbs(page)]
    if isinstance(page, AuthorPage):
        return [
            {"@type": "ProfilePage", "mainEntity": person(page, request=request)},
            breadcrumbs(page),
        ]
    if isinstance(page, HomePage):
        return [website(home=page, request=request, site=site)]
    return [breadcrumbs(page)]
