from __future__ import annotations

from django import forms

from outhire.preboarding.models import OFFSET_LIMIT, Kind, Party, RightToWorkCheck

DATE = {"type": "date"}


class CompleteForm(forms.Form):
    details = forms.CharField(
        label="Details for the new hire",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and item.kind == Kind.FIRST_DAY:
            self.fields["details"].label = "First-day details (time, place, who to ask for)"
            self.fields["details"].required = True
        elif item is not None and item.kind == Kind.BUDDY:
            self.fields["details"].label = "The buddy's name and how to reach them"
            self.fields["details"].required = True
        else:
            self.fields["details"].label = "Note (optional)"


class RightToWorkForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", choices=[("", "—"), *RightToWorkCheck.Outcome.choices]
    )
    method = forms.ChoiceField(
        label="How it was checked", choices=[("", "—"), *RightToWorkCheck.Method.choices]
    )
    checked_on = forms.DateField(label="Checked on", widget=forms.DateInput(attrs=DATE))
    document_type = forms.CharField(
        label="Document type (optional)",
        required=False,
        max_length=100,
        help_text="For example “passport” or “residence permit”. Never the document's number.",
    )
    document_expires = forms.DateField(
        label="Document expires on (optional)",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="Needed for a time-limited right to work.",
    )


class HandOverForm(forms.Form):
    confirm = forms.BooleanField(
        label="The client's HR system takes over: the items still open stop here.",
        error_messages={"required": "Tick the box to hand the checklist over."},
    )


class TemplateItemForm(forms.Form):
    title = forms.CharField(label="Item", max_length=200)
    description = forms.CharField(label="Description (optional)", required=False, max_length=500)
    party = forms.ChoiceField(label="Who does it", choices=Party.choices, initial=Party.CLIENT)
    kind = forms.ChoiceField(label="Kind", choices=Kind.choices, initial=Kind.TASK)
    offset_days = forms.IntegerField(
        label="Due (days from the start date)",
        min_value=-OFFSET_LIMIT,
        max_value=OFFSET_LIMIT,
        help_text="Negative is before the first day: -10 is ten days before.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Your file",
        error_messages={"required": "Please choose a file.", "empty": "The file is empty."},
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["file"].help_text = f"A PDF or Word (DOCX) document, up to {max_mb} MB."
