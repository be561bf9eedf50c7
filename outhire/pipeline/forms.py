"""Forms of the pipeline board, the application page and the client portal.

Every form that changes an application carries the `version` the page showed, so a move made
on a stale page is refused with the current state instead of overwriting someone's move.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outhire.candidates.models import Candidate
from outhire.lib.i18n import supported
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Application
from outhire.requisitions.models import DispositionReason, Stage

STATUS_CHOICES = [("", _("Any status")), *Application.Status.choices]


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    source = forms.ChoiceField(label=_("Source"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, sources=(), owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Candidate.Source.choices)
        self.fields["source"].choices = [
            ("", _("Any source")),
            *((s, labels.get(s, s)) for s in sources),
        ]
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            *((u.pk, u.full_name or u.email) for u in owners),
        ]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(VersionedForm):
    stage = forms.ModelChoiceField(label=_("Move to"), queryset=Stage.objects.none())

    def __init__(self, *args, stages=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if stages is not None:
            self.fields["stage"].queryset = stages


class CloseForm(VersionedForm):
    """Reject or withdraw: a reason from the client's list, and an optional message."""

    disposition = forms.ModelChoiceField(
        label=_("Reason"), queryset=DispositionReason.objects.none()
    )
    message = forms.CharField(
        label=_("Message to the candidate (optional, sent by e-mail)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dispositions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if dispositions is not None:
            self.fields["disposition"].queryset = dispositions


class ReopenForm(VersionedForm):
    pass


class BulkForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=())
    action = forms.ChoiceField(choices=[("move", _("Move")), ("reject", _("Reject"))])
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), required=False)
    disposition = forms.ModelChoiceField(queryset=DispositionReason.objects.none(), required=False)
    reason = forms.CharField(required=False, max_length=2000)
    message = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, stages, dispositions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["disposition"].queryset = dispositions
        # Any ids: the view keeps only the applications of this requisition.
        values = self.data.getlist("applications") if hasattr(self.data, "getlist") else []
        self.fields["applications"].choices = [(v, v) for v in values]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "move" and not data.get("stage"):
            self.add_error("stage", _("Choose the stage to move them to."))
        if data.get("action") == "reject" and not data.get("disposition"):
            self.add_error("disposition", _("Choose a reason for rejecting them."))
        return data


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    disposition = forms.ModelChoiceField(
        label=_("Reason"), queryset=DispositionReason.objects.none()
    )
    reason = forms.CharField(
        label=_("Comment for the recruiter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dispositions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if dispositions is not None:
            self.fields["disposition"].queryset = dispositions


class AdvanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class DraftForm(forms.Form):
    """One e-mail a move would send: sent as shown, edited first, or not sent at all.

    The page shows its text in fields to edit (and says so with `editable`), or only shows it,
    redacted, when blind review hides the candidate's name from the reader or the reader is a
    client user: then it is sent or held back as the template renders it. `merge`: the text
    still holds merge fields (a bulk move sends it to each candidate), checked as a template.
    """

    template = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)
    # The language the text is in (a translation's), shown and kept; "" for the template's own.
    language = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
    editable = forms.BooleanField(widget=forms.HiddenInput, required=False)
    send = forms.BooleanField(required=False, initial=True, label=_("Send this e-mail"))
    subject = forms.CharField(max_length=200, required=False, label=_("Subject"))
    body = forms.CharField(
        max_length=20000,
        required=False,
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, merge: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.merge = merge

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("send") or not data.get("editable"):
            return data
        for name in ("subject", "body"):
            value = (data.get(name) or "").strip()
            if not value:
                self.add_error(name, _("Write it, or untick “Send this e-mail”."))
            elif self.merge:
                for error in messaging.template_errors(value):
                    self.add_error(name, error)
        return data


class BaseDraftFormSet(forms.BaseFormSet):
    def chosen(self, prepared: list[messaging.Draft]) -> list[messaging.Draft]:
        """The e-mails to send: as edited, or (shown only) as `prepared` for that template;
        none when the person chose to send none."""
        if self.data.get("skip_emails"):
            return []
        by_template = {d.template_id: d for d in prepared}
        emails = []
        for form in self.forms:
            data = form.cleaned_data
            if not data.get("send"):
                continue
            if data.get("editable"):
                emails.append(
                    messaging.Draft(
                        data.get("template"),
                        data.get("name", ""),
                        data["subject"],
                        data["body"],
                        supported(data.get("language")) or "",
                    )
                )
            elif data.get("template") in by_template:
                emails.append(by_template[data["template"]])
        return emails


DraftFormSet = forms.formset_factory(
    DraftForm, formset=BaseDraftFormSet, extra=0, max_num=10, absolute_max=10, validate_max=True
)


def draft_formset(data=None, *, drafts=(), merge: bool = False):
    """The e-mails of a move as a formset ("email-0-subject"...), filled from `drafts`."""
    initial = [
        {"template": d.template_id, "name": d.name, "send": True, "subject": d.subject,
         "body": d.body, "language": d.language}
        for d in drafts
    ]  # fmt: skip
    return DraftFormSet(
        data,
        initial=None if data is not None else initial,
        prefix="email",
        form_kwargs={"merge": merge},
    )
