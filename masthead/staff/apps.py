from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users.apps import WagtailUsersAppConfig


class StaffConfig(AppConfig):
    """The newsroom's staff in the admin: roles, who may open the admin, signing in with a
    password (the lock-out) and two-factor sign-in."""

    name = "masthead.staff"
    label = "staff"
    verbose_name = "Staff: roles and signing in to the admin"
    default = True  # the app's own config; UsersConfig below is for wagtail.users

    def ready(self) -> None:
        from django.apps import apps

        from masthead.staff import roles, signin_guard  # noqa: F401 - signin_guard: receivers

        # Roles are defined in code and kept in step with it after every migrate, the way
        # Django keeps permissions in step (they only exist once migrations have run). Sent
        # once per migrate for core (Django signals only apps that have models).
        post_migrate.connect(roles.sync_after_migrate, sender=apps.get_app_config("core"))


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, whose user edit page offers administrators a reset of the person's
    two-factor sign-in."""

    user_viewset = "masthead.staff.two_factor_views.UserViewSet"
