"""Shared form widgets."""

from datetime import date

from django.utils import translation

from masthead.core.widgets import DateInput


def test_a_date_field_holds_an_iso_date_in_every_language():
    for language in ("en", "uk"):
        with translation.override(language):
            html = DateInput().render("deliver_on", date(2026, 12, 1))
        assert 'type="date"' in html
        assert 'value="2026-12-01"' in html, language
