from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    mark_updated = forms.BooleanField(
        required=False,
        label="This edit is a substantive update",
        help_text="Shows readers an “Updated” time. Leave unticked for typo fixes.",
    )

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.cleaned_data.get("mark_updated"):
            page.updated_at = timezone.now()
        if commit:
            page.save()
        return page
