"""The live updates screen: post in one step at the top, the newest updates below, each
corrected in place (`?edit=ID` opens its form where it stands), pinned, deleted, approved or
turned into a story. No page revision is made for any of it."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from masthead.live import actions, queries, services
from masthead.live.forms import UpdateEditForm, UpdateForm
from masthead.live.models import LivePage, LiveUpdate


def may_contribute(*, page: LivePage, user) -> bool:
    """Editors of the page, and contributors of its section (theirs go through review)."""
    if page.permissions_for_user(user).can_edit():
        return True
    parent = page.get_parent()
    return bool(parent and parent.permissions_for_user(user).can_add_subpage())


def _page_for(request: HttpRequest, page_id: int) -> LivePage:
    page = get_object_or_404(LivePage, pk=page_id)
    if not may_contribute(page=page, user=request.user):
        raise PermissionDenied
    return page


def _may_change(update: LiveUpdate, *, page: LivePage, user) -> bool:
    """Publishers change any update; a contributor only their own, while it waits."""
    if services.may_publish(page=page, user=user):
        return True
    return update.state == LiveUpdate.State.SUBMITTED and update.created_by_id == user.pk


def _screen_url(page: LivePage, **params) -> str:
    url = reverse("live_updates:screen", args=[page.pk])
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{url}?{query}" if query else url


@require_http_methods(["GET", "POST"])
def updates_screen(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_for(request, page_id)
    publisher = services.may_publish(page=page, user=request.user)
    post_form = UpdateForm(
        page=page,
        prefix="new",
        publisher=publisher,
        initial={"authors": queries.authors_last_named(user=request.user, page=page)},
    )
    edit_form = None
    editing = None
    if request.method == "POST":
        post_form = UpdateForm(request.POST, page=page, prefix="new", publisher=publisher)
        if post_form.is_valid():
            update = services.update_post(
                page=page,
                user=request.user,
                fields=post_form.update_fields(),
                authors=list(post_form.cleaned_data["authors"]),
            )
            if update.state == LiveUpdate.State.PUBLISHED:
                messages.success(request, "Update published: readers see it within seconds.")
            else:
                messages.success(request, "Update sent for review: an editor publishes it.")
            return redirect(_screen_url(page))
        messages.error(request, "The update was not posted: see what needs fixing below.")
        return _screen(request, page=page, post_form=post_form, status=400)
    if request.GET.get("edit", "").isdigit():
        editing = get_object_or_404(LiveUpdate, page=page, pk=int(request.GET["edit"]))
        if _may_change(editing, page=page, user=request.user):
            edit_form = _edit_form(editing, page=page, user=request.user)
    before = request.GET.get("before", "")
    return _screen(
        request,
        page=page,
        post_form=post_form,
        edit_form=edit_form,
        editing=editing,
        before=int(before) if before.isdigit() else None,
    )


def _screen(
    request: HttpRequest,
    *,
    page: LivePage,
    post_form: UpdateForm | None = None,
    edit_form: UpdateEditForm | None = None,
    editing: LiveUpdate | None = None,
    before: int | None = None,
    status: int = 200,
) -> HttpResponse:
    publisher = services.may_publish(page=page, user=request.user)
    post_form = post_form or UpdateForm(page=page, prefix="new", publisher=publisher)
    listed = queries.updates_for_admin(page=page, before=before)
    for update in [*listed["waiting"], *listed["updates"]]:
        update.links = actions.update_links(update=update, user=request.user)
    return TemplateResponse(
        request,
        "live/admin/updates.html",
        {
            "page": page,
            "post_form": post_form,
            "edit_form": edit_form,
            "editing": editing,
            "publisher": publisher,
            "may_edit_page": page.permissions_for_user(request.user).can_edit(),
            "user_pk": request.user.pk,
            "media": post_form.media + (edit_form.media if edit_form else forms.Media()),
            "older_url": _screen_url(page, before=listed["older"]) if listed["older"] else "",
            "statuses": LivePage.Status,
            **listed,
        },
        status=status,
    )


def _edit_form(update: LiveUpdate, *, page: LivePage, user, data=None) -> UpdateEditForm:
    return UpdateEditForm(
        data,
        instance=update,
        page=page,
        publisher=services.may_publish(page=page, user=user),
        prefix=f"edit-{update.pk}",
        translations=services.translations_choices(update=update),
        initial={
            "authors": list(update.authors.all()),
            "seen_version": update.version,
            "correction": update.correction,
            "translation": update.translation,
        },
    )


@require_POST
def update_edit(request: HttpRequest, page_id: int, update_id: int) -> HttpResponse:
    page = _page_for(request, page_id)
    update = get_object_or_404(LiveUpdate, page=page, pk=update_id)
    if not _may_change(update, page=page, user=request.user):
        raise PermissionDenied
    form = _edit_form(update, page=page, user=request.user, data=request.POST)
    if form.is_valid():
        try:
            services.update_edit(
                update=update,
                fields=form.update_fields(),
                authors=list(form.cleaned_data["authors"]),
                seen_version=form.cleaned_data["seen_version"],
                corrected=form.cleaned_data["corrected"],
                correction=form.cleaned_data["correction"],
            )
        except services.UpdateConflict:
            messages.error(
                request,
                "Someone else changed this update while you were editing it. Their version "
                "is shown now; your text is kept in the form below to copy from.",
            )
            fresh = LiveUpdate.objects.get(pk=update.pk)
            form = _edit_form(fresh, page=page, user=request.user, data=request.POST)
            form.data = form.data.copy()
            form.data[form.add_prefix("seen_version")] = fresh.version
            return _screen(request, page=page, edit_form=form, editing=fresh, status=409)
        if "translation" in form.cleaned_data:
            services.update_translation_set(
                update=update, translation=form.cleaned_data["translation"]
            )
        messages.success(request, "Update saved: readers see the change within seconds.")
        return redirect(f"{_screen_url(page)}#update-{update.pk}")
    messages.error(request, "The update was not saved: see what needs fixing below.")
    return _screen(request, page=page, edit_form=form, editing=update, status=400)


@require_POST
def update_action(request: HttpRequest, page_id: int, update_id: int, action: str) -> HttpResponse:
    page = _page_for(request, page_id)
    update = get_object_or_404(LiveUpdate, page=page, pk=update_id)
    if not _may_change(update, page=page, user=request.user):
        raise PermissionDenied
    publisher = services.may_publish(page=page, user=request.user)
    if action == "delete":
        services.update_delete(update=update)
        messages.success(request, "Update deleted.")
        return redirect(_screen_url(page))
    if not publisher:
        raise PermissionDenied
    if action in ("pin", "unpin"):
        services.update_pin(update=update, pinned=action == "pin")
        messages.success(request, "Pinned under the summary." if action == "pin" else "Unpinned.")
    elif action == "approve":
        services.update_approve(update=update)
        messages.success(request, "Update published.")
    elif action == "story":
        story = services.update_to_story(update=update, user=request.user)
        messages.success(request, "A draft story was made from the update: finish and publish it.")
        return redirect("wagtailadmin_pages:edit", story.pk)
    else:
        raise PermissionDenied
    return redirect(f"{_screen_url(page)}#update-{update.pk}")


@require_POST
def coverage_status(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_for(request, page_id)
    status = request.POST.get("status", "")
    if not services.may_publish(page=page, user=request.user):
        raise PermissionDenied
    if status not in LivePage.Status.values:
        messages.error(request, "Choose live, paused or ended.")
        return redirect(_screen_url(page))
    services.coverage_status_set(page=page, status=status, user=request.user)
    messages.success(request, f"The coverage is now {LivePage.Status(status).label.lower()}.")
    return redirect(_screen_url(page))
