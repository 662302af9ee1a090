"""Live coverage: a live page is a story (it is listed, searched and fed like one) that grows by
updates, each its own row, written and corrected without republishing the page."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from masthead.core.panels import promote_tab, title_panel
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.video_embeds import VideoEmbed, video_embed

UPDATE_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class LivePage(RoutablePageMixin, ArticlePage):
    class Status(models.TextChoices):
        LIVE = "live", "Live"
        PAUSED = "paused", "Paused (readers see the coverage is on hold)"
        ENDED = "ended", "Ended (an archive: no more updates, no polling)"

    summary = RichTextField(
        "what we know so far",
        blank=True,
        features=UPDATE_FEATURES,
        help_text="Pinned at the top of the page. Keep it current: readers arriving late "
        "start here.",
    )
    # The story's body stays empty here: a live page is its summary and its updates.
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.LIVE)
    coverage_start = models.DateTimeField(
        "coverage started", default=timezone.now, help_text="When the coverage began."
    )
    coverage_end = models.DateTimeField(
        "coverage ended", null=True, blank=True, help_text="Set when the coverage is ended."
    )

    content_panels = [
        HelpPanel(template="live/admin/updates_link_panel.html", heading="Live updates"),
        title_panel(
            heading="Headline",
            help_text="As readers see it on the page and in lists, marked LIVE while live.",
        ),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")], heading="Lead image"
        ),
        InlinePanel("authors", label="Author", min_num=1),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")]),
            ],
            heading="Coverage",
            help_text="Updates are written on the page's “Live updates” screen, without "
            "publishing the page again.",
        ),
        FieldPanel("tags"),
        MultiFieldPanel([FieldPanel("corrections")], heading="Corrections"),
    ]
    promote_panels = promote_tab(example="/news/[flood-live]/", made_from="headline")
    search_fields = [*ArticlePage.search_fields, index.SearchField("summary")]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []
    preview_modes = [("", "Live page")]

    class Meta:
        verbose_name = "live page"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @cached_property
    def newest_updates(self) -> list["LiveUpdate"]:
        """The newest run of published updates (its JSON-LD's); the page's view sets it
        from what it read already."""
        from masthead.live import queries

        return list(queries.updates_published(page=self)[: queries.PAGE_SIZE])

    @property
    def topic(self) -> str:
        """The page cache's topic for this page's updates (core/pagecache/topics.py)."""
        return f"live-{self.pk}"

    def reading_time_set(self) -> None:
        self.read_minutes = 1  # a live page is read as it grows, not in one sitting

    @path("")
    def live_page(self, request):
        from masthead.live import views

        return views.live_page(request, page=self)

    @path("updates/")
    def updates_json(self, request):
        from masthead.live import views

        return views.updates_json(request, page=self)

    @path("feed/")
    def updates_feed(self, request):
        from masthead.live import views

        return views.updates_feed(request, page=self)


class LiveUpdate(models.Model):
    """One entry of a live page: its own row, so editors post at once without overwriting
    each other, and nothing about it needs a revision of the page."""

    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        SUBMITTED = "submitted", "Waiting for review"

    page = models.ForeignKey(LivePage, on_delete=models.CASCADE, related_name="updates")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    published_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200, blank=True)
    body = RichTextField(features=UPDATE_FEATURES)
    image = models.ForeignKey(
        "core.MastheadImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_caption = models.CharField(
        max_length=500, blank=True, help_text="Leave blank for the image's own caption."
    )
    quote = models.TextField(blank=True, max_length=1000)
    quote_source = models.CharField(max_length=200, blank=True)
    embed_url = models.URLField(
        blank=True, help_text="A YouTube or Vimeo video, played on the page; other links are shown."
    )
    key_event = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    authors = models.ManyToManyField("people.AuthorPage", blank=True, related_name="+")
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction = models.CharField(
        max_length=300, blank=True, help_text="What was corrected, shown to readers."
    )
    translation = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    story = models.ForeignKey(
        ArticlePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "state", "-published_at", "-id"], name="live_newest"),
        ]

    def __str__(self) -> str:
        return self.title or f"Update {self.pk}"

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    @property
    def caption(self) -> str:
        return self.image_caption or (self.image.caption if self.image else "")

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    @cached_property
    def embed(self) -> VideoEmbed | None:
        if not self.embed_url:
            return None
        return video_embed(url=self.embed_url, providers=settings.VIDEO_EMBED_PROVIDERS)

    @property
    def at_ms(self) -> int:
        return int(self.published_at.timestamp() * 1000)

    @property
    def version(self) -> str:
        """What changes whenever a reader would see it change."""
        return str(int(self.modified_at.timestamp() * 1000))


def _in_two_hours():
    return timezone.now() + timedelta(hours=2)


class BreakingNews(models.Model):
    """The bar across the top of every page of one edition: a headline and where it leads,
    until it is turned off or its time runs out."""

    locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="edition",
        help_text="The edition whose pages show it, in that edition's language.",
    )
    headline = models.CharField(max_length=160)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where it leads: a live page or a story.",
    )
    url = models.URLField("or a web address", blank=True)
    on = models.BooleanField("shown", default=True, help_text="Untick to take it down at once.")
    expires_at = models.DateTimeField(
        "until",
        default=_in_two_hours,
        help_text="It leaves every page at this time by itself.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("locale"),
        FieldPanel("headline"),
        FieldPanel("page"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("on"), FieldPanel("expires_at")]),
    ]

    MAX_HOURS = 72  # news that breaks for longer than three days is a story, not a bar

    class Meta:
        verbose_name = "breaking news item"
        verbose_name_plural = "breaking news items"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.headline

    @property
    def is_shown(self) -> bool:
        return self.on and self.expires_at > timezone.now()

    @property
    def on_site(self) -> str:
        """For the admin's list: whether readers see it now, and if not, why."""
        if not self.on:
            return "No: taken down"
        if self.expires_at <= timezone.now():
            return "No: its time ran out"
        return f"Yes, until {timezone.localtime(self.expires_at):%d.%m %H:%M}"

    def clean(self) -> None:
        if not self.page_id and not self.url:
            raise ValidationError({"page": "Choose where it leads: a page or a web address."})
        if not (self.on and self.expires_at):
            return
        now = timezone.now()
        if self.expires_at <= now:
            raise ValidationError({"expires_at": "That time has passed: choose a later one."})
        if self.expires_at > now + timedelta(hours=self.MAX_HOURS):
            raise ValidationError(
                {"expires_at": f"At most {self.MAX_HOURS} hours ahead: a bar is for news now."}
            )
        shown = BreakingNews.objects.filter(
            locale_id=self.locale_id, on=True, expires_at__gt=now
        ).exclude(pk=self.pk)
        if self.locale_id and (other := shown.first()):
            raise ValidationError(
                {
                    "on": f"“{other.headline}” is on this edition's pages until "
                    f"{timezone.localtime(other.expires_at):%H:%M}: take it down first (untick "
                    "“shown” on it), or untick it here."
                }
            )
