"""Forms of the costs pages: an entry, the list's filters, a file to import, a reason to void."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.models import Client
from outhire.candidates.models import Candidate
from outhire.costs.models import CATEGORY_GROUPS, EXTERNAL_CATEGORIES, CostEntry
from outhire.costs.rules import PERIODS, is_currency, period_range
from outhire.requisitions.models import Requisition

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _requisitions(client: Client):
    return Requisition.objects.filter(client=client).order_by("-created_at", "-id")


class RequisitionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Requisition) -> str:
        return f"{obj.reference} {obj.title}".strip()


class CostEntryForm(forms.ModelForm):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category"))] + CATEGORY_GROUPS
    )
    requisition = RequisitionChoice(
        label=_("Requisition"),
        queryset=Requisition.objects.none(),
        required=False,
        empty_label=_("None (a cost of the whole client)"),
    )

    class Meta:
        model = CostEntry
        fields = [
            "incurred_on",
            "category",
            "amount",
            "currency",
            "requisition",
            "channel",
            "channel_detail",
            "description",
        ]
        labels = {
            "amount": _("Amount"),
            "currency": _("Currency"),
            "requisition": _("Requisition"),
            "description": _("Description"),
            "incurred_on": _("Date incurred"),
            "channel": _("Sourcing channel"),
            "channel_detail": _("Board or site"),
        }
        help_texts = {
            "amount": _("What was paid, such as 1250.50."),
            "currency": _("The ISO 4217 code, such as EUR, USD or GBP."),
            "channel": _(
                "For job boards, ads and events: the channel this cost bought, so cost "
                "per source can be computed."
            ),
            "channel_detail": _("The board or site, such as Indeed or LinkedIn."),
        }
        widgets = {"incurred_on": DATE, "description": forms.TextInput()}

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requisition"].queryset = _requisitions(client)
        self.fields["channel"].choices = [("", _("None"))] + list(Candidate.Source.choices)
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "min": "0.01"})
        self.fields["currency"].widget.attrs.update(
            {"maxlength": "3", "autocapitalize": "characters", "size": "4"}
        )

    def clean_currency(self) -> str:
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if not is_currency(value):
            raise forms.ValidationError(
                _("Not an ISO 4217 currency code; use three letters such as EUR, USD or GBP.")
            )
        return value

    def entry_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CostFilterForm(forms.Form):
    period = forms.ChoiceField(
        choices=[("", _("Any time"))] + list(PERIODS.items()), required=False, label=_("Period")
    )
    date_from = forms.DateField(required=False, label=_("From"), widget=DATE)
    date_to = forms.DateField(required=False, label=_("To"), widget=DATE)
    category = forms.ChoiceField(
        choices=[("", _("All categories"))] + CATEGORY_GROUPS, required=False, label=_("Category")
    )
    kind = forms.ChoiceField(
        choices=[
            ("", _("External and internal")),
            ("external", _("External")),
            ("internal", _("Internal")),
        ],
        required=False,
        label=_("Kind"),
    )
    requisition = RequisitionChoice(
        label=_("Requisition"),
        queryset=Requisition.objects.none(),
        required=False,
        empty_label=_("All requisitions"),
    )
    channel = forms.ChoiceField(required=False, label=_("Channel"))
    voided = forms.BooleanField(required=False, label=_("Show voided entries"))

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requisition"].queryset = _requisitions(client)
        self.fields["channel"].choices = [
            ("", _("All channels")),
            ("none", _("No channel")),
        ] + list(Candidate.Source.choices)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("period"):
            data["date_from"], data["date_to"] = period_range(data["period"], timezone.localdate())
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def apply(self, entries):
        """`entries` narrowed to the valid filters (all of them when the form is unbound)."""
        if not self.is_bound or not self.is_valid():
            return entries.filter(voided_at__isnull=True)
        data = self.cleaned_data
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start:
            entries = entries.filter(incurred_on__gte=start)
        if end:
            entries = entries.filter(incurred_on__lte=end)
        if data.get("category"):
            entries = entries.filter(category=data["category"])
        if data.get("kind"):
            lookup = {"category__in": [c.value for c in EXTERNAL_CATEGORIES]}
            entries = (
                entries.filter(**lookup)
                if data["kind"] == "external"
                else entries.exclude(**lookup)
            )
        if data.get("requisition"):
            entries = entries.filter(requisition=data["requisition"])
        if data.get("channel") == "none":
            entries = entries.filter(channel="")
        elif data.get("channel"):
            entries = entries.filter(channel=data["channel"])
        if not data.get("voided"):
            entries = entries.filter(voided_at__isnull=True)
        return entries


class CostImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of costs"),
        help_text=_(
            "Columns: date, category, amount, currency, and optionally requisition, "
            "channel, channel_detail, description."
        ),
    )

    def clean_file(self):
        from outhire.costs.imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)s MB; split it into several.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class VoidForm(forms.Form):
    void_reason = forms.CharField(
        label=_("Why is this entry voided?"),
        max_length=300,
        help_text=_("Such as: the hire left in the guarantee period, the fee was waived."),
    )
