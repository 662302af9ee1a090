from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Site

from masthead.core.fragments import remembered


class MastheadImage(AbstractImage):
    """A Wagtail image that carries its own credit and default caption."""

    caption = models.CharField(
        max_length=500,
        blank=True,
        help_text="Default caption wherever the image is used; an article can override it.",
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text='Who made the image, shown as "Photo: …", e.g. "Olena Marchuk / Courier".',
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


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
