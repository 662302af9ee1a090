from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "masthead.discovery"
    label = "discovery"
    verbose_name = "Discovery: feeds, sitemaps, search"

    def ready(self) -> None:
        from masthead.discovery import signal_handlers

        signal_handlers.register()
