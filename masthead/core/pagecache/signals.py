"""What makes cached pages stale: a page published, unpublished, moved or deleted, the
things every page shows (site settings, redirects, and what the apps above core name with
`pages_show` in their `AppConfig.ready()`: the campaign, tiers, newsletters), and a deploy
(`migrate`: new code may render pages and fragments differently). A decoupled reaction, so a
signal; the bump itself is `generation.pages_changed`.

Images are left out on purpose: Wagtail saves an image when it first measures it for a
rendition, which would empty the cache on every new picture; a changed caption or credit
shows within PAGE_CACHE_SECONDS."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.core.pagecache.generation import pages_changed

SHOWN_ON_PAGES = (
    "core.NewsroomSettings",
    "wagtailredirects.Redirect",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",  # a page made private must leave the cache at once
)


def register() -> None:
    page_published.connect(pages_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(pages_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="pagecache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache-deleted")
    post_migrate.connect(
        pages_changed, sender=apps.get_app_config("core"), dispatch_uid="pagecache-deploy"
    )
    pages_show(*SHOWN_ON_PAGES)


def pages_show(*labels: str) -> None:
    """Models ("app_label.Model") that pages show: saving or deleting one makes every stored
    page stale. Apps name theirs in `AppConfig.ready()`."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")


def _saved(sender: type, instance: object, created: bool = False, **kwargs: object) -> None:
    # Site settings are made with their defaults the first time a page reads them: that
    # changes nothing a reader sees.
    if created and isinstance(instance, BaseSiteSetting):
        return
    pages_changed()


def _page_deleted(sender: type, instance: object, **kwargs: object) -> None:
    if isinstance(instance, Page) and instance.live:
        pages_changed()
