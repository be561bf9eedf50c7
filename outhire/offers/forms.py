from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language_info, gettext, gettext_lazy

from outhire.accounts.forms import UserChoiceField
from outhire.accounts.models import Client, User
from outhire.approvals.forms import approver_choices
from outhire.offers.letter import MERGE_FIELDS
from outhire.offers.models import DEFAULT_CHECKPOINT_DAYS, Offer, PayPeriod


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "base_salary",
            "currency",
            "pay_period",
            "bonus",
            "other_terms",
            "start_date",
            "expires_on",
        ]
        labels = {
            "base_salary": gettext_lazy("Base pay"),
            "pay_period": gettext_lazy("Per"),
            "bonus": gettext_lazy("Bonus"),
            "other_terms": gettext_lazy("Other terms"),
            "start_date": gettext_lazy("Start date"),
            "expires_on": gettext_lazy("Offer open until"),
        }
        help_texts = {
            "currency": gettext_lazy("Three letters, e.g. EUR, USD, GBP."),
            # xgettext:no-python-format
            "bonus": gettext_lazy("As it should read on the letter, e.g. “up to 10% of base pay”."),
            "expires_on": gettext_lazy("The candidate can answer until the end of this day."),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "other_terms": forms.Textarea(attrs={"rows": 4}),
            "pay_period": forms.Select(choices=PayPeriod.choices),
        }

    def clean_currency(self) -> str:
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError(gettext("Three letters, e.g. EUR."))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Reason"),
    )


class AcceptForm(forms.Form):
    full_name = forms.CharField(
        max_length=200,
        label=gettext_lazy("Type your full name to accept"),
        help_text=gettext_lazy("As it is written on the offer. This is your signature."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label=gettext_lazy("Why are you declining?"),
        help_text=gettext_lazy(
            "A few words help the employer; they are not shared with anyone else."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SetupForm(forms.Form):
    letter_template = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        label=gettext_lazy("Offer letter template"),
        help_text=format_lazy(
            gettext_lazy("Merge fields: {fields}."),
            fields=", ".join(f"${name}" for name in MERGE_FIELDS),
        ),
    )
    above_band_approver = UserChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=gettext_lazy("Above-band approver"),
        help_text=gettext_lazy(
            "Also approves any offer whose pay is above the requisition's band."
        ),
    )
    checkpoint_days = forms.CharField(
        max_length=100,
        label=gettext_lazy("Post-hire checkpoints (days after the start)"),
        help_text=format_lazy(
            gettext_lazy("Comma-separated, e.g. {days}."),
            days=", ".join(map(str, DEFAULT_CHECKPOINT_DAYS)),
        ),
    )

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["above_band_approver"].queryset = approver_choices(client).order_by("full_name")
        # The letter in each language, after the main letter (a candidate who reads it gets
        # that text; blank: the main letter).
        fields = list(self.fields.items())
        self.fields.clear()
        for name, field in fields:
            self.fields[name] = field
            if name == "letter_template":
                for code, _name in settings.LANGUAGES:
                    language = get_language_info(code)["name_translated"]  # lazy
                    self.fields[f"letter_{code}"] = forms.CharField(
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 8, "lang": code}),
                        label=format_lazy(
                            gettext_lazy("Offer letter in {language}"), language=language
                        ),
                        help_text=gettext_lazy(
                            "For candidates who read this language. Blank: they get the letter "
                            "above."
                        ),
                    )

    def letters(self) -> dict[str, str]:
        """{language: text} of the letter in each language (blank ones included)."""
        return {code: self.cleaned_data.get(f"letter_{code}", "") for code, _ in settings.LANGUAGES}

    def clean_checkpoint_days(self) -> list[int]:
        raw = self.cleaned_data.get("checkpoint_days", "")
        try:
            days = [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                gettext("Whole numbers separated by commas, e.g. 30, 90, 365.")
            ) from None
        return days


class LeftForm(forms.Form):
    left_on = forms.DateField(
        label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        max_length=2000,
        label=gettext_lazy("Why they left"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


RATING = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class ReviewForm(forms.Form):
    still_employed = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label=gettext_lazy("Is this person still employed with you?"),
    )
    performance = forms.TypedChoiceField(
        choices=RATING,
        coerce=int,
        empty_value=None,
        required=False,
        label=gettext_lazy("Performance so far (1 poor to 5 excellent)"),
    )
    satisfaction = forms.TypedChoiceField(
        choices=RATING,
        coerce=int,
        empty_value=None,
        required=False,
        label=gettext_lazy("Your satisfaction with this hire (1 to 5)"),
    )
    would_hire_again = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label=gettext_lazy("Would you hire this person again?"),
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Anything to add (optional)"),
    )

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "still_employed": data["still_employed"] == "yes",
            "performance": data.get("performance"),
            "satisfaction": data.get("satisfaction"),
            "would_hire_again": data["would_hire_again"] == "yes",
            "comment": data.get("comment", ""),
        }
