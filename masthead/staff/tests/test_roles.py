import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowPage

from masthead.newsroom.tests import builders
from masthead.staff import roles


@pytest.fixture
def story(newsroom):
    return builders.article_make(section=newsroom["news"], authors=[newsroom["author"]])


def test_migrate_creates_the_three_roles_and_the_review_workflow(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.CONTRIBUTORS, roles.EDITORS, roles.MEMBERSHIP_MANAGERS} <= names
    root = Page.get_first_root_node()
    workflow = WorkflowPage.objects.get(page=root).workflow
    assert workflow.name == roles.REVIEW_WORKFLOW
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.EDITORS]


def test_syncing_twice_changes_nothing(db):
    before = {group.name: group.permissions.count() for group in Group.objects.all()}
    roles.roles_sync()
    roles.roles_sync()
    assert {group.name: group.permissions.count() for group in Group.objects.all()} == before


def test_a_contributor_writes_drafts_but_cannot_publish(cast, newsroom, story):
    section_perms = newsroom["news"].permissions_for_user(cast["contributor"])
    assert section_perms.can_add_subpage()
    assert not story.permissions_for_user(cast["contributor"]).can_publish()
    assert not story.permissions_for_user(cast["contributor"]).can_edit()  # not their page


def test_an_editor_edits_publishes_and_schedules(cast, story):
    perms = story.permissions_for_user(cast["editor"])
    assert perms.can_edit() and perms.can_publish() and perms.can_unpublish()


def test_a_membership_manager_reaches_the_admin_but_not_the_pages(cast, story):
    manager = cast["membership_manager"]
    assert manager.has_perm("wagtailadmin.access_admin")
    perms = story.permissions_for_user(manager)
    assert not perms.can_edit() and not perms.can_publish()


def test_a_contributor_submits_a_draft_and_an_editor_approves_it(client, cast, newsroom):
    draft = builders.article_make(section=newsroom["news"], live=False, owner=cast["contributor"])
    workflow_state = draft.get_workflow().start(draft, cast["contributor"])
    task_state = workflow_state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, cast["editor"])
    assert not task_state.task.specific.user_can_access_editor(draft, cast["contributor"])

    client.force_login(cast["contributor"])
    url = f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/"
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/"  # refused
    draft.refresh_from_db()
    assert not draft.live

    client.force_login(cast["editor"])
    response = client.post(url, {"comment": "Good to go"})
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    draft.refresh_from_db()
    assert draft.live


def test_the_admin_requires_a_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
