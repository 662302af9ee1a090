from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("register_admin_urls")
def two_factor_urls():
    from masthead.core.two_factor_views import two_factor_settings

    return [path("account/two-factor/", two_factor_settings, name="two_factor")]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    from masthead.core.two_factor import two_factor_on

    state = "on" if two_factor_on(request.user) else "off"
    return {
        "url": reverse("two_factor"),
        "label": "Two-factor sign-in",
        "help_text": f"A code from your phone after your password (now {state}).",
    }
