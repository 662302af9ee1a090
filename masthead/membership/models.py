"""Reader revenue: tiers, members and their status history, payments, gifts, campaigns.

State changes go through `status_machine.py` (and the checkouts, subscriptions and gifts on
it); these models hold data and invariants.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

PRICE: dict[str, Any] = {
    "max_digits": 10,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}


class Interval(models.TextChoices):
    MONTH = "month", _("monthly")
    YEAR = "year", _("yearly")


class Tier(models.Model):
    """A membership level with a monthly and a yearly price."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    benefits = models.TextField(blank=True, help_text="One benefit per line.")
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217, e.g. USD, EUR.")
    monthly_price = models.DecimalField(**PRICE)
    yearly_price = models.DecimalField(**PRICE)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("offered on the join page", default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("benefits"),
        FieldRowPanel(
            [FieldPanel("currency"), FieldPanel("monthly_price"), FieldPanel("yearly_price")]
        ),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]

    class Meta:
        ordering = ["sort_order", "monthly_price"]

    def __str__(self) -> str:
        return self.name

    def price(self, interval: str) -> Decimal:
        return self.yearly_price if interval == Interval.YEAR else self.monthly_price

    @property
    def benefit_list(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


@register_setting(icon="pick")
class MembershipSettings(BaseSiteSetting):
    """One-off donations: the suggested amounts on the join page."""

    donation_currency = models.CharField(max_length=3, default="USD")
    donation_amounts = models.CharField(
        max_length=100,
        default="10, 25, 50, 100",
        help_text="Suggested one-off amounts, separated by commas.",
    )
    donation_minimum = models.DecimalField(default=Decimal(2), **PRICE)

    panels = [
        FieldPanel("donation_currency"),
        FieldPanel("donation_amounts"),
        FieldPanel("donation_minimum"),
    ]

    class Meta:
        verbose_name = "membership settings"

    @property
    def suggested_amounts(self) -> list[Decimal]:
        amounts = []
        for part in self.donation_amounts.split(","):
            try:
                amounts.append(Decimal(part.strip()))
            except ArithmeticError:
                continue
        return [amount for amount in amounts if amount > 0]


def link_allowed(url: str) -> bool:
    """What a banner link may be: an http(s) address or a path on this site. Anything else
    could run in the reader's browser (`javascript:`, `data:`) or leave the site while
    looking like a path (`//host`, `/\\host`; browsers drop tabs and newlines, so none)."""
    if not url or any(char.isspace() or not char.isprintable() for char in url):
        return False
    if url.startswith("/"):
        return not url.startswith(("//", "/\\"))
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def link_validate(url: str) -> None:
    if not link_allowed(url):
        raise ValidationError(
            _(
                "Use an address starting with https:// (or http://), or a path on this site "
                "starting with a single /, such as /join/."
            ),
            code="link",
        )


class Campaign(ClusterableModel):
    """A membership drive toward a goal; the active one shows as a banner on every page,
    in the words of the reader's edition where it has them (`wordings`)."""

    class Counts(models.TextChoices):
        ACTIVE = "active", _("members with an active membership")
        NEW = "new", _("new members since the campaign started")

    title = models.CharField(max_length=120)
    goal = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    counts = models.CharField(max_length=10, choices=Counts.choices, default=Counts.ACTIVE)
    starts_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    call_to_action = models.CharField(
        max_length=200,
        help_text='Shown after the count, e.g. "help us reach 25,000 members by the end of 2026".',
    )
    link_text = models.CharField(max_length=60, default="Become a member")
    link_url = models.CharField(
        max_length=300,
        default="/join/",
        validators=[link_validate],
        help_text="A path on this site (/join/) or a full https:// address.",
    )
    reached_text = models.CharField(
        max_length=200,
        default="We reached our goal. Thank you!",
        help_text="Shown instead of the call to action once the goal is reached.",
    )
    is_active = models.BooleanField("on", default=True)
    # Current members who joined while this campaign ran: kept by the services, read in O(1).
    joined_count = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("goal"), FieldPanel("counts")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("deadline")]),
        FieldPanel("call_to_action"),
        FieldPanel("reached_text"),
        FieldRowPanel([FieldPanel("link_text"), FieldPanel("link_url")]),
        InlinePanel(
            "wordings",
            heading="In the other editions",
            label="Wording",
            help_text="The banner's words for readers of another edition. The count and goal "
            "are the same; an edition without its own wording shows the words above.",
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def runs_at(self, moment) -> bool:
        return self.is_active and self.starts_at <= moment <= self.deadline

    def words(self, language: str) -> dict[str, str]:
        """What the banner says to readers of this language."""
        own = next((w for w in self.wordings.all() if w.language == language), self)
        words = {name: getattr(own, name) for name in CampaignWording.WORDS}
        if not link_allowed(words["link_url"]):
            words["link_url"] = ""  # stored before links were checked: the banner shows none
        return words


class CampaignWording(Orderable):
    """A campaign's banner words in one edition's language."""

    WORDS = ("call_to_action", "reached_text", "link_text", "link_url")

    campaign = ParentalKey(Campaign, on_delete=models.CASCADE, related_name="wordings")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    call_to_action = models.CharField(max_length=200)
    reached_text = models.CharField(max_length=200)
    link_text = models.CharField(max_length=60)
    link_url = models.CharField(
        max_length=300,
        validators=[link_validate],
        help_text="A path on this site (/uk/join/) or a full https:// address.",
    )

    panels = [
        FieldPanel("language"),
        FieldPanel("call_to_action"),
        FieldPanel("reached_text"),
        FieldRowPanel([FieldPanel("link_text"), FieldPanel("link_url")]),
    ]

    class Meta(Orderable.Meta):
        unique_together = [("campaign", "language")]

    def __str__(self) -> str:
        return f"{self.campaign} ({self.language})"


class Counter(models.Model):
    """Running totals kept in step with status changes, so pages never COUNT members."""

    ACTIVE_MEMBERS = "active_members"

    name = models.CharField(max_length=40, primary_key=True)
    value = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Label(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A reader's membership: one per account, kept (and reactivated) across lapses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting first payment")
        ACTIVE = "active", _("active")
        PAST_DUE = "past_due", _("payment overdue")
        CANCELED = "canceled", _("canceled")
        EXPIRED = "expired", _("expired")

    class Source(models.TextChoices):
        CHECKOUT = "checkout", _("joined online")
        GIFT = "gift", _("gift")
        COMPLIMENTARY = "complimentary", _("complimentary")
        IMPORT = "import", _("imported")

    # Statuses that give access to members-only stories and count toward campaigns.
    CURRENT = (Status.ACTIVE, Status.PAST_DUE)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=15, choices=Source.choices, default=Source.CHECKOUT)
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT)
    interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The drive during which they (last) joined.",
    )
    labels = models.ManyToManyField(Label, blank=True, related_name="members")
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Paid (or gifted) through this moment; the next payment falls due then.
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    provider = models.CharField(max_length=10, blank=True)
    customer_ref = models.CharField(max_length=100, blank=True, db_index=True)
    subscription_ref = models.CharField(max_length=100, blank=True, db_index=True)
    # The time of the last provider event applied: older ones arriving late are ignored.
    synced_at = models.DateTimeField(null=True, blank=True)
    # A change of tier or interval waiting for the renewal on `pending_at` (a downgrade), and
    # the provider's schedule that makes it (Stripe keeps a schedule a period after it applies).
    pending_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pending_interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    pending_at = models.DateTimeField(null=True, blank=True)
    schedule_ref = models.CharField(max_length=100, blank=True)
    wall_name = models.CharField("name on the wall of supporters", max_length=80, blank=True)
    wall_consent = models.BooleanField("listed on the wall of supporters", default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-joined_at", "-id"]
        indexes = [models.Index(fields=["status", "joined_at"])]

    def __str__(self) -> str:
        return self.user.email or self.user.get_username()

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT

    @property
    def counts_toward_goal(self) -> bool:
        return self.is_current and self.source != self.Source.COMPLIMENTARY

    @property
    def price(self) -> Decimal | None:
        return self.tier.price(self.interval) if self.tier and self.interval else None

    @property
    def pending_price(self) -> Decimal | None:
        return self.pending_tier.price(self.pending_interval) if self.pending_tier else None

    def status_summary(self) -> str:
        """Where the membership stands, in a sentence for the member (not `active`)."""
        until = (
            date_format(timezone.localtime(self.current_period_end), "j E Y")
            if self.current_period_end
            else ""
        )
        if self.status == self.Status.PAST_DUE:
            return str(
                _("Your last payment did not go through: update your card to stay a member.")
            )
        if self.status == self.Status.PENDING:
            return str(_("Waiting for your first payment to go through."))
        if not self.is_current:
            if self.ended_at:
                ended = date_format(timezone.localtime(self.ended_at), "j E Y")
                return _("Your membership ended on %(date)s.") % {"date": ended}
            return str(_("You are not a member at the moment."))
        if self.subscription_ref and self.cancel_at_period_end:
            return _("A member until %(date)s; it will not renew.") % {"date": until}
        if self.subscription_ref:
            return _("A member, renewing on %(date)s.") % {"date": until}
        if until:
            return _("A member until %(date)s (%(source)s).") % {
                "date": until,
                "source": self.get_source_display(),
            }
        return str(_("A member."))


class Reason:
    """Why a status changed, as recorded in StatusChange.reason (free text otherwise)."""

    JOINED = "joined online"
    GIFT = "gift redeemed"
    COMPLIMENTARY = "complimentary"
    IMPORTED = "imported"
    PROVIDER = "payment provider"
    PAID = "payment received"
    FAILED = "payment failed"
    PERIOD_ENDED = "paid period ended"
    ACCOUNT_DELETED = "account deleted"
    # The reasons a member starts: the dashboard's "new members".
    STARTS = (JOINED, GIFT, COMPLIMENTARY, IMPORTED)


class StatusChange(models.Model):
    """Every status a member passed through: the dashboard's weekly joins and churn."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=Member.Status.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.member} → {self.status}"


class TierChange(models.Model):
    """Every change of tier or interval, beside the status history: what a member paid for
    before and after, and how it came."""

    class How(models.TextChoices):
        NOW = "now", _("at once, prorated")
        RENEWAL = "renewal", _("at renewal")
        PROVIDER = "provider", _("confirmed by the payment provider")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="tier_changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    from_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    to_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    how = models.CharField(max_length=10, choices=How.choices)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_tier} → {self.to_tier} ({self.to_interval})"


class Checkout(models.Model):
    """A payment a reader started: a subscription, a gift or a donation."""

    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", _("membership")
        GIFT = "gift", _("gift membership")
        DONATION = "donation", _("donation")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        COMPLETED = "completed", _("completed")
        CANCELED = "canceled", _("canceled")

    token = models.CharField(max_length=43, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    email = models.EmailField()
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT)
    interval = models.CharField(max_length=5, choices=Interval.choices, blank=True)
    amount = models.DecimalField(**PRICE)
    currency = models.CharField(max_length=3)
    provider = models.CharField(max_length=10)
    session_ref = models.CharField(max_length=200, blank=True, db_index=True)
    gift = models.OneToOneField(
        "Gift", null=True, blank=True, on_delete=models.CASCADE, related_name="checkout"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.email}"


class Payment(models.Model):
    """Money received. Kept when a member deletes their account (without their e-mail)."""

    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=12, choices=Checkout.Kind.choices)
    amount = models.DecimalField(**PRICE)
    currency = models.CharField(max_length=3)
    provider = models.CharField(max_length=10)
    reference = models.CharField(max_length=200, unique=True)
    paid_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-paid_at", "-id"]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_kind_display()})"


def _gift_expiry():
    return timezone.now() + timedelta(days=365)


class Gift(models.Model):
    """A membership bought for someone else, delivered by e-mail with a one-time code."""

    class State(models.TextChoices):
        UNPAID = "unpaid", _("awaiting payment")
        PAID = "paid", _("paid, waiting for its delivery date")
        DELIVERED = "delivered", _("delivered")
        REDEEMED = "redeemed", _("redeemed")

    MONTHS = [(1, _("1 month")), (6, _("6 months")), (12, _("12 months"))]

    state = models.CharField(max_length=10, choices=State.choices, default=State.UNPAID)
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT)
    months = models.PositiveSmallIntegerField(choices=MONTHS)
    purchaser_email = models.EmailField()
    purchaser_name = models.CharField(max_length=80, blank=True)
    recipient_email = models.EmailField()
    recipient_name = models.CharField(max_length=80, blank=True)
    message = models.TextField(blank=True, max_length=1000)
    deliver_on = models.DateField(default=timezone.localdate)
    # Only the code's hash is stored: the code itself exists in the recipient's e-mail.
    code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField(default=_gift_expiry)
    delivered_at = models.DateTimeField(null=True, blank=True)
    redeemed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="gifts_redeemed"
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "deliver_on"])]

    def __str__(self) -> str:
        return f"{self.tier}, {self.months} months, for {self.recipient_email}"


class WebhookEvent(models.Model):
    """Each provider event once: a replay finds its id here and changes nothing."""

    provider = models.CharField(max_length=10)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"
