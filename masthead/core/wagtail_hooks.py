from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("get_avatar_url")
def admin_avatar(user, size):
    from masthead.core.avatars import avatar_url

    # No one (a change made by the system): Wagtail's own picture of nobody.
    return avatar_url(user=user, size=size) if user is not None else None


@hooks.register("register_admin_urls")
def two_factor_urls():
    from masthead.core.two_factor_views import two_factor_reset, two_factor_settings

    return [
        path("account/two-factor/", two_factor_settings, name="two_factor"),
        path("two-factor/reset/<int:user_id>/", two_factor_reset, name="two_factor_reset"),
    ]


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    from masthead.core.two_factor import RESET_ACTION

    actions.register_action(
        RESET_ACTION, _("Reset two-factor sign-in"), _("Two-factor sign-in reset")
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from masthead.core.two_factor import two_factor_on

    state = "on" if two_factor_on(user=request.user) else "off"
    return {
        "url": reverse("two_factor"),
        "label": "Two-factor sign-in",
        "help_text": f"A code from your phone after your password (now {state}).",
    }
