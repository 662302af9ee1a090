import json

from django import template
from django.utils.safestring import mark_safe

from masthead.core.sites import translations_live
from masthead.discovery import structured_data

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a headline must not end or break the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data_for(context) -> str:
    page, request = context.get("page"), context.get("request")
    if page is None or request is None:
        return ""
    scripts = []
    for thing in structured_data.for_page(page, request=request, authors=context.get("bylines")):
        payload = json.dumps({"@context": "https://schema.org", **thing}, ensure_ascii=False)
        scripts.append(
            f'<script type="application/ld+json">{payload.translate(_SCRIPT_ESCAPES)}</script>'
        )
    return mark_safe("\n".join(scripts))


@register.inclusion_tag("discovery/tags/hreflang.html", takes_context=True)
def hreflang_links(context) -> dict:
    """<link rel="alternate" hreflang> for each published translation of this page."""
    page = context.get("page")
    if page is None or not hasattr(page, "get_translations"):
        return {"translations": []}
    translations = translations_live(page)
    return {"translations": translations if len(translations) > 1 else []}
