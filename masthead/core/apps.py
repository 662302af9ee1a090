from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"
    default = True  # the app's own config; UsersConfig below is for wagtail.users

    def ready(self) -> None:
        from masthead.core import roles

        # Roles are defined in code and kept in step with it after every migrate, the way
        # Django keeps permissions in step (they only exist once migrations have run).
        post_migrate.connect(roles.sync_after_migrate, sender=self)

        from masthead.core import signin_guard  # noqa: F401 - receivers
        from masthead.core.pagecache import signals as pagecache_signals

        pagecache_signals.register()


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, whose user edit page offers administrators a reset of the person's
    two-factor sign-in."""

    user_viewset = "masthead.core.two_factor_views.UserViewSet"
