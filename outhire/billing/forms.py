"""Forms of the invoice pages: filters, a new draft, lines, payment, credit, billing details."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.billing.models import BillingAccount, Invoice, InvoiceLine
from outhire.engagements.models import Engagement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def last_month() -> tuple[date, date]:
    first_this = timezone.localdate().replace(day=1)
    end = first_this - timedelta(days=1)
    return end.replace(day=1), end


class InvoiceFilterForm(forms.Form):
    STATES = [
        ("", _("Any state")),
        ("draft", _("Draft")),
        ("issued", _("Issued")),
        ("overdue", _("Overdue")),
        ("paid", _("Paid")),
    ]
    client = forms.ChoiceField(label=_("Client"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Invoices and credit notes")), *Invoice.Kind.choices],
        required=False,
    )

    def __init__(self, *args, clients, staff: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", _("Every client"))] + [
            (c.slug, c.name) for c in clients
        ]
        if not staff:
            self.fields["state"].choices = [c for c in self.STATES if c[0] != "draft"]

    def apply(self, invoices):
        if not self.is_valid():
            return invoices
        data = self.cleaned_data
        if data["client"]:
            invoices = invoices.filter(client__slug=data["client"])
        today = timezone.localdate()
        state = data["state"]
        if state == "overdue":
            invoices = invoices.overdue(today)
        elif state:
            invoices = invoices.filter(status=state)
        if data["kind"]:
            invoices = invoices.filter(kind=data["kind"])
        return invoices


class DraftForm(forms.Form):
    engagement = forms.ModelChoiceField(label=_("Engagement"), queryset=Engagement.objects.none())
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)

    def __init__(self, *args, engagements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements
        self.fields["engagement"].label_from_instance = lambda e: f"{e.client.name}: {e.name}"
        start, end = last_month()
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if start and end and (end - start).days > 366:
            self.add_error("period_end", _("Invoice at most a year at a time."))
        return data


class LineForm(forms.ModelForm):
    class Meta:
        model = InvoiceLine
        fields = ["kind", "description", "quantity", "unit_price", "currency", "evidence"]
        labels = {
            "kind": _("Kind"),
            "description": _("Description"),
            "quantity": _("Quantity"),
            "currency": _("Currency"),
            "unit_price": _("Unit price"),
            "evidence": _("Evidence (for credits and adjustments)"),
        }
        help_texts = {
            "quantity": _(
                "Negative for a credit or an SLA adjustment (-1 takes one unit price off)."
            ),
            "currency": _("The invoice's currency: amounts are never converted."),
        }
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, invoice: Invoice, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invoice = invoice
        self.fields["currency"].initial = invoice.currency
        self.fields["quantity"].initial = Decimal("1")

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()


class PoForm(forms.Form):
    po_number = forms.CharField(label=_("PO number"), max_length=50, required=False)


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Payment reference"), max_length=100, required=False)


class CreditForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the credit note."),
    )

    def __init__(self, *args, lines, left: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.credit_lines = []
        for line in lines:
            if line.pk not in left:
                continue
            name = f"line_{line.pk}"
            self.fields[name] = forms.DecimalField(
                label=line.description,
                min_value=Decimal("0"),
                max_value=left[line.pk],
                decimal_places=3,
                initial=f"{left[line.pk].normalize():f}",
                required=False,
                help_text=_("At most %(quantity)s; 0 leaves the line as it is.")
                % {"quantity": f"{left[line.pk].normalize():f}"},
            )
            self.credit_lines.append((line, name))

    def chosen(self) -> list:
        return [
            (line, self.cleaned_data[name])
            for line, name in self.credit_lines
            if self.cleaned_data.get(name)
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not self.chosen():
            raise forms.ValidationError(_("Credit at least one line."))
        return data


class BillingAccountForm(forms.ModelForm):
    class Meta:
        model = BillingAccount
        fields = [
            "legal_name",
            "street",
            "postcode",
            "city",
            "country",
            "vat_id",
            "sales_tax_rate",
            "billing_email",
            "po_number",
            "payment_days",
            "language",
        ]
        labels = {
            "legal_name": _("Legal name"),
            "street": _("Street"),
            "postcode": _("Postcode"),
            "city": _("City"),
            "country": _("Country"),
        }

    def clean_country(self) -> str:
        return (self.cleaned_data.get("country") or "").strip().upper()
