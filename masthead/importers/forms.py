from django import forms
from django.conf import settings

from masthead.importers.running import SOURCES

NAMES = {"wordpress": "WordPress (the .xml of Tools → Export)",
         "ghost": "Ghost (the .json of Settings → Import/Export)",
         "substack": "Substack (the .zip of Settings → Exports)"}  # fmt: skip
ENDINGS = {"wordpress": (".xml",), "ghost": (".json",), "substack": (".zip",)}


class ImportForm(forms.Form):
    source = forms.ChoiceField(choices=[(s, NAMES[s]) for s in SOURCES], label="From")
    file = forms.FileField(label="Export file")
    members = forms.FileField(
        label="Ghost members (optional)",
        required=False,
        help_text="The CSV of Ghost's Members → Export: members and subscribers come too.",
    )
    site_url = forms.URLField(
        label="The old site's address",
        required=False,
        assume_scheme="https",
        help_text="Ghost and Substack: to find its pictures and links (WordPress says it).",
    )
    edition = forms.ChoiceField(
        required=False,
        choices=[("", "As the export says (else the first edition)")]
        + [(code, name) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES],
    )
    dry_run = forms.BooleanField(
        label="Dry run", required=False, help_text="Read everything and report; write nothing."
    )

    def clean(self):
        data = super().clean() or {}
        limit = settings.IMPORT_UPLOAD_MB * 1024 * 1024
        for name in ("file", "members"):
            upload = data.get(name)
            if upload and upload.size > limit:
                self.add_error(
                    name,
                    f"Larger than {settings.IMPORT_UPLOAD_MB} MB: run `masthead import` on the "
                    "server for a file this size.",
                )
        source, upload = data.get("source"), data.get("file")
        if source and upload and not upload.name.lower().endswith(ENDINGS[source]):
            self.add_error("file", f"A {NAMES[source].split(' (')[0]} export ends with "
                           f"{' or '.join(ENDINGS[source])}.")  # fmt: skip
        if data.get("members") and source != "ghost":
            self.add_error("members", "Members come from a Ghost export only (Substack's list "
                           "is inside its zip).")  # fmt: skip
        return data
