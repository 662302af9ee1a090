"""Site search over published stories: relevance first, the newer story on a tie."""

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale

from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage, SectionPage
from masthead.people.models import AuthorPage

# Relevance is decided among this many best matches; nobody pages past them in news search.
MAX_RESULTS = 200
PAGE_SIZE = 10
SNIPPET_CHARS = 220
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchResults:
    query: str
    hits: list[ArticlePage] = field(default_factory=list)
    total: int = 0
    capped: bool = False


def search_terms(query: str) -> list[str]:
    """The words of a query; punctuation, operators and markup are dropped."""
    return _WORD.findall(query)[:20]


def articles_search(
    *,
    query: str,
    locale: Locale,
    section: SectionPage | None = None,
    author: AuthorPage | None = None,
    since: date | None = None,
    until: date | None = None,
) -> SearchResults:
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query)
    articles = ArticlePage.objects.live().filter(locale=locale)
    if section is not None:
        articles = articles.child_of(section)
    if author is not None:
        ids = list(
            newsroom_queries.articles_by_author(author=author).values_list("pk", flat=True)[:10_000]
        )
        articles = articles.filter(id__in=ids)
    if since is not None:
        articles = articles.filter(first_published_at__gte=_start_of(since))
    if until is not None:
        articles = articles.filter(first_published_at__lt=_start_of(until + timedelta(days=1)))
    cleaned = " ".join(terms)
    found = list(
        articles.search(cleaned, operator="and").annotate_score("_score")[: MAX_RESULTS + 1]
    )
    if not found:
        found = list(
            articles.search(cleaned, operator="or").annotate_score("_score")[: MAX_RESULTS + 1]
        )
    capped = len(found) > MAX_RESULTS
    found = found[:MAX_RESULTS]
    found.sort(key=lambda hit: (-round(hit._score or 0, 6), -hit.first_published_at.timestamp()))
    return SearchResults(query=cleaned, hits=found, total=len(found), capped=capped)


def results_page(results: SearchResults, *, number: int) -> list[ArticlePage]:
    """One page of hits, reloaded with what a result card shows (bylines, images, sections)."""
    chosen = results.hits[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    loaded = {
        a.pk: a for a in newsroom_queries.articles_live().filter(pk__in=[a.pk for a in chosen])
    }
    page = [loaded[hit.pk] for hit in chosen if hit.pk in loaded]
    return newsroom_queries.sections_attach(page)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def snippet(article: ArticlePage, *, terms: list[str]) -> str:
    """Escaped text around the first match, matches wrapped in <mark>."""
    body = " ".join(article.body.stream_block.get_searchable_content(article.body))
    text = re.sub(r"\s+", " ", f"{article.standfirst} {body}").strip()
    pattern = (
        re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    )
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_CHARS // 3) if match else 0
    window = text[start : start + SNIPPET_CHARS]
    prefix, suffix = ("… " if start else ""), (" …" if start + SNIPPET_CHARS < len(text) else "")
    escaped = html.escape(window)
    if pattern:
        marked = re.compile("|".join(re.escape(html.escape(t)) for t in terms), re.IGNORECASE)
        escaped = marked.sub(lambda m: f"<mark>{m[0]}</mark>", escaped)
    return f"{prefix}{escaped}{suffix}"
