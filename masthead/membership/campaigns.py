"""The running membership drive: which campaign is on, and its banner's numbers.

A page view reads the banner, in the words of the reader's language, from the cache; a miss
costs three small reads (the campaign, its wordings and one counter row), never a count over
the members table.
"""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from masthead.core.pagecache.generation import GENERATION
from masthead.membership.models import Campaign, Counter

BANNER_KEY = "membership:campaign-banner"


def campaign_running(*, at: datetime | None = None) -> Campaign | None:
    at = at or timezone.now()
    return (
        Campaign.objects.filter(is_active=True, starts_at__lte=at, deadline__gte=at)
        .order_by("-starts_at")
        .first()
    )


def campaign_count(campaign: Campaign) -> int:
    if campaign.counts == Campaign.Counts.NEW:
        return campaign.joined_count
    counter = Counter.objects.filter(name=Counter.ACTIVE_MEMBERS).values_list("value", flat=True)
    return max(0, next(iter(counter), 0))


def banner(language: str | None = None) -> dict | None:
    """The running campaign's banner as plain data (the page and the JSON endpoint), in the
    words for `language` (the active language when not given; unknown ones get the default)."""
    language = language or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    key = _banner_key(language)
    data = cache.get(key)
    if data is None:
        campaign = campaign_running()
        data = banner_data(campaign, language) if campaign else {}
        cache.set(key, data, settings.CAMPAIGN_CACHE_SECONDS)
    return data or None


def _banner_key(language: str) -> str:
    # Under the pages' generation too: an edited campaign is on the next page rendered, not
    # one stored with the words of before.
    try:
        generation = GENERATION.current()
    except Exception:  # the page cache's store is away: the banner's own timeout still holds
        generation = "-"
    return f"{BANNER_KEY}:{generation}:{language}"


def banner_data(campaign: Campaign, language: str = settings.LANGUAGE_CODE) -> dict:
    count = campaign_count(campaign)
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "count": count,
        "goal": campaign.goal,
        "percent": min(100, round(100 * count / campaign.goal, 1)),
        "reached": count >= campaign.goal,
        **campaign.words(language),
        "deadline": campaign.deadline.isoformat(),
    }


def banner_forget() -> None:
    cache.delete_many([_banner_key(language) for language, _ in settings.LANGUAGES])
