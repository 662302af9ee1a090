"""The live updates screen's forms: one to post (at the top), one to correct an update."""

from django import forms
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.widgets import AdminImageChooser

from masthead.live.models import LivePage, LiveUpdate
from masthead.live.queries import excerpt
from masthead.live.services import UpdateFields
from masthead.people.models import AuthorPage

FIELDS = [
    "title",
    "body",
    "key_event",
    "pinned",
    "image",
    "image_caption",
    "quote",
    "quote_source",
    "embed_url",
]


MORE = ["image", "image_caption", "quote", "quote_source", "embed_url"]  # folded away


class UpdateForm(WagtailAdminModelForm):
    authors = forms.ModelMultipleChoiceField(
        queryset=AuthorPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Who wrote it; the next update starts with the same names.",
    )

    class Meta:
        model = LiveUpdate
        fields = FIELDS
        labels = {"title": "Title (optional)", "key_event": "Key event", "pinned": "Pin it"}
        widgets = {"image": AdminImageChooser}
        help_texts = {
            "key_event": "Listed under “Key events” at the top of the page.",
            "pinned": "Shown under the summary until another is pinned.",
        }

    def __init__(self, *args, page: LivePage, publisher: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = (
            AuthorPage.objects.live().filter(locale_id=page.locale_id).order_by("title")
        )
        if not publisher:  # pinning is the editors' choice (the review's)
            del self.fields["pinned"]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not strip_tags(body or "").strip() and not self.data.get(self.add_prefix("image")):
            raise forms.ValidationError("Write the update: it has no text.")
        return body

    def main_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in MORE]

    def more_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name in MORE]

    def more_open(self) -> bool:
        """The folded fields start open when one holds something or has an error."""
        return any(field.errors or field.value() for field in self.more_fields())

    def update_fields(self) -> UpdateFields:
        return UpdateFields(
            **{name: self.cleaned_data[name] for name in FIELDS if name in self.fields}
        )


class UpdateEditForm(UpdateForm):
    seen_version = forms.CharField(widget=forms.HiddenInput)
    corrected = forms.BooleanField(
        required=False,
        label="Mark as corrected",
        help_text="Readers see “Updated” on it, with the note below. Leave unticked for a typo.",
    )
    correction = forms.CharField(
        required=False, max_length=300, label="What was corrected (shown to readers)"
    )
    translation = forms.ModelChoiceField(
        queryset=LiveUpdate.objects.none(),
        required=False,
        label="The same update in the other edition",
        help_text="Each then links to the other.",
    )

    def __init__(self, *args, page: LivePage, translations: list[LiveUpdate], **kwargs):
        super().__init__(*args, page=page, **kwargs)
        if translations:
            self.fields["translation"].queryset = LiveUpdate.objects.filter(
                pk__in=[update.pk for update in translations]
            )
            self.fields["translation"].label_from_instance = _translation_label
        else:
            del self.fields["translation"]


def _translation_label(update: LiveUpdate) -> str:
    """ "16:29 — The gates opened at …": its local time and its first words."""
    when = timezone.localtime(update.published_at).strftime("%d.%m %H:%M")
    return f"{when} — {update.title or excerpt(update.body, words=10)}"
