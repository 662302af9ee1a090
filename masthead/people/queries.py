"""Reads for the people app's admin."""

from masthead.core.user_types import User
from masthead.people.models import AuthorIndexPage


def author_indexes_addable(*, user: User) -> list[AuthorIndexPage]:
    """The journalists' pages (one per edition) where `user` may add a journalist."""
    indexes = AuthorIndexPage.objects.select_related("locale").order_by("path")
    return [index for index in indexes if index.permissions_for_user(user).can_add_subpage()]
