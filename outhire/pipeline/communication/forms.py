"""Forms of the communication pages: message templates, sending and logging, comments."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from outhire.pipeline.communication import messaging
from outhire.pipeline.models import MessageTemplate, MessageTemplateTranslation, SenderIdentity
from outhire.requisitions.models import StageKind

FIELDS_HELP = format_lazy(
    _("Merge fields: {fields}"),
    fields=", ".join(f"{{{{ {name} }}}}" for name in messaging.MERGE_FIELDS),
)


class MergeFieldsChecked:
    """A subject and body whose merge fields must be ones Outhire knows."""

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


class MessageTemplateForm(MergeFieldsChecked, forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "subject", "body", "trigger", "stage_kind", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        labels = {
            "name": _("Name"),
            "subject": _("Subject"),
            "body": _("Body"),
            "trigger": _("Trigger"),
            "is_active": _("Active"),
            "stage_kind": _("Stage kind (for “On a move”)"),
        }
        help_texts = {"body": FIELDS_HELP, "subject": FIELDS_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Moves into `sourced` never send: those people did not apply.
        self.fields["stage_kind"] = forms.ChoiceField(
            choices=[("", "—")] + [(k.value, k.label) for k in StageKind if k != StageKind.SOURCED],
            required=False,
            label=self.Meta.labels["stage_kind"],
        )

    def clean(self) -> dict:
        data = super().clean()
        trigger = data.get("trigger")
        if trigger == MessageTemplate.Trigger.STAGE and not data.get("stage_kind"):
            self.add_error("stage_kind", _("Choose the stage kind whose moves send this e-mail."))
        if trigger != MessageTemplate.Trigger.STAGE:
            data["stage_kind"] = ""
        return data


class MessageTemplateTranslationForm(MergeFieldsChecked, forms.ModelForm):
    """A template's subject and body in one language; the same merge fields as the template."""

    class Meta:
        model = MessageTemplateTranslation
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        labels = {"subject": _("Subject"), "body": _("Body")}
        help_texts = {"body": FIELDS_HELP, "subject": FIELDS_HELP}


class MessageSendForm(forms.Form):
    template = forms.ModelChoiceField(queryset=MessageTemplate.objects.none(), label=_("Template"))

    def __init__(self, *args, client_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.filter(
            client_id=client_id, is_active=True
        )


class ReplyLogForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("What the candidate wrote"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text=_("Mention someone with @ and their e-mail address or full name."),
    )
    internal = forms.BooleanField(required=False, label=_("Provider staff only"))


class SenderIdentityForm(forms.ModelForm):
    """The From and Reply-To of a client's e-mails to candidates; validated by the model."""

    class Meta:
        model = SenderIdentity
        fields = ["from_name", "from_address", "reply_to", "reply_to_address"]
        widgets = {"reply_to": forms.RadioSelect}
        help_texts = {
            "reply_to_address": _(
                "Only for “To the address below”: replies then stay out of "
                "Outhire, and are logged by hand."
            ),
        }
