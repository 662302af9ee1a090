"""Newsletters: the lists, their subscribers, the editions sent to them and every delivery.

State changes go through `services.py` (subscriptions) and `sending.py` (editions).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from masthead.core.emails import email_normalize, sender_address_validate
from masthead.newsroom.models import story_chooser


class Newsletter(models.Model):  # type: ignore[django-manager-missing] # Edition: modelcluster
    class Cadence(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKDAYS = "weekdays", _("Weekdays")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        OCCASIONAL = "occasional", _("Occasional")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Anyone")
        MEMBERS = "members", _("Members only")

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True, help_text="Its address: /newsletters/<slug>/.")
    description = models.TextField(blank=True, help_text="What readers get, in a sentence or two.")
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.PUBLIC)
    sender_name = models.CharField(max_length=100, blank=True, help_text="Blank: the newsroom.")
    sender_email = models.EmailField(
        blank=True,
        validators=[sender_address_validate],
        help_text="Blank: the newsroom's (Settings → Newsroom settings → Newsletters). Its "
        "domain must be yours.",
    )
    reply_to = models.EmailField(blank=True, validators=[sender_address_validate])
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of its e-mails' own words (footer, links).",
    )
    on_signup_page = models.BooleanField("offered on the signup page", default=True)
    featured = models.BooleanField(
        "offered under articles and on the home page",
        default=False,
        help_text="The first featured public newsletter in a language gets the signup box on "
        "pages in that language (the Ukrainian edition's pages offer a Ukrainian one).",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    # An edition made and sent by itself: the stories of the last hours, at a time of day.
    schedule_days = models.CharField(
        max_length=7,
        blank=True,
        help_text="Days of the week to send an automatic edition on: 0 Monday … 6 Sunday, "
        "e.g. 01234 for weekdays. Blank: no automatic editions.",
    )
    schedule_time = models.TimeField(
        null=True, blank=True, help_text="Newsroom time (TIME_ZONE), e.g. 07:00."
    )
    auto_section = models.ForeignKey(
        "newsroom.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Automatic editions take stories from this section (blank: all sections).",
    )
    auto_hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 31)],
        help_text="… published in the last this many hours.",
    )
    auto_limit = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    auto_subject = models.CharField(
        max_length=150,
        blank=True,
        help_text="Subject of automatic editions; {date} becomes the day, e.g. "
        "“Morning briefing, {date}”. Blank: the newsletter's name and the day.",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("cadence"), FieldPanel("access"), FieldPanel("language")]),
        FieldRowPanel(
            [FieldPanel("sender_name"), FieldPanel("sender_email"), FieldPanel("reply_to")]
        ),
        FieldRowPanel(
            [FieldPanel("on_signup_page"), FieldPanel("featured"), FieldPanel("sort_order")]
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("schedule_days"), FieldPanel("schedule_time")]),
                FieldRowPanel(
                    [
                        PageChooserPanel("auto_section", "newsroom.SectionPage"),
                        FieldPanel("auto_hours"),
                        FieldPanel("auto_limit"),
                    ]
                ),
                FieldPanel("auto_subject"),
            ],
            heading="Automatic editions",
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def members_only(self) -> bool:
        return self.access == self.Access.MEMBERS

    @property
    def schedule_weekdays(self) -> set[int]:
        return {
            int(day)
            for day in self.schedule_days
            if day.isascii() and day.isdigit() and int(day) < 7
        }

    def clean(self):
        if self.schedule_days and not self.schedule_weekdays:
            raise ValidationError({"schedule_days": "Use the digits 0 (Monday) to 6 (Sunday)."})
        if self.schedule_days and self.schedule_time is None:
            raise ValidationError({"schedule_time": "Automatic editions need a time of day."})


class Subscriber(models.Model):
    """One e-mail address; its lists are its subscriptions."""

    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("signup form")
        ACCOUNT = "account", _("member page")
        IMPORT = "import", _("import")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SIGNUP)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter"], name="one_subscription")
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.newsletter}"


class Suppression(models.Model):
    """An address no newsletter goes to, whatever its subscriptions say."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("marked as spam")
        REJECTED = "rejected", _("refused by the mail server")
        MANUAL = "manual", _("added by hand")

    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.MANUAL)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("reason"), FieldPanel("detail")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = email_normalize(self.email)
        super().save(*args, **kwargs)


class Edition(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        CANCELED = "canceled", _("canceled")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="editions")
    subject = models.CharField(max_length=150)
    preheader = models.CharField(
        max_length=150, blank=True, help_text="The line mail apps show after the subject."
    )
    intro = models.TextField(blank=True, help_text="A note from the editors, above the stories.")
    fill_section = models.ForeignKey(
        "newsroom.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fill from section",
        help_text="With no stories picked, the edition takes the latest from this section "
        "(blank: all sections) when it is sent.",
    )
    fill_hours = models.PositiveSmallIntegerField(
        "… of the last hours", default=24, validators=[MinValueValidator(1)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    # Set on editions the schedule made, so that a second scheduler run makes none.
    scheduled_for = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("intro"),
        InlinePanel("stories", heading="Stories", label="Story"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [PageChooserPanel("fill_section", "newsroom.SectionPage"), "fill_hours"]
                )
            ],
            heading="Or fill automatically",
        ),
    ]

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_edition", "Can send editions")]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "scheduled_for"], name="one_automatic_edition_per_slot"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status", "-finished_at"])]

    def __str__(self) -> str:
        return self.subject

    def clean(self):
        if any(line_break in self.subject for line_break in "\r\n"):
            raise ValidationError({"subject": "A subject is one line."})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def sent_on(self) -> datetime.datetime | None:
        return self.finished_at or self.started_at


class EditionStory(Orderable):
    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="stories")
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article", widget=story_chooser())]


class Delivery(models.Model):
    """One edition to one address: made when the send starts, updated as it goes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="one_delivery_per_address")
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return f"{self.edition} → {self.email}"
