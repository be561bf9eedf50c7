"""Forms of the data subject request pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from outhire.privacy.models import DataRequest
from outhire.privacy.selectors import STATUS_FILTERS

UNOWNED = "none"


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Show"), choices=list(STATUS_FILTERS.items()), required=False
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("Every kind")), *DataRequest.Kind.choices],
        required=False,
    )
    owner = forms.ChoiceField(label=gettext_lazy("Owner"), required=False)

    def __init__(self, *args, owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            (UNOWNED, _("Nobody yet")),
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
        label=gettext_lazy("Candidate record number"),
        min_value=1,
        help_text=gettext_lazy(
            "The number in the address of their page (/candidates/123/), not their name: "
            "the link on the candidate's page fills it in."
        ),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What the person asks for"), choices=DataRequest.Kind.choices
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How it was received"),
        choices=DataRequest.Channel.choices,
        initial=DataRequest.Channel.EMAIL,
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The one-month deadline runs from this day."),
    )
    details = forms.CharField(
        label=gettext_lazy("What they asked for, in their words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("That day has not come yet."))
        return day


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody"),
        help_text=gettext_lazy(
            "A provider admin answers for the request and is told of its deadline."
        ),
    )

    def __init__(self, *args, owners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("Extend by (days)"), min_value=1)
    person_told_on = forms.DateField(
        label=gettext_lazy("The person was told on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "They must be told of the extension, and why, within the first month."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why more time is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: the request is complex, or the person sent many requests."
        ),
    )

    def __init__(self, *args, room: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The service checks the limit (with the same message for every caller).
        self.fields["days"].widget.attrs["max"] = room
        self.fields["days"].help_text = ngettext(
            "At most %(count)s more day.", "At most %(count)s more days.", room
        ) % {"count": room}


class CloseForm(forms.Form):
    CHOICES = [
        (DataRequest.Status.DONE, gettext_lazy("Done: the request was answered")),
        (DataRequest.Status.REFUSED, gettext_lazy("Refused: the request is not carried out")),
        (DataRequest.Status.WITHDRAWN, gettext_lazy("Withdrawn by the person")),
    ]

    status = forms.ChoiceField(
        label=gettext_lazy("Close as"), choices=CHOICES, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome, or the reason for refusing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What was done and when the person was answered; for a refusal, the reason they "
            "were given and that they may complain to the supervisory authority."
        ),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I checked the person's identity and that no law requires keeping their data"
        ),
        required=True,
        error_messages={"required": gettext_lazy("Tick the box to confirm before erasing.")},
    )
