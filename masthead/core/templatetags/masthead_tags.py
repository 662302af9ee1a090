import hashlib
from datetime import datetime

from django import template
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture

from masthead.core.images import (
    POSTER_SPEC,
    SHARE_SPEC,
    picture_url,
    rendition_specs,
    renditions_ready,
)
from masthead.core.pagecache import query_kept
from masthead.core.pagecache.fragments import kept, remembered
from masthead.core.sites import site_for_request

register = template.Library()


PHOTO_SECONDS = 24 * 3600


@register.simple_tag
def photo(image, shape="wide", sizes="100vw", **attrs):
    """<picture> with srcset per format, width and height set, alt text from the image.

    The markup depends only on the image and the arguments, so it is kept a day under a key
    made of both: a new file, focal point or alt text is a new key."""
    if not image:
        return ""
    attrs = {"sizes": sizes, "decoding": "async", **attrs}
    attrs.setdefault("loading", "lazy")
    if attrs.get("fetchpriority") == "high":
        attrs.pop("loading")
    identity = (
        image.pk,
        image.file.name,
        (
            image.focal_point_x,
            image.focal_point_y,
            image.focal_point_width,
            image.focal_point_height,
        ),
        image.default_alt_text,
        shape,
        sorted(attrs.items()),
    )
    key = "photo:" + hashlib.sha256(repr(identity).encode()).hexdigest()
    # Kept only once every rendition is made: until then the worker is making them.
    rendered, _ = kept(
        key,
        lambda: _picture(image, shape, attrs),
        seconds=PHOTO_SECONDS,
        keep=lambda built: built[1],
    )
    return mark_safe(rendered)


def _picture(image, shape: str, attrs: dict) -> tuple[str, bool]:
    """The <picture> and whether it has every rendition asked for (else what is made, or
    the file itself while the worker makes them)."""
    specs = rendition_specs(shape)
    renditions = renditions_ready(image, specs)
    if not renditions:
        shown = {name: value for name, value in attrs.items() if name != "sizes"}
        fallback = {"src": image.file.url, "width": image.width, "height": image.height}
        return format_html(
            "<img{}>", flatatt({**fallback, **shown, "alt": image.default_alt_text})
        ), False
    # A picture smaller than the widths asked for comes out the same size more than once:
    # one candidate per width and format (a srcset may not repeat a width).
    distinct: dict[tuple[str, int], tuple] = {}
    for spec, rendition in renditions.items():
        distinct.setdefault((spec.rsplit("format-", 1)[-1], rendition.width), (spec, rendition))
    if len({width for _, width in distinct}) == 1:
        attrs = {name: value for name, value in attrs.items() if name != "sizes"}  # one size
    html = str(Picture(dict(distinct.values()), attrs).__html__())
    return html, len(renditions) == len(specs)


@register.simple_tag
def share_image_url(image) -> str:
    """An absolute JPEG for social cards (Open Graph and X read JPEG everywhere)."""
    if not image:
        return ""
    return _absolute(picture_url(image, SHARE_SPEC))


@register.simple_tag
def poster_url(image) -> str:
    """A video's still (its file's address until the worker has made it)."""
    return picture_url(image, POSTER_SPEC) if image else ""


def _absolute(url: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return f"{base}{url}" if base and url.startswith("/") else url


@register.filter
def iso(value: datetime | None) -> str:
    """A moment for <time datetime>, in the newsroom's time zone, to the second (HTML allows
    at most three digits of a second; Django's "c" gives six)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _moment(value: datetime | None, *, this_year: str, other_year: str) -> str:
    """The time alone for today, else the date in one of two formats."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    return date_format(local, this_year if local.year == today.year else other_year)


@register.filter
def feed_time(value: datetime | None) -> str:
    """ "14:05" for today's stories, "24 Nov" for older ones, with the year if not this one."""
    return _moment(value, this_year="j M", other_year="j M Y")


@register.filter
def update_time(value: datetime | None) -> str:
    """ "14:05" today, "18 April, 14:05" before (the month's name as a date says it, in
    Ukrainian too: "18 квітня"), with the year if not this one: for a live page's updates,
    which run for days, where the time always counts."""
    return _moment(value, this_year="j E, H:i", other_year="j E Y, H:i")


@register.inclusion_tag("core/tags/site_nav.html", takes_context=True)
def site_nav(context):
    """The sections and pages marked "show in menus" under this edition's home page."""
    site = site_for_request(context.get("request"))
    current = context.get("page")
    language = translation.get_language()
    home, items = remembered(f"site-nav:{site.pk if site else 0}:{language}", lambda: _menu(site))
    return {"home": home, "items": items, "current_path": current.path if current else ""}


def _menu(site) -> tuple[dict | None, list[dict]]:
    root = site.root_page.localized if site else None
    if root is None:
        return None, []
    return (
        {"url": root.url, "path": root.path},
        [
            {"url": item.url, "path": item.path, "title": item.title}
            for item in root.get_children().live().in_menu()
        ],
    )


@register.inclusion_tag("core/tags/language_links.html", takes_context=True)
def language_links(context):
    """Links to this page in the other editions, or to that edition's home page."""

    site = site_for_request(context.get("request"))
    page = context.get("page")
    editions = remembered(f"editions:{site.pk if site else 0}", lambda: _editions(site))
    if len(editions) < 2:
        return {"links": []}
    pages = (
        {p.locale_id: p.url for p in page.get_translations(inclusive=True).live()} if page else {}
    )
    return {
        "links": [
            {
                **edition,
                "url": pages.get(edition["locale"]) or edition["url"],
                "current": page is not None and edition["locale"] == page.locale_id,
            }
            for edition in editions
        ]
    }


def _editions(site) -> list[dict]:
    """Each edition's language and home page, for the language links."""
    from wagtail.models import Locale

    root = site.root_page if site else None
    if root is None:
        return []
    homes = {home.locale_id: home for home in root.get_translations(inclusive=True).live()}
    return [
        {
            "locale": locale.pk,
            "code": locale.language_code,
            "name": locale.get_display_name(),
            "url": homes[locale.pk].url,
        }
        for locale in Locale.objects.filter(pk__in=homes).order_by("pk")
    ]


@register.filter
def page_address(request) -> str:
    """The page's path with the query parameters pages read (as the page cache keys it):
    `?utm_source=…` and the like make no fragment of their own."""
    return f"{request.path}?{query_kept(request.META.get('QUERY_STRING', ''))}"


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value ... %}…{% endfragment %}`: markup every reader sees alike,
    rendered once per page-cache generation for each set of values (core/pagecache/fragments.py).
    Previews, and a value that is None or empty, render afresh."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        values = [part.resolve(context) for part in self.parts]
        request = context.get("request")
        if any(value in (None, "") for value in values) or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        # Today's date too: lists say "14:05" for today's stories and "24 Nov" after. And
        # the site's address as the reader asked for it: absolute links are made from it.
        origin = f"{request.scheme}://{request.get_host()}" if request else ""
        name = "|".join(
            map(str, [origin, translation.get_language(), timezone.localdate(), *values])
        )
        digest = hashlib.sha256(name.encode()).hexdigest()
        return mark_safe(remembered(f"html:{digest}", lambda: self.nodelist.render(context)))
