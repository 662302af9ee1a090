"""The running membership drive: which campaign is on, and its banner's numbers.

A page view reads the banner from the cache; a miss costs two primary-key reads (the
campaign and one counter row), never a count over the members table.
"""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

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


def banner() -> dict | None:
    """The running campaign's banner as plain data (the page and the JSON endpoint)."""
    data = cache.get(BANNER_KEY)
    if data is None:
        campaign = campaign_running()
        data = banner_data(campaign) if campaign else {}
        cache.set(BANNER_KEY, data, settings.CAMPAIGN_CACHE_SECONDS)
    return data or None


def banner_data(campaign: Campaign) -> dict:
    count = campaign_count(campaign)
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "count": count,
        "goal": campaign.goal,
        "percent": min(100, round(100 * count / campaign.goal, 1)),
        "reached": count >= campaign.goal,
        "call_to_action": campaign.call_to_action,
        "reached_text": campaign.reached_text,
        "link_text": campaign.link_text,
        "link_url": campaign.link_url,
        "deadline": campaign.deadline.isoformat(),
    }


def banner_forget() -> None:
    cache.delete(BANNER_KEY)
