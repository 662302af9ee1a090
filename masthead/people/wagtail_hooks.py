"""The journalist picker behind an article's bylines: journalists only (not the page tree from
the root), found by name, with an "Add a journalist" tab for someone who has no page yet."""

from typing import cast

from django import forms
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    CreateView,
    CreationFormMixin,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from masthead.core.chooser_views import PageChooseMixin
from masthead.people.models import AuthorIndexPage, AuthorPage
from masthead.people.queries import author_indexes_addable
from masthead.people.services import author_create

JOURNALIST_CHOOSER = "journalist_chooser"


class IndexChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AuthorIndexPage) -> str:
        return f"{obj.title} ({obj.locale.get_display_name()})"


class JournalistForm(forms.Form):
    name = forms.CharField(max_length=255, help_text="As it appears in the byline.")
    role = forms.CharField(max_length=100, required=False, help_text="For example: News Editor")
    index = IndexChoiceField(
        label="Listed on",
        queryset=AuthorIndexPage.objects.none(),
        empty_label=None,
        help_text="The edition's page of journalists their page goes under.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.indexes = author_indexes_addable(user=user)
        field = cast(forms.ModelChoiceField, self.fields["index"])
        field.queryset = AuthorIndexPage.objects.filter(
            pk__in=[index.pk for index in self.indexes]
        ).select_related("locale")
        if len(self.indexes) == 1:  # nothing to ask
            field.widget, field.required = forms.HiddenInput(), False

    def clean_index(self) -> AuthorIndexPage | None:
        index = self.cleaned_data.get("index")
        if index is None and len(self.indexes) == 1:
            return self.indexes[0]
        return index


class JournalistCreationMixin(CreationFormMixin):
    def can_create(self) -> bool:
        return bool(author_indexes_addable(user=self.request.user))

    def get_creation_form_kwargs(self) -> dict:
        return {**super().get_creation_form_kwargs(), "user": self.request.user}


class JournalistChooseMixin(PageChooseMixin, JournalistCreationMixin):
    ordering = ("title", "pk")

    def get_object_list(self):
        return AuthorPage.objects.select_related("locale").defer_streamfields()

    @property
    def columns(self):
        title, *rest = super().columns
        return [
            title,
            Column("role", label="Role"),
            Column("status", label="Status", accessor=_status),
            *rest,
        ]


def _status(author: AuthorPage) -> str:
    return "published" if author.live else "draft: not in bylines yet"


class JournalistChooseView(JournalistChooseMixin, ChooseView):
    pass


class JournalistChooseResultsView(JournalistChooseMixin, ChooseResultsView):
    pass


class JournalistCreateView(JournalistCreationMixin, CreateView):
    def save_form(self, form: JournalistForm) -> AuthorPage:
        return author_create(
            index=form.cleaned_data["index"],
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            user=self.request.user,
        )


class JournalistChooserViewSet(ChooserViewSet):
    model = AuthorPage
    icon = "user"
    choose_one_text = "Choose a journalist"
    choose_another_text = "Choose another journalist"
    edit_item_text = "Edit their page"
    creation_form_class = JournalistForm
    create_action_label = "Add the journalist"
    creation_tab_label = "Add a journalist"
    choose_view_class = JournalistChooseView
    choose_results_view_class = JournalistChooseResultsView
    create_view_class = JournalistCreateView
    # The bylines name their widget (newsroom.models.journalist_chooser), see the stories'.
    register_widget = False


@hooks.register("register_admin_viewset")
def journalist_chooser_viewset():
    return JournalistChooserViewSet(JOURNALIST_CHOOSER)
