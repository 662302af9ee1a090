from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language_info
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from masthead.core.choosers import PageChooser
from masthead.core.models import NewsroomSettings
from masthead.core.pagecache.fragments import deferred
from masthead.core.pagecache.serving import PublicPage, SiteRoot, descendant_at
from masthead.core.panels import promote_tab, title_panel
from masthead.newsroom import hooks, queries
from masthead.newsroom.blocks import RICH_TEXT_FEATURES, ArticleBodyBlock, blocks_with_anchors
from masthead.newsroom.forms import ArticlePageForm, VideoPageForm
from masthead.newsroom.reading import reader_may_read
from masthead.newsroom.readtime import read_minutes
from masthead.newsroom.sharing import share_links, social_card
from masthead.newsroom.video_embeds import VideoEmbed, video_embed


def story_chooser() -> PageChooser:
    """The picker of live stories (newsroom/wagtail_hooks.py), for every field that picks one."""
    return PageChooser(
        model="newsroom.ArticlePage",
        chooser_url_name="story_chooser:choose",
        choose_one_text="Choose a story",
        choose_another_text="Choose another story",
        link_to_chosen_text="Edit this story",
    )


def journalist_chooser() -> PageChooser:
    """The picker of journalists, where an editor can also add one (people/wagtail_hooks.py)."""
    return PageChooser(
        model="people.AuthorPage",
        chooser_url_name="journalist_chooser:choose",
        icon="user",
        choose_one_text="Choose a journalist",
        choose_another_text="Choose another journalist",
        link_to_chosen_text="Edit their page",
        hidden_text="“{title}” has no published page, so the byline leaves them out: "
        "publish it, or choose another journalist.",
    )


class HomePage(SiteRoot, PublicPage, Page):
    top_story = models.ForeignKey(
        "newsroom.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave blank to lead with the newest story.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("top_story", widget=story_chooser()),
        InlinePanel(
            "featured",
            label="Secondary story",
            max_num=4,
            help_text="Up to four stories under the top story; the newest fill any gap.",
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "newsroom.SectionPage",
        "newsroom.NewsFeedPage",
        "newsroom.VideoIndexPage",
        "newsroom.TagIndexPage",
        "newsroom.InfoPage",
        "people.AuthorIndexPage",
    ]
    max_count_per_parent = 1

    def route(self, request, path_components):
        """Straight to the page at the path, else Wagtail's walk (sub-routes of tag pages)."""
        if path_components and (page := descendant_at(self, path_components)):
            return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        keys = (*queries.HOME_FRONT_KEYS, *hooks.home_list_names())
        context.update(deferred(self._front, keys))
        context["feed_page_size"] = queries.FEED_PAGE_SIZE  # compared with >=: not lazy
        return context

    def _front(self) -> dict:
        return {**queries.home_front(home=self), **hooks.home_lists(home=self)}


class HomeFeatured(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article", widget=story_chooser())]


class SectionPage(PublicPage, Page):
    intro = models.TextField(blank=True, max_length=500)
    show_on_home = models.BooleanField(
        default=True, help_text="Give this section a row of stories on the home page."
    )

    content_panels = [
        title_panel(heading="Section name", help_text="As in the menu and at the top of its page."),
        FieldPanel("intro"),
        FieldPanel("show_on_home"),
    ]
    promote_panels = promote_tab(example="/[culture]/", made_from="section name")
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = queries.listing(
            queries.articles_live(locale=self.locale).child_of(self), request=request
        )
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(PublicPage, Page):
    standfirst = models.TextField(
        max_length=400, help_text="One or two sentences under the headline; also the summary."
    )
    lead_image = models.ForeignKey(
        "core.MastheadImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.CharField(
        "caption",
        max_length=500,
        blank=True,
        help_text="Leave blank to use the image's own caption. The credit comes from the image.",
    )
    body = StreamField(ArticleBodyBlock())
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    updated_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="Shown as “Updated …”. Set by ticking “substantive update”, or clear it here.",
    )
    corrections = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A public note on what was corrected and when.",
    )
    read_minutes = models.PositiveSmallIntegerField(
        default=1, editable=False, validators=[MaxValueValidator(999)]
    )
    members_only = models.BooleanField(
        default=False,
        help_text="Readers who are not members see the headline, standfirst and lead image, "
        "then an invitation to join. Feeds and search show the standfirst only.",
    )

    # True on a card while the story is live coverage that is live (hooks.stories_mark).
    live_now = False

    base_form_class = ArticlePageForm
    content_panels = [
        title_panel(
            heading="Headline",
            help_text="As readers see it on the story and in lists. Search engines and shared "
            "links show the title tag (Promote tab) instead, if there is one.",
        ),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")], heading="Lead image"
        ),
        InlinePanel("authors", label="Author", min_num=1),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("members_only"),
        InlinePanel(
            "related_picks",
            label="Related story",
            max_num=4,
            heading="Related stories",
            help_text="Leave empty and stories sharing tags and words are chosen for you.",
        ),
        MultiFieldPanel(
            [FieldPanel("mark_updated"), FieldPanel("updated_at"), FieldPanel("corrections")],
            heading="Updates and corrections",
        ),
    ]
    promote_panels = promote_tab(example="/news/[tram-line-4-opens]/", made_from="headline")
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "authors", [index.RelatedFields("author", [index.SearchField("title")])]
        ),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types: list[str] = []

    # The editor's preview panel also shows the story as a shared link (no network is called).
    preview_modes = [("", "Story"), ("social-card", "Social card")]

    class Meta:
        verbose_name = "article"

    def save(self, *args, **kwargs):
        self.reading_time_set()
        return super().save(*args, **kwargs)

    def reading_time_set(self) -> None:
        self.read_minutes = read_minutes(
            self.title, self.standfirst, *self.body.stream_block.get_searchable_content(self.body)
        )

    @cached_property
    def section(self) -> "SectionPage | None":
        return queries.sections_attach([self])[0].section

    @cached_property
    def tag_list(self) -> list:
        """The tags, loaded once for the page, its social tags and its structured data."""
        return list(self.tags.all())

    @property
    def caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @cached_property
    def body_blocks(self) -> list:
        """The body's blocks with the ids of its headings (None for other blocks)."""
        return blocks_with_anchors(self.body)

    @property
    def is_updated(self) -> bool:
        published = self.first_published_at
        return bool(self.updated_at and (published is None or self.updated_at > published))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.page_links(locale_id=self.locale_id))
        # Read only when the page's shared fragments are rendered, not when they are cached.
        context["bylines"] = SimpleLazyObject(lambda: queries.bylines(article=self))
        context["can_read"] = reader_may_read(members_only=self.members_only, user=request.user)
        context["related"] = SimpleLazyObject(lambda: queries.related_for(article=self))
        context["more_news"] = SimpleLazyObject(lambda: queries.more_news(article=self))
        context["share_links"] = SimpleLazyObject(
            lambda: share_links(
                url=self.full_url or "",
                title=self.title,
                x_handle=NewsroomSettings.for_request(request).x_handle,
            )
        )
        return context

    def get_preview_template(self, request, mode_name):
        if mode_name == "social-card":
            return "newsroom/admin/social_card_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        if mode_name == "social-card":
            newsroom = NewsroomSettings.for_request(request)
            card = social_card(
                article=self, newsroom=newsroom, site_name=newsroom.site.site_name or "Masthead"
            )
            return {"page": self, "card": card, "request": request}
        return super().get_preview_context(request, mode_name)


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey("people.AuthorPage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author", widget=journalist_chooser())]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")
        ]


