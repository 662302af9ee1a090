from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from masthead.core.pagecache.serving import PublicPage, public_only
from masthead.core.panels import promote_tab, title_panel
from masthead.newsroom import queries
from masthead.people.blocks import LinkBlock


class AuthorIndexPage(PublicPage, Page):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = promote_tab(example="/[authors]/")
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["people.AuthorPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["authors"] = (
            public_only(AuthorPage.objects.live())
            .child_of(self)
            .select_related("avatar")
            .prefetch_related("avatar__renditions")
            .order_by("title")
        )
        return context


class AuthorPage(PublicPage, Page):
    """A journalist: the byline, the card under their stories, and a page of their work."""

    role = models.CharField(max_length=100, blank=True, help_text="For example: News Editor")
    avatar = models.ForeignKey(
        "core.MastheadImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(max_length=1000, blank=True)
    links = StreamField([("link", LinkBlock())], blank=True)

    content_panels = [
        title_panel(heading="Name", help_text="As in their bylines."),
        FieldPanel("role"),
        FieldPanel("avatar"),
        FieldPanel("bio"),
        FieldPanel("links"),
    ]
    promote_panels = promote_tab(example="/authors/[olena-marchuk]/", made_from="name")
    search_fields = [*Page.search_fields, index.SearchField("role"), index.SearchField("bio")]
    parent_page_types = ["people.AuthorIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "author"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = queries.listing(
            queries.articles_by_author(author=self), request=request
        )
        return context
