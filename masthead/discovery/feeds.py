"""RSS 2.0 and Atom feeds of stories: full text, lead image enclosures, stable GUIDs."""

import mimetypes
import re
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from masthead.core.images import SHARE_SPEC, renditions_ready
from masthead.discovery import queries
from masthead.newsroom import queries as newsroom_queries
from masthead.newsroom.models import ArticlePage

_URL_ATTRIBUTE = re.compile(r'(href|src|poster)="(/[^"]*)"')
_SRCSET = re.compile(r'srcset="([^"]*)"')


def absolute_urls(html: str, *, base: str) -> str:
    """Feed readers show the HTML away from the site: make every local address absolute."""
    html = _URL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{base}{m[2]}"', html)
    return _SRCSET.sub(
        lambda m: (
            'srcset="'
            + ", ".join(
                f"{base}{part.strip()}" if part.strip().startswith("/") else part.strip()
                for part in m[1].split(",")
            )
            + '"'
        ),
        html,
    )


def article_html(article: ArticlePage, *, base: str) -> str:
    """The full text, or for a members-only story its standfirst and where to read it."""
    if article.members_only:
        return format_html(
            '<p>{}</p><p><a href="{}">{}</a></p>',
            article.standfirst,
            article.full_url,
            _("This story is for members: read it on our site."),
        )
    return absolute_urls(str(article.body), base=base)


def article_guid(article: ArticlePage, *, host: str) -> str:
    """A tag: URI (RFC 4151) from what never changes: the host, first day and page id."""
    day = article.first_published_at.strftime("%Y-%m-%d")
    return f"tag:{host},{day}:article-{article.pk}"


class FullTextRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class StoriesRssFeed(Feed):
    feed_type = FullTextRssFeed
    item_guid_is_permalink = False

    def get_object(self, request, scope="site", slug=""):
        self.base = request.build_absolute_uri("/").rstrip("/")
        return queries.feed_scope(request=request, scope=scope, slug=slug)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description or scope.title

    def items(self, scope):
        return list(scope.articles[: queries.FEED_SIZE])

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.standfirst

    def item_link(self, article):
        return article.full_url

    def item_guid(self, article):
        return article_guid(article, host=urlsplit(self.base).hostname or "localhost")

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.updated_at or article.last_published_at

    def item_author_name(self, article):
        return ", ".join(byline.author.title for byline in article.authors.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def _enclosure(self, article) -> tuple[str, int, str] | None:
        """The lead image as a 1200x630 JPEG (prefetched renditions: no extra query); the
        picture's own file until the worker has made that: address, bytes, type."""
        image = article.lead_image
        if not image:
            return None
        ready = renditions_ready(image, [SHARE_SPEC])
        if ready:
            return ready[SHARE_SPEC].url, ready[SHARE_SPEC].file.size, "image/jpeg"
        kind = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return image.file.url, image.get_file_size() or 0, kind

    def item_enclosure_url(self, article):
        if (enclosure := self._enclosure(article)) is None:
            return None
        url = enclosure[0]
        return f"{self.base}{url}" if url.startswith("/") else url

    def item_enclosure_length(self, article):
        enclosure = self._enclosure(article)
        return enclosure[1] if enclosure else None

    def item_enclosure_mime_type(self, article):
        enclosure = self._enclosure(article)
        return enclosure[2] if enclosure else None

    def item_extra_kwargs(self, article):
        return {"content_html": article_html(article, base=self.base)}


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = FullTextAtomFeed  # type: ignore[assignment]  # both are Django's SyndicationFeed

    def subtitle(self, scope):
        return scope.description


def feed_paths_listing(article: ArticlePage) -> list[str]:
    """The paths of every feed that lists this story, and the news sitemap, in the active
    language: the site's feeds, and its section's, authors' and topics' in RSS and Atom."""
    scopes = [("section", article.get_parent().slug)]
    scopes += [("author", author.slug) for author in newsroom_queries.bylines(article=article)]
    scopes += [("tag", tag.slug) for tag in article.tags.all()]
    paths = [reverse("feed_rss"), reverse("feed_atom"), reverse("feed_json")]
    paths.append(reverse("sitemap_news"))
    for scope, slug in scopes:
        paths += [reverse(name, args=[scope, slug]) for name in ("feed_rss", "feed_atom")]
    return paths
