"""The story picker behind every "choose a story" in the admin (the home page's top and
secondary stories, an article's related stories, a newsletter edition's stories): the
stories readers can see, newest first, instead of Wagtail's page tree with its drafts."""

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from masthead.core.chooser_views import PageChooseMixin
from masthead.newsroom import queries
from masthead.newsroom.models import ArticlePage

STORY_CHOOSER = "story_chooser"


class StoryChooseMixin(PageChooseMixin):
    ordering = ("-first_published_at", "-path")

    def get_object_list(self):
        return queries.articles_public().select_related("locale").defer_streamfields()

    @property
    def columns(self):
        title, *rest = super().columns
        return [
            title,
            Column("section", label="Section", accessor=_section_title),
            DateColumn("first_published_at", label="Published"),
            *rest,
        ]

    def get_results_page(self, request):
        results = super().get_results_page(request)
        results.object_list = queries.sections_attach(list(results.object_list))
        return results


def _section_title(story: ArticlePage) -> str:
    return story.section.title if story.section else ""


class StoryChooseView(StoryChooseMixin, ChooseView):
    pass


class StoryChooseResultsView(StoryChooseMixin, ChooseResultsView):
    pass


class StoryChooserViewSet(ChooserViewSet):
    model = ArticlePage
    icon = "doc-full"
    choose_one_text = "Choose a story"
    choose_another_text = "Choose another story"
    edit_item_text = "Edit this story"
    page_title = "Choose a live story"
    choose_view_class = StoryChooseView
    choose_results_view_class = StoryChooseResultsView
    # The panels name their widget (newsroom.models.story_chooser): a form built before this
    # viewset is registered (by Wagtail's checks) would keep the page chooser otherwise.
    register_widget = False


@hooks.register("register_admin_viewset")
def story_chooser_viewset():
    return StoryChooserViewSet(STORY_CHOOSER)
