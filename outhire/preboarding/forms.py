from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.preboarding.models import OFFSET_LIMIT, Kind, Party, RightToWorkCheck

DATE = {"type": "date"}


class CompleteForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("Details for the new hire"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and item.kind == Kind.FIRST_DAY:
            self.fields["details"].label = _("First-day details (time, place, who to ask for)")
            self.fields["details"].required = True
        elif item is not None and item.kind == Kind.BUDDY:
            self.fields["details"].label = _("The buddy's name and how to reach them")
            self.fields["details"].required = True
        else:
            self.fields["details"].label = _("Note (optional)")


class RightToWorkForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=[("", "—"), *RightToWorkCheck.Outcome.choices]
    )
    method = forms.ChoiceField(
        label=gettext_lazy("How it was checked"),
        choices=[("", "—"), *RightToWorkCheck.Method.choices],
    )
    checked_on = forms.DateField(
        label=gettext_lazy("Checked on"), widget=forms.DateInput(attrs=DATE)
    )
    document_type = forms.CharField(
        label=gettext_lazy("Document type (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "For example “passport” or “residence permit”. Never the document's number."
        ),
    )
    document_expires = forms.DateField(
        label=gettext_lazy("Document expires on (optional)"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=gettext_lazy("Needed for a time-limited right to work."),
    )


class HandOverForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("The client's HR system takes over: the items still open stop here."),
        error_messages={"required": gettext_lazy("Tick the box to hand the checklist over.")},
    )


class TemplateItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Item"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"), required=False, max_length=500
    )
    party = forms.ChoiceField(
        label=gettext_lazy("Who does it"), choices=Party.choices, initial=Party.CLIENT
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices, initial=Kind.TASK)
    offset_days = forms.IntegerField(
        label=gettext_lazy("Due (days from the start date)"),
        min_value=-OFFSET_LIMIT,
        max_value=OFFSET_LIMIT,
        help_text=gettext_lazy("Negative is before the first day: -10 is ten days before."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Your file"),
        error_messages={
            "required": gettext_lazy("Please choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["file"].help_text = _("A PDF or Word (DOCX) document, up to %(max_mb)s MB.") % {
            "max_mb": max_mb
        }
