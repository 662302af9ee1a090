from django import forms
from django.conf import settings
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from masthead.newsroom.video_embeds import video_embed


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


class VideoPageForm(WagtailAdminPageForm):
    def clean_video_url(self):
        url = self.cleaned_data.get("video_url")
        providers = settings.VIDEO_EMBED_PROVIDERS
        if url and video_embed(url=url, providers=providers) is None:
            allowed = " or ".join(providers) or "no site (VIDEO_EMBED_PROVIDERS is none)"
            raise forms.ValidationError(
                f"This is not the address of a video on {allowed}: only those can be embedded."
            )
        return url

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and captions.file_extension.lower() != "vtt":
            raise forms.ValidationError("Captions must be a WebVTT file (.vtt).")
        return captions
