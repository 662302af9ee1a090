from datetime import datetime

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format

from masthead.core.pagecache import shown_until
from masthead.live import queries

register = template.Library()


@register.inclusion_tag("live/includes/breaking_bar.html", takes_context=True)
def breaking_bar(context) -> dict:
    """The edition's breaking news, if any is shown now. Turning it on or off makes every
    stored page stale (a publish-like change); its expiry bounds how long a page showing it
    is stored, so it leaves every page on time by itself."""
    page, request = context.get("page"), context.get("request")
    locale_id = getattr(page, "locale_id", None)
    item = queries.breaking_now(locale_id=locale_id, language=translation.get_language())
    if item is None or item.expires_at <= timezone.now():
        return {"breaking": None}
    if request is not None:
        shown_until(request, item.expires_at)
    return {"breaking": item}


@register.filter
def update_time(value: datetime | None) -> str:
    """ "14:05" today, "18 April, 14:05" before (the month's name as a date says it, in
    Ukrainian too: "18 квітня"), with the year if not this one: on a page that runs for
    days, the time always counts."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, "j E, H:i")
    return date_format(local, "j E Y, H:i")
