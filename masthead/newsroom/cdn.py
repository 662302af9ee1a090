"""What a CDN must forget when a story is published or unpublished: the story and every
page and feed that lists it (Wagtail's frontend-cache backends, by setting; its task queue
sends the purge)."""

from django.conf import settings
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from masthead.newsroom import hooks, models, queries


def urls_showing(article: "models.ArticlePage") -> set[str]:
    """Absolute URLs of the pages and feeds that show this story."""
    root = article.get_site().root_url if article.get_site() else settings.BASE_URL
    urls = {article.full_url} if article.full_url else set()
    for page in article.get_ancestors().live().filter(depth__gt=1):
        if page.full_url:
            urls.add(page.full_url)
    for page in models.NewsFeedPage.objects.live().filter(locale=article.locale):
        urls.add(page.full_url)
    urls.update(author.full_url for author in queries.bylines(article=article))
    tag_index = models.TagIndexPage.objects.live().filter(locale=article.locale).first()
    if tag_index:
        urls.update(f"{tag_index.full_url}{tag.slug}/" for tag in article.tags.all())
    with translation.override(article.locale.language_code):
        paths = hooks.story_paths(article=article)  # feeds and sitemaps (discovery)
    urls.update(f"{root}{path}" for path in paths)
    return {url for url in urls if url}


def on_publish_change(sender, instance, **kwargs) -> None:
    """Signal receiver: a story was published or unpublished."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        PurgeBatch(urls_showing(instance)).purge()
