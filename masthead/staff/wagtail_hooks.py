from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def two_factor_urls():
    from masthead.staff.two_factor_views import two_factor_reset, two_factor_settings

    return [
        path("account/two-factor/", two_factor_settings, name="two_factor"),
        path("two-factor/reset/<int:user_id>/", two_factor_reset, name="two_factor_reset"),
    ]


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    from masthead.staff.two_factor import RESET_ACTION

    actions.register_action(
        RESET_ACTION, _("Reset two-factor sign-in"), _("Two-factor sign-in reset")
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from masthead.staff.two_factor import two_factor_on

    state = "on" if two_factor_on(user=request.user) else "off"
    return {
        "url": reverse("two_factor"),
        "label": "Two-factor sign-in",
        "help_text": f"A code from your phone after your password (now {state}).",
    }
