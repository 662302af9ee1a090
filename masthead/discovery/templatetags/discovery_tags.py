from django import template

from masthead.core.sites import translations_live
from masthead.discovery import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data_for(context) -> str:
    page, request = context.get("page"), context.get("request")
    if page is None or request is None:
        return ""
    things = structured_data.for_page(page, request=request, authors=context.get("bylines"))
    return structured_data.scripts(things)


@register.inclusion_tag("discovery/tags/hreflang.html", takes_context=True)
def hreflang_links(context) -> dict:
    """<link rel="alternate" hreflang> for each published translation of this page."""
    page = context.get("page")
    if page is None or not hasattr(page, "get_translations"):
        return {"translations": []}
    translations = translations_live(page)
    return {"translations": translations if len(translations) > 1 else []}
