"""Feeds live inside each edition's URLs (/uk/feeds/…); sitemaps and robots.txt cover all."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter
from wagtail.contrib.sitemaps.views import index as wagtail_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from masthead.discovery import views
from masthead.discovery.feeds import StoriesAtomFeed, StoriesRssFeed
from masthead.discovery.sitemaps import EditionsSitemap, NewsSitemap

SITEMAPS = {"pages": EditionsSitemap, "news": NewsSitemap}


class UnicodeSlugConverter(StringConverter):
    """A slug as Wagtail and taggit make them: letters of any script (a tag «повінь»)."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")

feed_urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("feeds/rss.xml", StoriesRssFeed(), name="feed_rss"),
    path("feeds/atom.xml", StoriesAtomFeed(), name="feed_atom"),
    path("feeds/feed.json", views.json_feed, name="feed_json"),
    path("feeds/<slug:scope>/<uslug:slug>/rss.xml", StoriesRssFeed(), name="feed_rss"),
    path("feeds/<slug:scope>/<uslug:slug>/atom.xml", StoriesAtomFeed(), name="feed_atom"),
]


urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("views/<int:article_id>/", views.view_beacon, name="view_beacon"),
    path(
        "sitemap.xml",
        wagtail_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap_news"),
    path("sitemap-pages.xml", views.pages_sitemap, name="sitemap_pages"),
    path(
        "sitemap-<section>.xml",
        wagtail_sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
