"""A live page as readers get it: the page, the small answer its script polls, its feed. Each
names the page's topic, so an update makes only these stale in the page cache."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from masthead.core.pagecache.generation import GenerationUnknown
from masthead.core.pagecache.topics import TOPICS, topic_mark
from masthead.discovery.feeds import FullTextAtomFeed, absolute_urls
from masthead.live import queries
from masthead.live.models import LivePage, LiveUpdate


def _topic_version(page: LivePage) -> str | None:
    """Read before the data: a change committed after this is a newer version."""
    try:
        return TOPICS.current(page.topic)
    except GenerationUnknown:
        return None


def _marked(response: HttpResponse, *, page: LivePage, version: str | None) -> HttpResponse:
    if version is None:  # the shared cache is away: this copy could not be made stale
        add_never_cache_headers(response)
    else:
        topic_mark(response, name=page.topic, version=version)
    return response


def poll_seconds(page: LivePage) -> float:
    return settings.LIVE_POLL_SECONDS if page.is_live else settings.LIVE_POLL_SECONDS * 4


def live_page(request: HttpRequest, *, page: LivePage) -> HttpResponse:
    version = _topic_version(page)
    run = queries.updates_page(page=page, request=request)
    if run.newest:  # what its JSON-LD lists: read once
        page.__dict__["newest_updates"] = run.updates
    response = page.render(
        request,
        context_overrides={
            **_above_updates(page, run),
            "run": run,
            "polling": run.newest and page.status != LivePage.Status.ENDED,
            "poll_seconds": poll_seconds(page),
        },
    )
    response.render()
    return _marked(response, page=page, version=version)


def _above_updates(page: LivePage, run: queries.UpdatesPage) -> dict:
    """The key events and the pinned update (on the newest run only), page and poll alike."""
    return {
        "key_events": queries.key_events(page=page, shown=run.updates),
        "pinned": queries.pinned(page=page) if run.newest else None,
    }


def update_html(update: LiveUpdate, *, page: LivePage, request: HttpRequest) -> str:
    return render_to_string(
        "live/includes/update.html", {"update": update, "page": page}, request=request
    )


def updates_json(request: HttpRequest, *, page: LivePage) -> HttpResponse:
    """The newest updates as the page shows them, for its script: the same size whatever the
    page holds. Unchanged, it is a 304 to the reader's If-None-Match (page cache or Django)."""
    version = _topic_version(page)
    run = queries.updates_page(page=page, request=request)
    parts = {"page": page, **_above_updates(page, run)}
    response = JsonResponse(
        {
            "status": page.status,
            "interval": poll_seconds(page),
            "complete": run.older is None,  # every update there is: one missing was deleted
            "updates": [
                {
                    "id": update.pk,
                    "version": update.version,
                    "at": update.at_ms,
                    "html": update_html(update, page=page, request=request),
                }
                for update in run.updates
            ],
            # The lists above the updates, as the page shows them: changed in place.
            "key_events": render_to_string("live/includes/key_events.html", parts, request),
            "pinned": render_to_string("live/includes/pinned.html", parts, request),
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
    return _marked(response, page=page, version=version)


def updates_feed(request: HttpRequest, *, page: LivePage) -> HttpResponse:
    """An Atom feed of the newest updates, each its own entry."""
    version = _topic_version(page)
    run = queries.updates_page(page=page, request=request)
    base = request.build_absolute_uri("/").rstrip("/")
    page_url = page.full_url or request.build_absolute_uri(page.url)
    feed = FullTextAtomFeed(
        title=page.title,
        link=page_url,
        description=page.standfirst,
        language=page.locale.language_code,
        feed_url=f"{page_url}feed/",
        feed_guid=f"{page_url}feed/",
    )
    for update in run.updates:
        authors = ", ".join(author.title for author in update.authors.all())
        feed.add_item(
            title=update.title or queries.excerpt(update.body, words=14) or _("Update"),
            link=f"{page_url}?update={update.pk}#{update.anchor}",
            description=queries.excerpt(update.body, words=40),
            content_html=absolute_urls(update_html(update, page=page, request=request), base=base),
            unique_id=f"{page_url}#{update.anchor}",
            pubdate=update.published_at,
            updateddate=update.corrected_at or update.published_at,
            author_name=authors or None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return _marked(response, page=page, version=version)
