from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from masthead.core.models import NewsroomSettings
from masthead.discovery import queries
from masthead.discovery.feeds import article_guid, article_html


@require_GET
def json_feed(request: HttpRequest) -> JsonResponse:
    """JSON Feed 1.1 of the site's stories."""
    base = request.build_absolute_uri("/").rstrip("/")
    scope = queries.feed_scope(request=request)
    host = request.get_host().split(":")[0]
    items = []
    for article in scope.articles[: queries.FEED_SIZE]:
        item = {
            "id": article_guid(article, host=host),
            "url": article.full_url,
            "title": article.title,
            "summary": article.standfirst,
            "content_html": article_html(article, base=base),
            "date_published": article.first_published_at.isoformat(),
            "date_modified": (article.updated_at or article.last_published_at).isoformat(),
            "authors": [
                {"name": byline.author.title, "url": byline.author.full_url}
                for byline in article.authors.all()
            ],
            "tags": [tag.name for tag in article.tags.all()],
            "language": scope.language,
        }
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": scope.link,
        "feed_url": request.build_absolute_uri(),
        "description": scope.description,
        "language": scope.language,
        "items": items,
    }
    return JsonResponse(
        feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    site = queries.site_for(request)
    return render(
        request,
        "discovery/news_sitemap.xml",
        {
            "articles": queries.articles_for_news_sitemap(),
            "publication": site.site_name or "Masthead",
        },
        content_type="application/xml",
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """The rules editors keep in Settings → Newsroom settings, plus where the sitemaps are."""
    newsroom = NewsroomSettings.for_site(queries.site_for(request))
    lines = [newsroom.robots_txt.strip(), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
