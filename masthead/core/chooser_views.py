"""The modal behind a PageChooser (core/choosers.py): one page type, found by words of its
title, straight from the database (a story published a minute ago is in the list at once,
whether or not the search index has it yet)."""

from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from wagtail.admin.forms.choosers import BaseFilterForm, LocaleFilterMixin

if TYPE_CHECKING:  # the mixin goes before Wagtail's choose and results views
    from wagtail.admin.views.generic.chooser import BaseChooseView as _ChooseViewMixin
else:
    _ChooseViewMixin = object


class TitleSearchMixin(BaseFilterForm):
    q = forms.CharField(
        label="Search term",
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
        required=False,
    )

    def filter(self, objects: QuerySet) -> QuerySet:
        objects = super().filter(objects)
        words = (self.cleaned_data.get("q") or "").split()
        for word in words:
            objects = objects.filter(title__icontains=word)
        if words:
            self.is_searching, self.search_query = True, " ".join(words)
        return objects


class TitleSearchForm(TitleSearchMixin, BaseFilterForm):
    pass


class TitleAndLocaleSearchForm(LocaleFilterMixin, TitleSearchMixin, BaseFilterForm):
    pass


class PageChooseMixin(_ChooseViewMixin):
    """For a ChooserViewSet's choose and results views: search by title, and the locale
    filter where there are translations."""

    def get_filter_form_class(self):
        return TitleAndLocaleSearchForm if self.i18n_enabled else TitleSearchForm
