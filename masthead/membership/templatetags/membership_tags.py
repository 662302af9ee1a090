from django import template
from django.conf import settings

from masthead.membership import campaigns

register = template.Library()


@register.inclusion_tag("membership/includes/campaign_banner.html")
def campaign_banner(member=False):
    """The running drive's banner, with the true count rendered here on the server; a
    current member is thanked instead of asked to join."""
    return {
        "banner": campaigns.banner(),
        "poll_seconds": settings.CAMPAIGN_POLL_SECONDS,
        "member": bool(member),
    }
