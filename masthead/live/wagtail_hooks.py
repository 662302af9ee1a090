"""The live updates screen in the admin, and the ways to it (a button on a live page's header
and in its row of the page listing); breaking news, in its own menu."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import BaseButton, Button, HeaderButton, ListingButton

from masthead.live import actions, admin_views, queries, services
from masthead.live.models import BreakingNews, LivePage


@hooks.register("register_admin_urls")
def live_admin_urls():
    urls = [
        path("<int:page_id>/", admin_views.updates_screen, name="screen"),
        path("<int:page_id>/status/", admin_views.coverage_status, name="status"),
        path("<int:page_id>/<int:update_id>/edit/", admin_views.update_edit, name="edit"),
        path(
            "<int:page_id>/<int:update_id>/<slug:action>/",
            admin_views.update_action,
            name="action",
        ),
    ]
    return [path("live/", include((urls, "live_updates"), namespace="live_updates"))]


def _screen_buttons(kind: type[BaseButton], page, user):
    """The way to a live page's updates screen, for those who may use it."""
    if issubclass(page.specific_class or object, LivePage) and admin_views.may_contribute(
        page=page, user=user
    ):
        url = reverse("live_updates:screen", args=[page.pk])
        yield kind("Live updates", url=url, icon_name="pick", priority=5)


@hooks.register("register_page_header_buttons")
def live_header_button(page, user, view_name, next_url=None):
    yield from _screen_buttons(Button, page, user)


@hooks.register("register_page_listing_buttons")
def live_listing_button(page, user, next_url=None):
    yield from _screen_buttons(ListingButton, page, user)


class BreakingNewsEditView(EditView):
    """With what the apps above offer for the item (send it as a newsletter)."""

    @cached_property
    def header_buttons(self):
        links = actions.breaking_links(item=self.object, user=self.request.user)
        return [
            *super().header_buttons,
            *(HeaderButton(label, url=url, icon_name="mail") for label, url in links),
        ]


class BreakingNewsViewSet(ModelViewSet):
    model = BreakingNews
    icon = "warning"
    menu_label = "Breaking news"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["headline", "locale", Column("on_site", label="On the site now"), "expires_at"]
    list_filter = ["locale", "on"]
    edit_view_class = BreakingNewsEditView
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def breaking_news_viewset():
    return BreakingNewsViewSet("breaking_news")


class UpdatesAwaitingReview(Component):
    """On the admin's home for those who may approve them: contributors' live updates
    waiting, by live page, each a link to its screen."""

    order = 90
    template_name = "live/admin/awaiting_review_panel.html"

    def __init__(self, waiting: list[tuple[LivePage, int]]):
        self.waiting = waiting

    def get_context_data(self, parent_context=None):
        return {"waiting": self.waiting}


@hooks.register("construct_homepage_panels")
def updates_awaiting_review(request, panels):
    waiting = [
        (page, count)
        for page, count in queries.pages_with_updates_waiting()
        if services.may_publish(page=page, user=request.user)
    ]
    if waiting:
        panels.append(UpdatesAwaitingReview(waiting))
