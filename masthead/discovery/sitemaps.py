from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max, Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from masthead.core.pagecache.serving import public_only
from masthead.discovery import queries


class EditionsSitemap(Sitemap):
    """Every live, public page of every edition (Wagtail's own covers one locale tree).

    Django splits it into files of 50,000 URLs (`Sitemap.limit`) listed by the index."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_an_edition = Q()
        for root in roots:
            in_an_edition |= Q(path__startswith=root.path)
        return (
            public_only(Page.objects.live())
            .filter(in_an_edition)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_latest_lastmod(self):
        # Django would call lastmod() on every page for the index; one aggregate does it.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class NewsSitemap(DjangoSitemap):
    """Listed by the index; its file is rendered by views.news_sitemap in Google's format."""

    def items(self):
        return queries.articles_for_news_sitemap()

    def lastmod(self, article):
        return article.last_published_at

    def get_latest_lastmod(self):
        return max((article.last_published_at for article in self.items()), default=None)
