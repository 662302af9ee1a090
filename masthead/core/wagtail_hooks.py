from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("get_avatar_url")
def admin_avatar(user, size):
    from masthead.core.avatars import avatar_url

    # No one (a change made by the system): Wagtail's own picture of nobody.
    return avatar_url(user=user, size=size) if user is not None else None
