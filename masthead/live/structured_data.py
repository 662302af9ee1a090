"""LiveBlogPosting for a live page: the story's NewsArticle fields, the coverage's times and
its newest updates as BlogPosting entries (older ones are on the pages they link to)."""

from django.http import HttpRequest
from wagtail.models import Site

from masthead.discovery import structured_data
from masthead.live import queries
from masthead.live.models import LivePage, LiveUpdate


def blog_posting(update: LiveUpdate, *, page: LivePage, request: HttpRequest) -> dict:
    url = page.full_url or ""
    data: dict = {
        "@type": "BlogPosting",
        "@id": f"{url}#{update.anchor}",
        "url": f"{url}?update={update.pk}#{update.anchor}",
        "headline": (update.title or queries.excerpt(update.body, words=14))[:110],
        "datePublished": update.published_at.isoformat(),
        "dateModified": (update.corrected_at or update.published_at).isoformat(),
        "articleBody": queries.excerpt(update.body, words=10_000),
        "author": [
            structured_data.person(author, request=request) for author in update.authors.all()
        ],
    }
    if update.image:
        data["image"] = structured_data.image_urls(update.image, request=request)
    return data


def live_blog_posting(
    page: LivePage, *, request: HttpRequest, site: Site, authors=None
) -> list[dict]:
    data = structured_data.news_article(page, request=request, site=site, authors=authors)
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = page.coverage_start.isoformat()
    if page.coverage_end:
        data["coverageEndTime"] = page.coverage_end.isoformat()
    updates = page.newest_updates
    data["liveBlogUpdate"] = [
        blog_posting(update, page=page, request=request) for update in updates
    ]
    if updates and not page.coverage_end:
        data["dateModified"] = max(
            update.corrected_at or update.published_at for update in updates
        ).isoformat()
    return [data, structured_data.breadcrumbs(page)]
