"""Writes for the people app: journalists' pages."""

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from masthead.core.user_types import User
from masthead.people.models import AuthorIndexPage, AuthorPage


@transaction.atomic
def author_create(*, index: AuthorIndexPage, name: str, role: str = "", user: User) -> AuthorPage:
    """A journalist's page under `index`, as the admin would make it: published when `user`
    may publish there (an editor), else a draft that an editor publishes, and their byline
    shows from then on. Bio, portrait and links are added on the page later."""
    page = AuthorPage(
        title=name,
        slug=find_available_slug(index, slugify(name, allow_unicode=True) or "journalist"),
        role=role,
        owner=user,
        live=False,
    )
    index.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
    if index.permissions_for_user(user).can_publish_subpage():
        revision.publish(user=user)
        page.refresh_from_db()
    return page
