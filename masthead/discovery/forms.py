from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from masthead.core.widgets import DateInput
from masthead.newsroom.models import SectionPage
from masthead.people.models import AuthorPage

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY,
        error_messages={"max_length": _("Searches can be at most %(limit_value)d characters.")},
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),
        required=False,
        to_field_name="slug",
    )
    author = forms.ModelChoiceField(
        label=_("Author"), queryset=AuthorPage.objects.none(), required=False, to_field_name="slug"
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, locale: Locale, **kwargs):
        super().__init__(*args, **kwargs)
        section = cast(forms.ModelChoiceField, self.fields["section"])
        author = cast(forms.ModelChoiceField, self.fields["author"])
        section.queryset = SectionPage.objects.live().filter(locale=locale).order_by("path")
        author.queryset = AuthorPage.objects.live().filter(locale=locale).order_by("title")
        section.empty_label = _("All sections")
        author.empty_label = _("All authors")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned
