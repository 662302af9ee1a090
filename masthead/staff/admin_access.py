"""Admin access pieces shared by the apps' wagtail_hooks, and who counts as staff."""

from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy


class RestrictedPolicy(ModelPermissionPolicy):
    """Model permissions, minus actions that would bypass the services (members come from
    checkouts and imports: no "add"; payments are the accounts' record: only "view")."""

    def __init__(self, model, *, denied=(), only=None):
        super().__init__(model)
        self.denied, self.only = set(denied), only

    def user_has_permission(self, user, action):
        if action in self.denied or (self.only and action not in self.only):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def permitted_menu_item(permission: str) -> type[MenuItem]:
    """A menu item class shown only to users with `permission`."""

    class PermittedMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm(permission)

    return PermittedMenuItem


def opens_admin(user) -> bool:
    """Whether this person can open the admin (editors, contributors, membership managers,
    not only `is_staff`): they sign in there with a password, and two-factor where set, never
    with a reader's e-mailed link."""
    return bool(
        user.is_active
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )
