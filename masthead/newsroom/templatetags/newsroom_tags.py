from django import template
from wagtail.models import Locale

from masthead.core.pagecache.fragments import remembered
from masthead.newsroom import queries

register = template.Library()


@register.inclusion_tag("newsroom/tags/latest_stories.html")
def latest_stories(count: int = 5):
    """The edition's newest stories (the 404 page's way back in), shared until a publish."""
    locale = Locale.get_active()
    stories = remembered(
        f"latest-titles:{locale.pk}:{count}",
        lambda: queries.sections_attach(list(queries.articles_live(locale=locale)[:count])),
    )
    return {"stories": stories}
