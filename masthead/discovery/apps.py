from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    label = "discovery"
    verbose_name = "Discovery: feeds, sitemaps, search"

    def ready(self) -> None:
        from masthead.discovery import feeds, pageviews, related, signal_handlers
        from masthead.newsroom import hooks

        signal_handlers.register()
        hooks.home_list_register(
            name="most_read", build=lambda home: pageviews.articles_most_read(locale=home.locale)
        )
        hooks.related_source_set(related.related_ids_computed)
        hooks.story_paths_register(name="feeds", paths=feeds.feed_paths_listing)
