"""A privacy-friendly view counter: each reader counts once per article per hour.

Readers are told apart only by a hash of their address and browser with a salt that changes
every day and is never stored in the database, kept in the cache for the hour it matters.
"""

import hashlib
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.models import Locale

from masthead.discovery.models import ArticleViewHour
from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage

MOST_READ_HOURS = 24
MOST_READ_COUNT = 5
MOST_READ_CACHE_SECONDS = 300
_BOTS = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python", re.IGNORECASE)


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _reader_key(*, article_id: int, address: str, user_agent: str, now: datetime) -> str:
    salt = f"{settings.SECRET_KEY}:{now:%Y-%m-%d}"
    digest = hashlib.sha256(f"{salt}|{address}|{user_agent}|{article_id}".encode()).hexdigest()
    return f"views:seen:{_hour(now):%Y%m%d%H}:{digest[:32]}"


def view_count(
    *, article_id: int, address: str, user_agent: str, now: datetime | None = None
) -> bool:
    """Count one view unless this reader was already counted this hour; True if counted."""
    now = now or timezone.now()
    if not user_agent or _BOTS.search(user_agent):
        return False
    if not cache.add(
        _reader_key(article_id=article_id, address=address, user_agent=user_agent, now=now), 1, 3600
    ):
        return False  # a refresh, or the same reader again within the hour
    hour = _hour(now)
    updated = ArticleViewHour.objects.filter(article_id=article_id, hour=hour).update(
        views=F("views") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ArticleViewHour.objects.create(article_id=article_id, hour=hour, views=1)
        except IntegrityError:  # another process created the row first
            ArticleViewHour.objects.filter(article_id=article_id, hour=hour).update(
                views=F("views") + 1
            )
    return True


def articles_most_read(
    *, locale: Locale, hours: int = MOST_READ_HOURS, limit: int = MOST_READ_COUNT
) -> list[ArticlePage]:
    """The most read published stories of the last day, from the cache for five minutes."""
    key = f"views:most-read:{locale.pk}:{hours}:{limit}"
    ids = cache.get(key)
    if ids is None:
        since = timezone.now() - timedelta(hours=hours)
        ids = list(
            ArticleViewHour.objects.filter(
                hour__gte=_hour(since), article__live=True, article__locale=locale
            )
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")
            .values_list("article_id", flat=True)[:limit]
        )
        cache.set(key, ids, MOST_READ_CACHE_SECONDS)
    found = {article.pk: article for article in newsroom_queries.articles_live().filter(pk__in=ids)}
    return newsroom_queries.sections_attach([found[pk] for pk in ids if pk in found])
