"""Site search over published stories: relevance first, the newer story on a tie."""

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

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
    articles = newsroom_queries.articles_public(locale=locale)
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
    found = _ranked(articles, terms, operator="and") or _ranked(articles, terms, operator="or")
    capped = len(found) > MAX_RESULTS
    found = found[:MAX_RESULTS]
    found.sort(key=lambda hit: (-round(hit._score or 0, 6), -hit.first_published_at.timestamp()))
    return SearchResults(query=cleaned, hits=found, total=len(found), capped=capped)


def _ranked(articles, terms: list[str], *, operator: str) -> list[ArticlePage]:
    database_backend = ".database." in type(get_search_backend()).__module__
    if database_backend and connection.vendor == "sqlite" and _sqlite_fts_available():
        return _sqlite_ranked(articles, terms, operator=operator)
    if database_backend and connection.vendor == "postgresql":
        return _postgres_ranked(articles, terms, operator=operator)
    query = " ".join(terms)
    return list(
        articles.search(query, operator=operator).annotate_score("_score")[: MAX_RESULTS + 1]
    )


# SQLite: Wagtail's backend scores with a correlated subquery per page row, which took 8 s
# a query at 20,000 stories. Asking FTS5 for the best matches first (bm25 with the title
# weighted twice the body, LIMIT) keeps it fast. The reader's filters (edition, section,
# author, dates, and what is public at all) go into that same query, so the best candidates
# are chosen among the stories the reader asked about, not across the whole archive.
FTS_CANDIDATES = 5000


def _sqlite_fts_available() -> bool:
    return ".database.sqlite" in type(get_search_backend()).__module__


def _candidates_sql(articles) -> tuple[str, tuple]:
    """The filtered stories' ids as SQL, for an `IN (...)` beside the full-text match (as text:
    the index keeps object ids in a text column)."""
    ids = articles.order_by().annotate(object_id=Cast("pk", output_field=CharField()))
    return ids.values("object_id").query.sql_with_params()


def _sqlite_ranked(articles, terms: list[str], *, operator: str) -> list[ArticlePage]:
    # Terms are \w+ only, so quoting each one keeps FTS5 syntax out of readers' hands.
    match = f" {operator.upper()} ".join(f'"{term}"' for term in terms)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    among, among_params = _candidates_sql(articles)
    with connection.cursor() as cursor:
        cursor.execute(
            # Django's SQL for the filters, with placeholders:
            "SELECT e.object_id, bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, 2.0) AS score"  # noqa: S608
            " FROM wagtailsearch_indexentry_fts"
            " JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid"
            " WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s"
            f" AND e.object_id IN ({among})"
            " ORDER BY score LIMIT %s",
            [match, content_type.pk, *among_params, FTS_CANDIDATES],
        )
        # bm25() is lower for better matches; flip it so higher is better, as elsewhere.
        scores = {int(object_id): -score for object_id, score in cursor.fetchall()}
    return _best(articles, scores)


# PostgreSQL: Wagtail's backend matches `title || body` against the query, which no index
# can serve (450 ms a query at 20,000 stories). Matching each column on its own lets both GIN
# indexes answer; the rank is Wagtail's (title rank times its norm, plus body rank).
def _postgres_ranked(articles, terms: list[str], *, operator: str) -> list[ArticlePage]:
    joiner = " && " if operator == "and" else " || "
    tsquery = joiner.join(["plainto_tsquery(%s)"] * len(terms))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    among, among_params = _candidates_sql(articles)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH q AS (SELECT {tsquery} AS q)"  # noqa: S608 - placeholders only
            " SELECT e.object_id, ts_rank(e.title, q.q) * e.title_norm + ts_rank(e.body, q.q)"
            " AS score FROM wagtailsearch_indexentry e, q"
            " WHERE e.content_type_id = %s AND (e.title @@ q.q OR e.body @@ q.q)"
            f" AND e.object_id IN ({among})"
            " ORDER BY score DESC LIMIT %s",
            [*terms, content_type.pk, *among_params, FTS_CANDIDATES],
        )
        scores = {int(object_id): score for object_id, score in cursor.fetchall()}
    return _best(articles, scores)


def _best(articles, scores: dict[int, float]) -> list[ArticlePage]:
    """The candidates that pass the filters, best first, one more than are shown."""
    if not scores:
        return []
    hits = list(articles.filter(pk__in=list(scores)).only("pk", "first_published_at"))
    for hit in hits:
        hit._score = scores[hit.pk]
    hits.sort(key=lambda hit: -hit._score)
    return hits[: MAX_RESULTS + 1]


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
    body = (
        ""  # members-only text stays on the article page
        if article.members_only
        else " ".join(article.body.stream_block.get_searchable_content(article.body))
    )
    text = re.sub(r"\s+", " ", f"{article.standfirst} {body}").strip()
    pattern = (
        re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    )
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_CHARS // 3) if match else 0
    if start:  # from the start of a word
        space = text.find(" ", start, match.start() if match else None)
        start = space + 1 if space != -1 else start
    end = start + SNIPPET_CHARS
    if end < len(text):  # to the end of one
        space = text.rfind(" ", max(start, match.end() if match else start), end)
        end = space if space != -1 else end
    window = text[start:end]
    prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
    escaped = html.escape(window)
    if pattern:
        marked = re.compile("|".join(re.escape(html.escape(t)) for t in terms), re.IGNORECASE)
        escaped = marked.sub(lambda m: f"<mark>{m[0]}</mark>", escaped)
    return f"{prefix}{escaped}{suffix}"
