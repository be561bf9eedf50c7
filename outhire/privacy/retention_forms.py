"""Forms of the retention pages: a policy, a legal hold."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.models import Client
from outhire.privacy.models import RetentionPolicy
from outhire.privacy.retention import validate_country

MAX_MONTHS = 240
MONTHS_ERRORS = {
    "required": gettext_lazy("Enter a number of months (0 or more)."),
    "invalid": gettext_lazy("Enter a whole number of months, such as 6."),
}


class RetentionPolicyForm(forms.Form):
    """A policy's fields; `policy` is the one being changed (its own row is no duplicate)."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        label=gettext_lazy("Client"),
        empty_label=gettext_lazy("Every client"),
        help_text=gettext_lazy("A client's policy wins over the policy for every client."),
    )
    # No max_length: "France" gets the message below, not a count of characters.
    country = forms.CharField(
        required=False,
        label=gettext_lazy("Country"),
        help_text=gettext_lazy(
            "Two-letter code of the job's country (ISO 3166-1, such as DE); blank for "
            "every country."
        ),
        widget=forms.TextInput(attrs={"size": 3, "maxlength": 2, "autocapitalize": "characters"}),
    )
    rejected_months = forms.IntegerField(
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages=MONTHS_ERRORS,
        label=gettext_lazy("Rejected or withdrawn: months after the decision"),
    )
    hired_months = forms.IntegerField(
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages=MONTHS_ERRORS,
        label=gettext_lazy("Hired: months after the start date"),
    )
    talent_pool_months = forms.IntegerField(
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages=MONTHS_ERRORS,
        label=gettext_lazy("No application: months after the last activity"),
        help_text=gettext_lazy(
            "Used by the policy for every client and every country only; people with "
            "a talent-pool consent are kept."
        ),
    )

    FIELDS = ("client", "country", "rejected_months", "hired_months", "talent_pool_months")

    def __init__(self, *args, policy: RetentionPolicy | None = None, **kwargs) -> None:
        self.policy = policy or RetentionPolicy()
        kwargs.setdefault("initial", {name: getattr(self.policy, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.filter(is_active=True).order_by("name")

    def clean_country(self) -> str:
        return validate_country(self.cleaned_data.get("country", ""))

    def clean(self) -> dict:
        data = super().clean()
        if "country" in data and "client" in data:
            same = RetentionPolicy.objects.filter(
                client=data["client"], country=data["country"]
            ).exclude(pk=self.policy.pk)
            if same.exists():
                raise ValidationError(
                    _("There is already a policy for this client and country: change that one.")
                )
        return data

    def apply(self) -> RetentionPolicy:
        """The policy with the form's values, unsaved."""
        for name in self.FIELDS:
            setattr(self.policy, name, self.cleaned_data[name])
        return self.policy


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "The claim, investigation or request that needs the data kept, and who "
            "asked. Staff with access to the holds list read it."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the data must be kept."))
        return reason
