from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from masthead.core.images import SHARE_SPEC, rendition_specs
from masthead.core.sites import site_for_request

register = template.Library()


@register.simple_tag
def photo(image, shape="wide", sizes="100vw", **attrs):
    """<picture> with srcset per format, width and height set, alt text from the image."""
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, rendition_specs(shape))
    attrs = {"sizes": sizes, "decoding": "async", **attrs}
    attrs.setdefault("loading", "lazy")
    if attrs.get("fetchpriority") == "high":
        attrs.pop("loading")
    return Picture(renditions, attrs).__html__()


@register.simple_tag
def share_image_url(image) -> str:
    """An absolute JPEG for social cards (Open Graph and X read JPEG everywhere)."""
    if not image:
        return ""
    rendition = get_renditions_or_not_found(image, [SHARE_SPEC])
    return next(iter(rendition.values())).full_url


@register.filter
def feed_time(value: datetime | None) -> str:
    """ "14:05" for today's stories, "24 Nov" for older ones, with the year if not this one."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, "j M")
    return date_format(local, "j M Y")


def _site_root(request):
    site = site_for_request(request)
    return site.root_page.localized if site else None


@register.inclusion_tag("core/tags/site_nav.html", takes_context=True)
def site_nav(context):
    """The sections and pages marked "show in menus" under this edition's home page."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = list(root.get_children().live().in_menu().specific()) if root else []
    return {"home": root, "items": items, "current_path": current.path if current else ""}


@register.inclusion_tag("core/tags/language_links.html", takes_context=True)
def language_links(context):
    """Links to this page in the other editions, or to that edition's home page."""
    from wagtail.models import Locale

    request = context.get("request")
    page = context.get("page")
    root = _site_root(request)
    if root is None:
        return {"links": []}
    homes = {home.locale_id: home for home in root.get_translations(inclusive=True).live()}
    if len(homes) < 2:
        return {"links": []}
    pages = {p.locale_id: p for p in page.get_translations(inclusive=True).live()} if page else {}
    links = []
    for locale in Locale.objects.filter(pk__in=homes).order_by("pk"):
        target = pages.get(locale.pk) or homes[locale.pk]
        links.append(
            {
                "code": locale.language_code,
                "name": locale.get_display_name(),
                "url": target.url,
                "current": page is not None and locale.pk == page.locale_id,
            }
        )
    return {"links": links}
