"""The membership team's admin: dashboard, members, tiers, campaigns, gifts, payments,
CSV import and complimentary memberships, under one "Membership" menu."""

import datetime

from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from masthead.core.csv_files import SafeExportIndexView
from masthead.membership import admin_views, payments
from masthead.membership.models import Campaign, Gift, Member, Payment, Tier
from masthead.staff.admin_access import RestrictedPolicy, permitted_menu_item


class DashboardViewSet(ViewSet):
    name = "membership-dashboard"
    menu_label = "Dashboard"
    menu_icon = "view"
    menu_item_class = permitted_menu_item("membership.view_member")

    @property
    def menu_url(self):
        return reverse("membership-dashboard:index")

    def get_urlpatterns(self):
        return [
            path("", admin_views.dashboard, name="index"),
            path("import/", admin_views.members_import, name="import"),
            path("complimentary/", admin_views.complimentary, name="complimentary"),
            path("export.csv", admin_views.members_export, name="export"),
        ]


class MemberColumn(ButtonsColumnMixin, TitleColumn):
    """The list's first column with the row's menu (Edit, Inspect) beside the title."""

    def __init__(self, *args, get_buttons, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_buttons(instance)


class MemberIndexView(SafeExportIndexView):
    """Each member links to their record (status, payments, history), not to the bare edit
    form Wagtail links to for whoever may edit; Edit stays in the row's menu and the record."""

    @cached_property
    def columns(self):
        member = MemberColumn(
            "__str__",
            label="Member",
            get_url=self.get_inspect_url,
            get_buttons=self.get_list_buttons,
        )
        return [member, *super().columns[1:]]


class MemberInspectView(InspectView):
    """A member's record: their membership in words and the newsroom's time, then payments
    and status history (member_inspect.html), with Edit at the top."""

    page_title = "Member"
    labels = {
        "interval": "pays",
        "source": "how they joined",
        "joined_at": "member since",
        "current_period_end": "paid or granted through",
        "cancel_at_period_end": "ends when that period does",
        "ended_at": "ended",
        "campaign": "joined during the drive",
        "provider": "payment provider",
        "subscription_ref": "provider's subscription",
        "customer_ref": "provider's customer",
        "created_at": "record created",
    }

    def get_field_label(self, field_name, field):
        return capfirst(self.labels.get(field_name) or super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "j F Y, H:i")
        if isinstance(value, bool):
            return "yes" if value else "no"
        if value in (None, "", "-"):
            return "—"
        return capfirst(value) if field_name == "status" else value

    @cached_property
    def header_buttons(self):
        edit_url = self.get_edit_url()
        return [HeaderButton("Edit", url=edit_url, icon_name="edit")] if edit_url else []

    @cached_property
    def header_more_buttons(self):
        return []  # Edit is in the header; members are not deleted here


class MemberEditView(EditView):
    def get_success_url(self):
        return reverse("member:inspect", args=[self.object.pk])


class MemberViewSet(ModelViewSet):
    model = Member
    icon = "user"
    menu_label = "Members"
    list_display = ["__str__", "status", "tier", "interval", "source", "joined_at"]
    list_filter = ["status", "tier", "interval", "source", "campaign", "labels"]
    search_fields = ["user__email", "wall_name", "notes"]
    search_backend_name = None
    index_view_class = MemberIndexView  # safe CSV cells (readers' words), rows open the record
    list_export = [
        "email",
        "status",
        "tier",
        "interval",
        "source",
        "joined_at",
        "current_period_end",
    ]
    inspect_view_enabled = True
    inspect_view_class = MemberInspectView
    inspect_view_fields = [
        "status",
        "tier",
        "interval",
        "source",
        "joined_at",
        "current_period_end",
        "cancel_at_period_end",
        "ended_at",
        "campaign",
        "provider",
        "subscription_ref",
        "customer_ref",
        "labels",
        "wall_consent",
        "wall_name",
        "notes",
        "created_at",
    ]
    inspect_template_name = "membership/admin/member_inspect.html"
    edit_view_class = MemberEditView
    form_fields = ["labels", "wall_consent", "wall_name", "notes"]
    copy_view_enabled = False


class TierViewSet(ModelViewSet):
    model = Tier
    icon = "tag"
    menu_label = "Tiers"
    list_display = ["name", "monthly_price", "yearly_price", "currency", "is_active"]
    copy_view_enabled = False


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "pick"
    menu_label = "Campaigns"
    list_display = ["title", "goal", "counts", "starts_at", "deadline", "is_active"]
    copy_view_enabled = False


class GiftViewSet(ModelViewSet):
    model = Gift
    icon = "mail"
    menu_label = "Gifts"
    list_display = ["recipient_email", "tier", "months", "state", "deliver_on", "created_at"]
    list_filter = ["state", "tier", "months"]
    search_fields = ["recipient_email", "purchaser_email"]
    search_backend_name = None
    form_fields = ["recipient_name", "deliver_on", "message"]
    copy_view_enabled = False


class PaymentViewSet(ModelViewSet):
    model = Payment
    icon = "form"
    menu_label = "Payments"
    list_display = ["paid_at", "email", "kind", "amount", "currency", "provider"]
    list_filter = ["kind", "currency", "provider"]
    search_fields = ["email", "reference"]
    search_backend_name = None
    index_view_class = SafeExportIndexView
    list_export = ["paid_at", "email", "kind", "amount", "currency", "provider", "reference"]
    form_fields = ["email"]
    copy_view_enabled = False
    inspect_view_enabled = True


# Members come from checkouts and imports, and end through the status machine (which keeps
# the drive's counters): the admin neither adds nor deletes them. A reader deletes their own
# account from the member page (membership/accounts.py).
register_permission_policy(Member, RestrictedPolicy(Member, denied={"add", "delete"}))
register_permission_policy(Gift, RestrictedPolicy(Gift, denied={"add"}))
register_permission_policy(Payment, RestrictedPolicy(Payment, only={"view"}))


class MembershipGroup(ViewSetGroup):
    menu_label = "Membership"
    menu_icon = "group"
    menu_order = 250
    items = (
        DashboardViewSet,
        MemberViewSet,
        TierViewSet,
        CampaignViewSet,
        GiftViewSet,
        PaymentViewSet,
    )


@hooks.register("register_admin_viewset")
def register_membership_viewsets():
    return MembershipGroup()


class DemoPaymentsWarning(Component):
    """At the top of the admin's home for staff: production is taking sign-ups through the
    demo provider, which moves no money, because no real provider is configured."""

    order = 0

    def render_html(self, parent_context=None):
        return format_html(
            '<section class="help-block help-critical" role="alert" data-demo-payments-warning>'
            "<h2>{}</h2><p>{}</p></section>",
            "Payments are not set up",
            "Readers who join, give a gift or donate now pay nothing: the demo payment "
            "provider is in use because STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not "
            "set. Set them (or PAYMENTS_PROVIDER=demo to run a demonstration on purpose).",
        )


@hooks.register("construct_homepage_panels")
def demo_payments_warning(request, panels):
    if payments.demo_by_default() and request.user.has_perm("wagtailadmin.access_admin"):
        panels.insert(0, DemoPaymentsWarning())
