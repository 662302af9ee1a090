"""Form widgets shared by the apps."""

from django import forms


class DateInput(forms.DateInput):
    """An <input type="date">. Its value is always an ISO date: a localised one (01.12.2026 in
    Ukrainian) is not a valid value, and browsers show the field empty."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
