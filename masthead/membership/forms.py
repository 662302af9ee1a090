from datetime import UTC, datetime
from decimal import Decimal
from typing import cast

from django import forms
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masthead.core.widgets import DateInput
from masthead.membership.models import Gift, Interval, Tier


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("E-mail address"))
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="email")


class JoinForm(forms.Form):
    tier = forms.ModelChoiceField(
        queryset=Tier.objects.filter(is_active=True), widget=forms.RadioSelect, empty_label=None
    )
    interval = forms.ChoiceField(
        choices=Interval.choices, initial=Interval.MONTH, widget=forms.RadioSelect
    )
    email = EmailField()


class DonationForm(forms.Form):
    """One of the suggested amounts, or any other above the minimum."""

    preset = forms.ChoiceField(label=_("Amount"), required=False, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("Other amount"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100_000),
        decimal_places=2,
    )
    email = EmailField()

    def __init__(self, *args, amounts=(), currency="", minimum: Decimal = Decimal(1), **kwargs):
        super().__init__(*args, **kwargs)
        self.minimum = minimum
        preset = cast(forms.ChoiceField, self.fields["preset"])
        preset.choices = [(str(amount), f"{amount:g} {currency}".strip()) for amount in amounts]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        amount = data.get("amount") or (Decimal(data["preset"]) if data.get("preset") else None)
        if amount is None:
            if "amount" not in self.errors:
                self.add_error("amount", _("Choose an amount or enter another."))
        elif amount < self.minimum:
            self.add_error(
                "amount",
                _("The smallest donation we can take is %(minimum)s.")
                % {"minimum": f"{self.minimum:g}"},
            )
        else:
            data["amount"] = amount
        return data


class GiftForm(forms.Form):
    tier = forms.ModelChoiceField(
        queryset=Tier.objects.filter(is_active=True), widget=forms.RadioSelect, empty_label=None
    )
    months = forms.TypedChoiceField(
        label=_("Length"), choices=Gift.MONTHS, coerce=int, initial=12, widget=forms.RadioSelect
    )
    recipient_email = EmailField(label=_("Their e-mail address"))
    recipient_name = forms.CharField(label=_("Their name"), max_length=80, required=False)
    message = forms.CharField(
        label=_("Your message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deliver_on = forms.DateField(
        label=_("Deliver on"),
        initial=timezone.localdate,
        widget=DateInput(),
    )
    purchaser_name = forms.CharField(label=_("Your name"), max_length=80, required=False)
    purchaser_email = EmailField(label=_("Your e-mail address (for the receipt)"))

    def clean_deliver_on(self):
        day = self.cleaned_data["deliver_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if (day - today).days > 366:
            raise forms.ValidationError(_("Choose a day within the next year."))
        return day


class SignInForm(forms.Form):
    email = EmailField()
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Gift code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class WallForm(forms.Form):
    wall_consent = forms.BooleanField(label=_("List me on the wall of supporters"), required=False)
    wall_name = forms.CharField(label=_("Name to show"), max_length=80, required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("wall_consent") and not data.get("wall_name", "").strip():
            self.add_error("wall_name", _("Tell us the name to show."))
        return data


class TierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tier) -> str:
        return _("%(tier)s: %(monthly)s %(currency)s a month, %(yearly)s %(currency)s a year") % {
            "tier": obj.name,
            "monthly": floatformat(obj.monthly_price, "-2"),
            "yearly": floatformat(obj.yearly_price, "-2"),
            "currency": obj.currency,
        }


class ChangeForm(forms.Form):
    """A tier and interval to change to; on confirming, `at`: the moment the price shown was
    worked out for."""

    tier = TierChoiceField(
        label=_("Tier"), queryset=Tier.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    interval = forms.ChoiceField(
        label=_("How often you pay"), choices=Interval.choices, widget=forms.RadioSelect
    )
    at = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["tier"])
        field.queryset = Tier.objects.filter(pk__in=[tier.pk for tier in tiers])

    def clean_at(self):
        stamp = self.cleaned_data["at"]
        try:
            return datetime.fromtimestamp(stamp, tz=UTC) if stamp else None
        except (OverflowError, OSError, ValueError):
            return None


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label=_('Type "delete" to confirm'), max_length=20)

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != "delete":
            raise forms.ValidationError(_('Type the word "delete".'))
        return "delete"
