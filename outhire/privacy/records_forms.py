"""Forms of the records pages: processing agreements and the breach log."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.models import Client
from outhire.privacy.models import Breach, ProcessingAgreement

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value):
    if value is not None and value > timezone.now():
        raise forms.ValidationError(_("This is in the future."))
    return value


class AgreementForm(forms.ModelForm):
    class Meta:
        model = ProcessingAgreement
        fields = [
            "provider_role",
            "signed_on",
            "sub_processors",
            "transfers",
            "security_measures",
            "notes",
        ]
        labels = {
            "provider_role": gettext_lazy("The provider's role"),
            "signed_on": gettext_lazy("Signed on"),
            "sub_processors": gettext_lazy("Sub-processors"),
            "transfers": gettext_lazy("Transfers outside the EEA"),
            "security_measures": gettext_lazy("Security measures agreed"),
            "notes": gettext_lazy("Notes"),
        }
        help_texts = {
            "provider_role": gettext_lazy(
                "Processor: the client decides why and how candidates' data is processed "
                "(GDPR Art. 28). Joint controller: both decide (Art. 26). Independent "
                "controller: the provider decides, for its own talent network."
            ),
            "signed_on": gettext_lazy("Leave empty while the agreement is not signed."),
            "sub_processors": gettext_lazy(
                "One per line: name, what it does, where. For example: “Mailer Ltd, sends "
                "e-mails, Ireland”."
            ),
            "transfers": gettext_lazy(
                "Countries outside the EEA that data goes to, and the safeguard for each "
                "(adequacy decision, standard contractual clauses). Empty when there are none."
            ),
            "security_measures": gettext_lazy(
                "Measures agreed beyond those the register lists for everyone."
            ),
        }
        widgets = {
            "signed_on": DATE,
            "sub_processors": forms.Textarea(attrs={"rows": 4}),
            "transfers": forms.Textarea(attrs={"rows": 3}),
            "security_measures": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_signed_on(self):
        value = self.cleaned_data.get("signed_on")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("This is in the future."))
        return value

    def clean_sub_processors(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["sub_processors"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            if len(line) > 300:
                raise forms.ValidationError(_("Keep each line under 300 characters."))
        return "\n".join(lines)


class BreachForm(forms.ModelForm):
    clients = forms.ModelMultipleChoiceField(
        queryset=Client.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Clients affected"),
        help_text=gettext_lazy(
            "Their data was concerned. Their admins can be told in the next step."
        ),
    )

    class Meta:
        model = Breach
        fields = [
            "summary",
            "discovered_at",
            "occurred_at",
            "description",
            "data_categories",
            "subjects_affected",
            "consequences",
            "measures",
        ]
        labels = {
            "summary": gettext_lazy("Summary"),
            "discovered_at": gettext_lazy("Discovered at"),
            "occurred_at": gettext_lazy("Occurred at (if known)"),
            "data_categories": gettext_lazy("Categories of personal data"),
            "subjects_affected": gettext_lazy("People affected (approximate number)"),
            "consequences": gettext_lazy("Likely consequences"),
            "measures": gettext_lazy("Measures taken or proposed"),
            "description": gettext_lazy("Description"),
        }
        help_texts = {
            "summary": gettext_lazy(
                "One line, without personal data: it is shown in lists and, if you notify "
                "clients, in their notice."
            ),
            "discovered_at": gettext_lazy(
                "When the provider became aware of it: the 72-hour deadline to report it to "
                "the supervisory authority runs from here (GDPR Art. 33)."
            ),
            "description": gettext_lazy("What happened, how it was found."),
        }
        widgets = {
            "discovered_at": DATETIME,
            "occurred_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = Client.objects.filter(is_active=True).order_by("name")
        self.fields["discovered_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.initial.setdefault("clients", list(self.instance.clients.all()))

    def clean_discovered_at(self):
        return _not_future(self.cleaned_data.get("discovered_at"))

    def clean_occurred_at(self):
        return _not_future(self.cleaned_data.get("occurred_at"))

    def clean(self):
        data = super().clean()
        occurred, discovered = data.get("occurred_at"), data.get("discovered_at")
        if occurred and discovered and occurred > discovered:
            self.add_error("occurred_at", _("A breach cannot occur after it was discovered."))
        return data

    def breach_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class BreachReportForm(forms.Form):
    REPORTED, NOT_REPORTED = "reported", "not_reported"
    outcome = forms.ChoiceField(
        label=gettext_lazy("Was it reported to the supervisory authority?"),
        choices=[
            (REPORTED, gettext_lazy("Yes, reported")),
            (
                NOT_REPORTED,
                gettext_lazy("No: unlikely to result in a risk to people's rights and freedoms"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    reported_at = forms.DateTimeField(
        label=gettext_lazy("Reported at"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reference = forms.CharField(
        label=gettext_lazy("The authority's reference"), max_length=100, required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it was not reported"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Art. 33(5): the documentation must let the authority verify this decision."
        ),
    )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == self.REPORTED:
            if not data.get("reported_at"):
                self.add_error("reported_at", _("When was it reported?"))
            elif data["reported_at"] > timezone.now():
                self.add_error("reported_at", _("This is in the future."))
            data["reason"] = ""
        elif outcome == self.NOT_REPORTED:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why it was not reported."))
            data["reported_at"], data["reference"] = None, ""
        return data


class SubjectsNotifiedForm(forms.Form):
    notified_at = forms.DateTimeField(
        label=gettext_lazy("The people affected were told at"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_notified_at(self):
        return _not_future(self.cleaned_data["notified_at"])


class BreachNoticeForm(forms.Form):
    """The text each affected client's admins get, shown (and editable) before it is sent."""

    # How many notices had been sent when the page was shown: sending twice is refused.
    sent_before = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, clients, texts: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clients = list(clients)
        for client in self.clients:
            self.fields[f"text_{client.pk}"] = forms.CharField(
                label=_("Notice to the admins of %(client)s") % {"client": client.name},
                initial=texts[client.pk],
                max_length=300,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=gettext_lazy(
                    "Sent in the app and by e-mail. Leave it empty not to tell this client."
                ),
            )

    def texts(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"text_{c.pk}", "") for c in self.clients}

    def fields_by_client(self):
        return [(client, self[f"text_{client.pk}"]) for client in self.clients]
