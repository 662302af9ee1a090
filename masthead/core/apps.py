from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        from masthead.core import roles

        # Roles are defined in code and kept in step with it after every migrate, the way
        # Django keeps permissions in step (they only exist once migrations have run).
        post_migrate.connect(roles.sync_after_migrate, sender=self)

        from masthead.core import pagecache_signals, signin_guard  # noqa: F401 - receivers

        pagecache_signals.register()
