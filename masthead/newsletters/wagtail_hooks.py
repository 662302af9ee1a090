"""The "Newsletters" admin menu: overview, newsletters, editions (with preview, test, send
and progress), subscribers, the suppression list, and CSV import/export."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from masthead.newsletters import admin_views
from masthead.newsletters.models import Edition, Newsletter, Subscriber, Suppression
from masthead.staff.admin_access import RestrictedPolicy, permitted_menu_item


class OverviewViewSet(ViewSet):
    name = "newsletters_overview"
    url_prefix = "newsletters"
    menu_label = "Overview"
    menu_icon = "view"
    menu_item_class = permitted_menu_item("newsletters.view_newsletter")

    @property
    def menu_url(self):
        return reverse("newsletters_overview:index")

    def get_urlpatterns(self):
        return [
            path("", admin_views.overview, name="index"),
            path("import/", admin_views.subscribers_import, name="import"),
            path("export.csv", admin_views.subscribers_export, name="export"),
        ]


class NewsletterDeleteView(DeleteView):
    """A newsletter with editions keeps its archive: it can leave the signup page instead."""

    def dispatch(self, request, *args, **kwargs):
        self.object = getattr(self, "object", None) or self.get_object()
        if self.object.editions.exists():
            messages.error(
                request,
                f"{self.object} has editions in its archive, so it stays. To stop offering "
                "it, untick “offered on the signup page”.",
            )
            return redirect("newsletter:index")
        return super().dispatch(request, *args, **kwargs)


class NewsletterViewSet(ModelViewSet):
    model = Newsletter
    url_prefix = "newsletters/lists"
    icon = "mail"
    menu_label = "Newsletters"
    delete_view_class = NewsletterDeleteView
    list_display = ["name", "access", "cadence", "on_signup_page", "featured", "schedule_time"]
    copy_view_enabled = False


class EditionEditView(EditView):
    """Sent (or sending) editions are history: their page shows the send and its results."""

    def dispatch(self, request, *args, **kwargs):
        self.object = getattr(self, "object", None) or self.get_object()
        if not self.object.is_editable:
            messages.info(request, "This edition went out already: here is how it went.")
            return redirect("newsletters_edition:send", self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def header_buttons(self):
        url = reverse("newsletters_edition:send", args=[self.object.pk])
        return [
            *super().header_buttons,
            HeaderButton("Preview and send", url=url, icon_name="mail"),
        ]


class EditionViewSet(ModelViewSet):
    model = Edition
    name = "newsletters_edition"
    url_prefix = "newsletters/editions"
    icon = "doc-full"
    menu_label = "Editions"
    edit_view_class = EditionEditView
    list_display = [
        "subject",
        "newsletter",
        "status",
        Column("send_at", label="Scheduled for"),
        Column("sent_on", label="Sent"),
    ]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]
    search_backend_name = None
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/send/", admin_views.edition_send, name="send"),
            path("<int:pk>/send/confirm/", admin_views.edition_send_confirm, name="send_confirm"),
            path("<int:pk>/preview/", admin_views.edition_preview, name="preview"),
            path(
                "alert/<slug:kind>/<int:pk>/",
                admin_views.edition_alert,
                name="alert",
            ),
        ]


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    url_prefix = "newsletters/subscribers"
    icon = "user"
    menu_label = "Subscribers"
    list_display = ["email", "created_at"]
    list_filter = ["subscriptions__newsletter", "subscriptions__status"]
    search_fields = ["email"]
    search_backend_name = None
    form_fields = ["email"]
    inspect_view_enabled = True
    inspect_template_name = "newsletters/admin/subscriber_inspect.html"
    copy_view_enabled = False


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    url_prefix = "newsletters/suppressed"
    icon = "warning"
    menu_label = "Suppressed addresses"
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email", "detail"]
    search_backend_name = None
    copy_view_enabled = False


# Subscribers arrive by signup or import (double opt-in or the importer's word), never by hand.
register_permission_policy(Subscriber, RestrictedPolicy(Subscriber, denied={"add"}))


class NewslettersGroup(ViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 260
    items = (
        OverviewViewSet,
        NewsletterViewSet,
        EditionViewSet,
        SubscriberViewSet,
        SuppressionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewslettersGroup()
