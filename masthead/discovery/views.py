from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Locale

from masthead.core.models import NewsroomSettings
from masthead.core.pagecache.fragments import kept_streamed
from masthead.core.ratelimit import client_address, request_limited
from masthead.core.sites import site_for_request
from masthead.discovery import pageviews, queries, search, sitemaps
from masthead.discovery.feeds import article_guid, article_html
from masthead.discovery.forms import SearchForm
from masthead.newsroom import queries as newsroom_queries

SEARCHES_PER_MINUTE = 30

# Reader-facing views answer HEAD as they answer GET (crawlers and feed readers check with
# HEAD before they fetch): `require_safe`, never `require_GET`.


@require_safe
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
        "feed_url": request.build_absolute_uri(request.path),
        "description": scope.description,
        "language": scope.language,
        "items": items,
    }
    return JsonResponse(
        feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    if (site := site_for_request(request)) is None:  # no site set up yet
        raise Http404("no site")
    return render(
        request,
        "discovery/news_sitemap.xml",
        {
            "articles": queries.articles_for_news_sitemap(),
            "publication": site.site_name or "Masthead",
        },
        content_type="application/xml",
    )


@require_safe
def pages_sitemap(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """A file of the pages sitemap (?p=2 for the second 50,000), written once a publish."""
    if (site := site_for_request(request)) is None:  # no site set up yet
        raise Http404("no site")
    number = request.GET.get("p", "1")
    if not number.isdigit() or not 1 <= int(number) <= 1_000_000:
        raise Http404("no such sitemap page")

    def written():
        if int(number) > sitemaps.pages_sitemap_count(site):
            raise Http404("no such sitemap page")
        return sitemaps.pages_sitemap(site=site, number=int(number))

    body = kept_streamed(f"sitemap-pages:{site.pk}:{int(number)}", written)
    headers = {"X-Robots-Tag": "noindex, noodp, noarchive"}
    if isinstance(body, bytes):
        return HttpResponse(body, content_type="application/xml", headers=headers)
    return StreamingHttpResponse(body, content_type="application/xml", headers=headers)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """The rules editors keep in Settings → Newsroom settings, plus where the sitemaps are."""
    newsroom = NewsroomSettings.for_site(site_for_request(request))
    lines = [newsroom.robots_txt.strip(), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def search_page(request: HttpRequest) -> TemplateResponse:
    """Search page: a clear message for empty or unusable queries, never an error."""
    # The form's own parameters only: anything else (tracking) changes nothing on the page.
    params = {name: request.GET[name] for name in SearchForm.base_fields if name in request.GET}
    form = SearchForm(params or None, locale=Locale.get_active())
    context = {"form": form, "hits": [], "searched": False, "message": ""}
    # Pages in the page cache never get here: only searches that cost a query are counted.
    if form.is_bound and request_limited(
        request, scope="search", limit=SEARCHES_PER_MINUTE, window=60
    ):
        context["message"] = _("Too many searches from here. Please wait a minute.")
        return TemplateResponse(request, "discovery/search.html", context, status=429)
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        context["searched"] = True
        terms = search.search_terms(data["q"])
        if not terms:
            context["message"] = _("Search needs at least one word or number.")
        else:
            results = search.articles_search(
                query=data["q"],
                locale=Locale.get_active(),
                section=data["section"],
                author=data["author"],
                since=data["since"],
                until=data["until"],
            )
            number = newsroom_queries.page_number(request)
            hits = search.results_page(results, number=number)
            if number > 1 and not hits:
                raise Http404("There is no such page of results.")
            context.update(
                results=results,
                hits=[(hit, search.snippet(hit, terms=terms)) for hit in hits],
                number=number,
                next_query=_next_page_query(request, number)
                if number * search.PAGE_SIZE < results.total
                else "",
            )
    return TemplateResponse(request, "discovery/search.html", context)


def _next_page_query(request: HttpRequest, number: int) -> str:
    """The search's own parameters with the next page (a tracking parameter does not follow
    the reader, and makes no page of its own)."""
    query = QueryDict(mutable=True)
    for name in SearchForm.base_fields:
        if value := request.GET.get(name):
            query[name] = value
    query["page"] = str(number + 1)
    return query.urlencode()


@csrf_exempt  # a cookie-less beacon: no session to protect, and it changes only a counter
@require_POST
def view_beacon(request: HttpRequest, article_id: int) -> HttpResponse:
    if not newsroom_queries.articles_public().filter(pk=article_id).exists():
        raise Http404("No such story.")
    pageviews.view_count(
        article_id=article_id,
        address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    return HttpResponse(status=204)
