from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "masthead.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from masthead.newsroom import cdn, pictures
        from masthead.newsroom.models import ArticlePage

        # A CDN in front (by setting) forgets the story and every page and feed listing it.
        for signal in (page_published, page_unpublished):
            signal.connect(
                cdn.on_publish_change, sender=ArticlePage, dispatch_uid=f"cdn-{id(signal)}"
            )
        page_published.connect(
            pictures.renditions_on_publish, sender=ArticlePage, dispatch_uid="story-renditions"
        )
