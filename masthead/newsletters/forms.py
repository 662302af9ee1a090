from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.membership.forms import EmailField
from masthead.newsletters.models import Newsletter


class NewsletterChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, newsletter):
        return newsletter.name


class SignupForm(forms.Form):
    email = EmailField()
    newsletters = NewsletterChoiceField(
        label=_("Newsletters"),
        queryset=Newsletter.objects.none(),
        error_messages={"required": _("Choose at least one newsletter.")},
    )
    # A field people do not see: bots fill it in, and their signups go nowhere.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["newsletters"])
        field.queryset = Newsletter.objects.filter(pk__in=[n.pk for n in newsletters])

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PreferencesForm(forms.Form):
    newsletters = NewsletterChoiceField(
        label=_("Newsletters"), queryset=Newsletter.objects.none(), required=False
    )

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["newsletters"])
        field.queryset = Newsletter.objects.filter(pk__in=[n.pk for n in newsletters])
