"""Decoupled reactions to publishing: related stories are recomputed in the background."""

from wagtail.signals import page_published

from masthead.newsroom.models import ArticlePage


def related_refresh_on_publish(sender, instance, **kwargs) -> None:
    from masthead.discovery.tasks import related_refresh_task

    # The database task backend stores the task in the publishing transaction: it runs
    # only if the publication commits (Wagtail's search indexing relies on the same).
    related_refresh_task.enqueue(instance.pk)


def register() -> None:
    page_published.connect(
        related_refresh_on_publish, sender=ArticlePage, dispatch_uid="related-refresh"
    )
