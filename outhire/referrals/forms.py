from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outhire.candidates.forms import PHONE_CHARACTERS
from outhire.requisitions.models import Requisition


class JobChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Requisition) -> str:
        where = f" ({obj.location})" if obj.location else ""
        return f"{obj.client.name}: {obj.title}{where}"


class ReferralForm(forms.Form):
    requisition = JobChoiceField(queryset=Requisition.objects.none(), label=_("Job"))
    first_name = forms.CharField(max_length=100, label=_("Their first name"))
    last_name = forms.CharField(max_length=100, label=_("Their last name"), required=False)
    email = forms.EmailField(max_length=200, label=_("Their e-mail address"))
    phone = forms.CharField(max_length=30, required=False, label=_("Their phone number"))
    resume = forms.FileField(
        required=False,
        label=_("Their resume"),
        help_text=_("PDF, Word, OpenDocument, RTF, HTML or text; optional."),
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Why do you recommend them?"),
        help_text=_("Seen by the recruiters only."),
    )
    consent = forms.BooleanField(
        label=_("They agreed to be referred for this job and to be contacted about it"),
        error_messages={
            "required": _("Confirm that the person agreed to be referred and contacted.")
        },
    )

    def __init__(self, *args, requisitions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if requisitions is not None:
            self.fields["requisition"].queryset = requisitions

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_CHARACTERS.match(phone):
            raise forms.ValidationError(_("Enter a phone number with digits, spaces and + only."))
        return phone


class LinkForm(forms.Form):
    """Make a personal link: to one job, or (no job) to the client's careers site."""

    client = forms.SlugField(max_length=60, widget=forms.HiddenInput)
    requisition = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class BonusPolicyForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, label=_("Bonus amount")
    )
    currency = forms.RegexField(
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        label=_("Currency"),
        help_text=_("Three letters, e.g. EUR."),
        error_messages={"invalid": _("Enter a three-letter currency code, e.g. EUR.")},
    )
    eligible_after_days = forms.IntegerField(
        min_value=0,
        max_value=3650,
        label=_("Days of employment before the bonus is due"),
    )
    is_active = forms.BooleanField(required=False, label=_("Referral bonuses are paid"))
