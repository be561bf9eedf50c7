"""Forms of the communication pages: message templates, sending and logging, comments."""

from __future__ import annotations

from django import forms

from outhire.pipeline.communication import messaging
from outhire.pipeline.models import MessageTemplate, SenderIdentity
from outhire.requisitions.models import StageKind

FIELDS_HELP = "Merge fields: " + ", ".join(f"{{{{ {name} }}}}" for name in messaging.MERGE_FIELDS)


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "subject", "body", "trigger", "stage_kind", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        labels = {"is_active": "Active", "stage_kind": "Stage kind (for “On a move”)"}
        help_texts = {"body": FIELDS_HELP, "subject": FIELDS_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Moves into `sourced` never send: those people did not apply.
        self.fields["stage_kind"] = forms.ChoiceField(
            choices=[("", "—")] + [(k.value, k.label) for k in StageKind if k != StageKind.SOURCED],
            required=False,
            label=self.Meta.labels["stage_kind"],
        )

    def _merge_checked(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        errors = messaging.template_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value

    def clean_subject(self) -> str:
        return self._merge_checked("subject")

    def clean_body(self) -> str:
        return self._merge_checked("body")

    def clean(self) -> dict:
        data = super().clean()
        trigger = data.get("trigger")
        if trigger == MessageTemplate.Trigger.STAGE and not data.get("stage_kind"):
            self.add_error("stage_kind", "Choose the stage kind whose moves send this e-mail.")
        if trigger != MessageTemplate.Trigger.STAGE:
            data["stage_kind"] = ""
        return data


class MessageSendForm(forms.Form):
    template = forms.ModelChoiceField(queryset=MessageTemplate.objects.none(), label="Template")

    def __init__(self, *args, client_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.filter(
            client_id=client_id, is_active=True
        )


class ReplyLogForm(forms.Form):
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        label="What the candidate wrote", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="Mention someone with @ and their e-mail address or full name.",
    )
    internal = forms.BooleanField(required=False, label="Provider staff only")


class SenderIdentityForm(forms.ModelForm):
    """The From and Reply-To of a client's e-mails to candidates; validated by the model."""

    class Meta:
        model = SenderIdentity
        fields = ["from_name", "from_address", "reply_to", "reply_to_address"]
        widgets = {"reply_to": forms.RadioSelect}
        help_texts = {
            "reply_to_address": "Only for “To the address below”: replies then stay out of "
            "Outhire, and are logged by hand.",
        }