class ArticleRelatedPick(Orderable):
    """An editor's choice for "Related stories", taking precedence over the computed ones."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_picks")
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article", widget=story_chooser())]


class NewsFeedPage(PublicPage, Page):
    """The latest stories across all sections, newest first."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = promote_tab(example="/[news-feed]/")
    parent_page_types = ["newsroom.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = queries.listing(
            queries.articles_live(locale=self.locale), request=request
        )
        return context


class TagIndexPage(PublicPage, RoutablePageMixin, Page):
    """/tags/ lists the tags in use; /tags/<slug>/ lists the stories with one tag."""

    promote_panels = promote_tab(example="/[tags]/")
    parent_page_types = ["newsroom.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    @path("")
    def tag_index(self, request):
        tags = SimpleLazyObject(lambda: list(queries.tags_in_use()))
        return self.render(request, context_overrides={"tags": tags})

    @path("<str:slug>/")
    def tag_detail(self, request, slug):
        tag = queries.tag_by_slug(slug)
        articles = queries.articles_live(locale=self.locale).filter(tags=tag)
        return self.render(
            request,
            template="newsroom/tag_page.html",
            context_overrides={"tag": tag, "listing": queries.listing(articles, request=request)},
        )


class InfoPage(PublicPage, Page):
    """A page that is not a story: about us, contact, the ethics policy, how to tip us."""

    intro = models.TextField(blank=True, max_length=500)
    body = StreamField(ArticleBodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = promote_tab(example="/[about-us]/")
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "information page"

    @cached_property
    def body_blocks(self) -> list:
        return blocks_with_anchors(self.body)


class VideoIndexPage(PublicPage, Page):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.VideoPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = queries.listing(
            queries.videos_live(locale=self.locale).child_of(self), request=request, size=12
        )
        return context


class VideoPage(PublicPage, Page):
    summary = models.TextField(max_length=400)
    poster = models.ForeignKey(
        "core.MastheadImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An MP4 or WebM file played on the site.",
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Captions for the file, as a WebVTT (.vtt) file in the page's language.",
    )
    video_url = models.URLField(
        blank=True, help_text="Or a YouTube / Vimeo address, embedded instead of a file."
    )
    duration = models.DurationField(null=True, blank=True, help_text="For example 00:03:20.")
    width = models.PositiveIntegerField(
        null=True, blank=True, help_text="The file's frame size in pixels, for example 1280."
    )
    height = models.PositiveIntegerField(null=True, blank=True, help_text="For example 720.")
    description = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("poster"),
        MultiFieldPanel(
            [
                FieldPanel("video_file"),
                FieldPanel("captions"),
                FieldPanel("video_url"),
                FieldPanel("duration"),
                FieldRowPanel([FieldPanel("width"), FieldPanel("height")]),
            ],
            heading="Video",
        ),
        FieldPanel("description"),
    ]
    base_form_class = VideoPageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
    ]
    parent_page_types = ["newsroom.VideoIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "video"

    @property
    def duration_label(self) -> str:
        if not self.duration:
            return ""
        minutes, seconds = divmod(int(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"

    @cached_property
    def embed(self) -> VideoEmbed | None:
        """The privacy-enhanced player for `video_url`, when its site is one the newsroom
        allows (VIDEO_EMBED_PROVIDERS)."""
        if not self.video_url:
            return None
        return video_embed(url=self.video_url, providers=settings.VIDEO_EMBED_PROVIDERS)

    @property
    def captions_language(self) -> dict[str, str]:
        """The captions' language, the page's: `code` for srclang, `name` for the label."""
        code = self.locale.language_code
        return {"code": code, "name": get_language_info(code)["name_local"]}
