from django.db import models
from django.utils.translation import gettext, gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Site

from masthead.core.emails import sender_address_validate
from masthead.core.pagecache.fragments import remembered


class MastheadImage(AbstractImage):
    """A Wagtail image that carries its own credit and default caption."""

    class CreditKind(models.TextChoices):
        PHOTO = "photo", gettext_lazy("Photo")
        ILLUSTRATION = "illustration", gettext_lazy("Illustration")
        MAP = "map", gettext_lazy("Map")
        GRAPHIC = "graphic", gettext_lazy("Graphic")
        VIDEO_STILL = "video_still", gettext_lazy("Video still")
        HANDOUT = "handout", gettext_lazy("Handout")
        NONE = "none", gettext_lazy("None (the credit alone)")

    caption = models.CharField(
        max_length=500,
        blank=True,
        help_text="Default caption wherever the image is used; an article can override it.",
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text='Who made the image, e.g. "Olena Marchuk / Courier"; shown after its kind, '
        'as in "Photo: Olena Marchuk / Courier".',
    )
    credit_kind = models.CharField(
        "kind of image",
        max_length=12,
        choices=CreditKind.choices,
        default=CreditKind.PHOTO,
        help_text='The word before the credit. "None" shows the credit alone, for a credit '
        'that says it already ("Map data © OpenStreetMap contributors").',
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit", "credit_kind")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]

    @property
    def credit_line(self) -> str:
        """The credit as readers see it, in the active language: "Photo: Olena Marchuk"."""
        if not self.credit:
            return ""
        kind = self.CreditKind
        lines: dict[str, str] = {
            kind.PHOTO: gettext("Photo: %(credit)s"),
            kind.ILLUSTRATION: gettext("Illustration: %(credit)s"),
            kind.MAP: gettext("Map: %(credit)s"),
            kind.GRAPHIC: gettext("Graphic: %(credit)s"),
            kind.VIDEO_STILL: gettext("Video still: %(credit)s"),
            kind.HANDOUT: gettext("Handout: %(credit)s"),
        }
        return lines.get(self.credit_kind, "%(credit)s") % {"credit": self.credit}


class MastheadRendition(AbstractRendition):
    image = models.ForeignKey(MastheadImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """What the newsroom says about itself on every page, editable per site."""

    select_related = ["site", "logo", "share_image"]

    tagline = models.CharField(max_length=200, blank=True)
    logo = models.ForeignKey(
        "core.MastheadImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The publisher logo search engines show beside your stories (wide, on white).",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences for search engines and social cards."
    )
    share_image = models.ForeignKey(
        "core.MastheadImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Used on social cards when a page has no image of its own.",
    )
    x_handle = models.CharField("X (Twitter) handle", max_length=50, blank=True)
    footer_text = models.TextField(blank=True)
    robots_txt = models.TextField(
        "robots.txt",
        default="User-agent: *\nDisallow: /admin/\nDisallow: /django-admin/\n",
        help_text="Rules for crawlers. The sitemap lines are added for you.",
    )
    newsletter_sender_email = models.EmailField(
        "newsletters' sender address",
        blank=True,
        validators=[sender_address_validate],
        help_text="The From address of every newsletter without one of its own, e.g. "
        "newsletters@your-newsroom.org: a domain you own and have set up for sending (SPF, "
        "DKIM). Nothing is sent until one is set.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("tagline"),
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("share_image"),
            ],
            heading="Identity",
        ),
        MultiFieldPanel([FieldPanel("x_handle"), FieldPanel("footer_text")], heading="Footer"),
        MultiFieldPanel([FieldPanel("newsletter_sender_email")], heading="Newsletters"),
        FieldPanel("robots_txt"),
    ]

    class Meta:
        verbose_name = "newsroom settings"

    @classmethod
    def for_request(cls, request):
        """Every page reads these: kept until the pages next change (saving them is such a
        change). The admin's settings form reads the database through `for_site`."""
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr) and (site := Site.find_for_request(request)):
            setattr(request, attr, remembered(f"settings:{site.pk}", lambda: cls.for_site(site)))
        return super().for_request(request)


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, renewed every few seconds (operations/worker.py): `/readyz`
    reads it in every web process, which share the database but not an in-process cache."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "task worker heartbeat"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
