"""Forms of the data subject request pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from outhire.privacy.models import DataRequest
from outhire.privacy.selectors import STATUS_FILTERS

UNOWNED = "none"


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", choices=list(STATUS_FILTERS.items()), required=False)
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Every kind"), *DataRequest.Kind.choices], required=False
    )
    owner = forms.ChoiceField(label="Owner", required=False)

    def __init__(self, *args, owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", "Anyone"),
            (UNOWNED, "Nobody yet"),
            *[(str(u.pk), u.full_name or u.email) for u in owners],
        ]

    def filters(self) -> dict:
        """Keyword arguments of `selectors.request_log` (the defaults when invalid)."""
        if not self.is_valid():
            return {"status": "open"}
        data = self.cleaned_data
        owner = data["owner"]
        return {
            "status": data["status"] or "open",
            "kind": data["kind"],
            "owner_id": int(owner) if owner and owner != UNOWNED else None,
            "unowned": owner == UNOWNED,
        }


class RequestCreateForm(forms.Form):
    candidate = forms.IntegerField(
        label="Candidate record number",
        min_value=1,
        help_text=(
            "The number in the address of their page (/candidates/123/), not their name: "
            "the link on the candidate's page fills it in."
        ),
    )
    kind = forms.ChoiceField(label="What the person asks for", choices=DataRequest.Kind.choices)
    channel = forms.ChoiceField(
        label="How it was received",
        choices=DataRequest.Channel.choices,
        initial=DataRequest.Channel.EMAIL,
    )
    received_on = forms.DateField(
        label="Received on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The one-month deadline runs from this day.",
    )
    details = forms.CharField(
        label="What they asked for, in their words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("That day has not come yet.")
        return day


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=None,
        required=False,
        empty_label="Nobody",
        help_text="A provider admin answers for the request and is told of its deadline.",
    )

    def __init__(self, *args, owners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="Extend by (days)", min_value=1)
    person_told_on = forms.DateField(
        label="The person was told on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="They must be told of the extension, and why, within the first month.",
    )
    reason = forms.CharField(
        label="Why more time is needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the request is complex, or the person sent many requests.",
    )

    def __init__(self, *args, room: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The service checks the limit (with the same message for every caller).
        self.fields["days"].widget.attrs["max"] = room
        self.fields["days"].help_text = f"At most {room} more day{'s' if room != 1 else ''}."


class CloseForm(forms.Form):
    CHOICES = [
        (DataRequest.Status.DONE, "Done: the request was answered"),
        (DataRequest.Status.REFUSED, "Refused: the request is not carried out"),
        (DataRequest.Status.WITHDRAWN, "Withdrawn by the person"),
    ]

    status = forms.ChoiceField(label="Close as", choices=CHOICES, widget=forms.RadioSelect)
    outcome = forms.CharField(
        label="Outcome, or the reason for refusing",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "What was done and when the person was answered; for a refusal, the reason they "
            "were given and that they may complain to the supervisory authority."
        ),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I checked the person's identity and that no law requires keeping their data",
        required=True,
        error_messages={"required": "Tick the box to confirm before erasing."},
    )
