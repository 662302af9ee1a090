"""Newsroom roles as Wagtail groups, and the Contributor → Editor review workflow.

Contributors write drafts and submit them for review; Editors publish and schedule;
Membership managers run members and campaigns and never publish. Editors write and send
newsletter editions; Membership managers look after the subscriber lists. Core grants only
its own and Wagtail's permissions; the apps above add theirs with `roles_grant`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from masthead.staff.role_names import CONTRIBUTORS, EDITORS, MEMBERSHIP_MANAGERS

REVIEW_WORKFLOW = "Editorial review"

# Permissions over the whole page tree, by role.
PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    MEMBERSHIP_MANAGERS: [],
}

# Model permissions ("app_label.codename"), by role.
MODEL_PERMISSIONS = {
    CONTRIBUTORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "core.change_newsroomsettings",
    ],
    MEMBERSHIP_MANAGERS: ["wagtailadmin.access_admin"],
}


def managing(app_label: str, *models: str) -> list[str]:
    """Add, change, view and delete permissions ("app_label.codename") on these models."""
    actions = ("add", "change", "view", "delete")
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


def roles_grant(*, role: str, permissions: list[str]) -> None:
    """Model permissions ("app_label.codename") an app above core gives a role, from its
    `AppConfig.ready()`; the next `migrate` (or `roles_sync`) adds them to the group."""
    granted = MODEL_PERMISSIONS[role]
    granted += [dotted for dotted in permissions if dotted not in granted]


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create the roles or add what they lack; never takes away what an admin granted."""
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    groups = {}
    for name, codenames in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(dotted) for dotted in codenames])
        # Wagtail asks for image and document permissions per collection (and by the names
        # of its own models): they are granted over the root collection, so everywhere.
        for dotted in codenames:
            if dotted.startswith(("wagtailimages.", "wagtaildocs.")):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_permission(dotted)
                )
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        groups[name] = group
    _review_workflow_sync(root=root, reviewers=groups[EDITORS])
    return groups


def _review_workflow_sync(*, root: Page, reviewers: Group) -> None:
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name="Editor approval")
        task.groups.add(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # Replace Wagtail's stock "Moderators approval" on the root, but keep a workflow an
    # admin chose themselves.
    assignment = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if assignment is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif assignment.workflow.name == "Moderators approval":
        assignment.workflow = workflow
        assignment.save()


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # post_migrate reaches this app before the ones listed after it have their permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    if Page.objects.using(using).exists():
        roles_sync()
