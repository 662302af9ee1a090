from django import template
from django.utils import timezone, translation

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
