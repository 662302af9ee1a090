from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from masthead.core import images
        from masthead.core.models import MastheadImage
        from masthead.core.pagecache import signals as pagecache_signals

        pagecache_signals.register()
        # A picture saved (uploaded, cropped, its focal point moved): the worker makes it in
        # every rendition the site shows.
        post_save.connect(images.on_image_saved, sender=MastheadImage, dispatch_uid="renditions")
