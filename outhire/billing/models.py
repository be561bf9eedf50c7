"""Invoices to clients (Invoice, InvoiceLine), their numbering, and each client's billing details.

An invoice is drafted from the engagement's fee model for a period, edited while a draft, then
issued: from then on it is a legal document, and neither it nor its lines change again, except
for its payment (paid, reminders). A mistake is corrected by a credit note, which is an
`Invoice` of kind `credit_note` pointing at the invoice it credits and numbered in the same
gapless series. See docs/billing.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.billing import amounts
from outhire.costs.models import validate_currency

country_code = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 code, such as DE or US.")
)


class InvoiceLocked(Exception):
    """A change to an issued invoice or its lines: they are corrected by a credit note only."""


class BillingAccount(ClientOwned):
    """Who the client is on an invoice: legal name, address, tax ids, where invoices go."""

    legal_name = models.CharField(max_length=200)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(
        max_length=2, validators=[country_code], help_text=_("Two letters, such as DE or US.")
    )
    vat_id = models.CharField(
        _("VAT id"),
        max_length=30,
        blank=True,
        help_text=_("With its country prefix, such as DE123456789. Needed for the reverse charge."),
    )
    sales_tax_rate = models.DecimalField(
        _("sales tax rate (%)"),
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("US clients only: the combined state and local rate the provider collects."),
    )
    billing_email = models.EmailField(
        _("billing e-mail"), help_text=_("Where invoices and overdue reminders go.")
    )
    po_number = models.CharField(
        _("default PO number"),
        max_length=50,
        blank=True,
        help_text=_("Copied onto each new draft; can be changed per invoice."),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MinValueValidator(1)]
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the client's invoices, credit notes and reminders; "
            "blank for the default."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client"], name="one_billing_account_per_client")
        ]

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        self.country = (self.country or "").upper()
        self.vat_id = (self.vat_id or "").replace(" ", "").upper()

    def save(self, *args, **kwargs) -> None:
        self.clean()  # the codes are compared and printed in one form, whoever saves
        super().save(*args, **kwargs)

    def snapshot(self) -> dict:
        """The buyer as the invoice prints it, frozen at issue."""
        return {
            "name": self.legal_name,
            "street": self.street,
            "city": self.city,
            "postcode": self.postcode,
            "country": self.country,
            "vat_id": self.vat_id,
            "email": self.billing_email,
            "language": self.language,
        }


class InvoiceNumberSequence(models.Model):
    """The last number given in one series (provider prefix and year): numbers have no gaps.

    `invoice_issue` locks this row (select_for_update) for the rest of its transaction, so two
    invoices issued at the same moment get consecutive numbers, and a failed issue gives its
    number back by rolling back.
    """

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class InvoiceQuerySet(ClientOwnedQuerySet):
    """Bulk writes are refused on issued invoices too, so no ORM path changes one."""

    def update(self, **values) -> int:
        if not set(values) <= Invoice.CHANGEABLE_WHEN_ISSUED and self._touches_issued():
            raise InvoiceLocked(gettext("Issued invoices cannot be changed, only credited."))
        return super().update(**values)

    def delete(self):
        if self._touches_issued():
            raise InvoiceLocked(gettext("Issued invoices cannot be deleted."))
        return super().delete()

    def _touches_issued(self) -> bool:
        return self.exclude(status=Invoice.Status.DRAFT).exists()

    def with_credited(self) -> InvoiceQuerySet:
        """Each row with `credited_gross`: the gross total of its issued credit notes (0.00 if
        none), in the same query, so `is_overdue` needs no query per row."""
        notes = (
            Invoice._base_manager.filter(credits=models.OuterRef("pk"))
            .exclude(status=Invoice.Status.DRAFT)
            .order_by()
            .values("credits")
            .annotate(total=models.Sum("gross_total"))
            .values("total")
        )
        return self.annotate(
            credited_gross=models.functions.Coalesce(
                models.Subquery(notes, output_field=models.DecimalField()),
                models.Value(Decimal("0.00")),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        )

    def overdue(self, today: date) -> InvoiceQuerySet:
        """Issued, unpaid invoices past their due date with something still due after their
        credit notes: one credited in full is settled, not overdue."""
        return (
            self.with_credited()
            .filter(kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED, due_date__lt=today)
            .filter(gross_total__gt=models.F("credited_gross"))
        )

    def visible_to(self, access) -> InvoiceQuerySet:
        """Provider staff see the invoices of their clients; a client's admins only issued ones."""
        rows = super().visible_to(access)
        if access.is_provider_staff:
            return rows
        return rows.exclude(status=Invoice.Status.DRAFT)


class Invoice(ClientOwned):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PAID = "paid", _("Paid")

    # What may still change once issued: the payment and the reminders.
    CHANGEABLE_WHEN_ISSUED = frozenset(
        {"status", "paid_on", "paid_by", "payment_reference", "last_reminder_on"}
    )

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    engagement = models.ForeignKey(
        "engagements.Engagement", models.PROTECT, related_name="invoices"
    )
    credits = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        help_text=_("The invoice a credit note corrects."),
    )
    number = models.CharField(max_length=40, blank=True)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    period_start = models.DateField()
    period_end = models.DateField()
    po_number = models.CharField(_("PO number"), max_length=50, blank=True)
    reason = models.CharField(
        max_length=500, blank=True, help_text=_("Why a credit note was issued.")
    )
    # The tax treatment, decided on the draft from the billing details, frozen at issue.
    tax_category = models.CharField(max_length=2, default="S")
    tax_rate = models.DecimalField(max_digits=6, decimal_places=3, default=Decimal("0"))
    tax_note = models.CharField(max_length=300, blank=True)
    tax_exemption_code = models.CharField(max_length=20, blank=True)
    # Frozen at issue: who sold, who bought, the totals, the dates.
    seller = models.JSONField(default=dict, blank=True)
    buyer = models.JSONField(default=dict, blank=True)
    net_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    gross_total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment_reference = models.CharField(max_length=100, blank=True)
    last_reminder_on = models.DateField(null=True, blank=True)
    # What the draft could not settle by itself (an SLA term with no data, a fee left off),
    # shown on the draft page to whoever checks it before issuing.
    warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="invoice_number_unique"
            )
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        if self.number:
            return self.number
        if self.kind == self.Kind.CREDIT_NOTE:
            return gettext("Draft credit note #%(pk)s") % {"pk": self.pk}
        return gettext("Draft invoice #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs) -> None:
        """Refuse any change to an issued invoice but its payment (see CHANGEABLE_WHEN_ISSUED)."""
        if self.pk is not None and not self._state.adding:
            stored = Invoice._base_manager.filter(pk=self.pk).values_list("status", flat=True)
            stored_status = stored.first()
            if stored_status is not None and stored_status != self.Status.DRAFT:
                fields = kwargs.get("update_fields")
                if fields is None or not set(fields) <= self.CHANGEABLE_WHEN_ISSUED:
                    raise InvoiceLocked(
                        gettext(
                            "%(invoice)s is issued: it cannot be changed, only credited by a "
                            "credit note."
                        )
                        % {"invoice": self}
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != self.Status.DRAFT:
            raise InvoiceLocked(
                gettext("%(invoice)s is issued: it cannot be deleted.") % {"invoice": self}
            )
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    def is_overdue(self, today: date | None = None) -> bool:
        """Issued, not paid, past its due date, and not settled by credit notes (a credit note
        is never overdue)."""
        today = today or timezone.localdate()
        return (
            self.kind == self.Kind.INVOICE
            and self.status == self.Status.ISSUED
            and self.due_date is not None
            and self.due_date < today
            and self.credited_gross_total() < self.gross_total
        )

    def credited_gross_total(self) -> Decimal:
        """The gross total of this invoice's issued credit notes: the `credited_gross`
        annotation of `InvoiceQuerySet.with_credited()` when there, else one query."""
        annotated = getattr(self, "credited_gross", None)
        if annotated is not None:
            return annotated
        total = (
            Invoice._base_manager.filter(credits=self)
            .exclude(status=self.Status.DRAFT)
            .aggregate(total=models.Sum("gross_total"))["total"]
        )
        return total or Decimal("0.00")

    @property
    def state_label(self) -> str:
        if self.is_overdue():
            return gettext("Overdue")
        return self.get_status_display()

    @property
    def is_reverse_charge(self) -> bool:
        return self.tax_category == "AE"

    def computed_totals(self, lines=None) -> amounts.Totals:
        lines = self.lines.all() if lines is None else lines
        return amounts.totals(
            amounts.Line(line.quantity, line.unit_price, self.tax_rate, self.tax_category)
            for line in lines
        )


class InvoiceLineQuerySet(ClientOwnedQuerySet):
    """Bulk writes to lines of issued invoices are refused, as single saves are."""

    def update(self, **values) -> int:
        self._refuse_if_issued()
        return super().update(**values)

    def delete(self):
        self._refuse_if_issued()
        return super().delete()

    def _refuse_if_issued(self) -> None:
        if self.exclude(invoice__status=Invoice.Status.DRAFT).exists():
            raise InvoiceLocked(gettext("The lines of an issued invoice cannot be changed."))


class InvoiceLine(ClientOwned):
    """One line of an invoice: what is charged (or credited), how many, at what price.

    `source_ref` names what the line bills ("monthly:3:2026-04", "hire:12", "submission:88",
    "project:3") so nothing is billed twice; `evidence` says why a credit or adjustment line
    exists (a replacement, a missed SLA), as text a client can check.
    """

    class Kind(models.TextChoices):
        MANAGEMENT_FEE = "management_fee", _("Monthly management fee")
        PER_HIRE = "per_hire", _("Fee per hire")
        PERCENT_SALARY = "percent_salary", _("Percentage of first-year salary")
        PER_SUBMISSION = "per_submission", _("Fee per qualified submission")
        PROJECT_FEE = "project_fee", _("Project fee")
        OTHER = "other", _("Other")
        CREDIT = "credit", _("Credit")
        SLA_ADJUSTMENT = "sla_adjustment", _("SLA adjustment")

    # Lines that take money off (their quantity is negative; the price stays positive, as
    # EN 16931 wants: BR-27). An SLA adjustment is a credit (negative) or a bonus (positive).
    REDUCING_KINDS = frozenset({Kind.CREDIT, Kind.SLA_ADJUSTMENT})
    SIGNED_KINDS = frozenset({Kind.SLA_ADJUSTMENT})

    invoice = models.ForeignKey(Invoice, models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.CharField(max_length=300)
    evidence = models.TextField(blank=True)
    quantity = models.DecimalField(max_digits=10, decimal_places=3, default=Decimal("1"))
    unit_code = models.CharField(max_length=3, default="C62")  # UN/ECE rec 20: C62 one, MON month
    unit_price = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    source_ref = models.CharField(max_length=100, blank=True)
    credited_line = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="credited_by"
    )

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> Decimal:
        return amounts.line_amount(self.quantity, self.unit_price)

    def clean(self) -> None:
        errors = {}
        if self.invoice_id is not None:
            try:
                amounts.check_currency(self.invoice.currency, self.currency or "")
            except amounts.CurrencyMismatch as exc:
                errors["currency"] = str(exc)
        if self.quantity is not None:
            if self.kind in self.SIGNED_KINDS and self.quantity == 0:
                errors["quantity"] = _(
                    "Use a negative quantity for a credit, a positive one for a bonus."
                )
            elif self.kind in self.SIGNED_KINDS:
                pass
            elif self.kind in self.REDUCING_KINDS and self.quantity >= 0:
                errors["quantity"] = _(
                    "A credit or adjustment takes money off: use a negative quantity."
                )
            elif self.kind not in self.REDUCING_KINDS and self.quantity <= 0:
                errors["quantity"] = _("The quantity must be more than 0.")
        if self.kind in self.REDUCING_KINDS and not self.evidence.strip():
            errors["evidence"] = _("Say why: the evidence is printed on the invoice.")
        if errors:
            raise ValidationError(errors)

    def _refuse_if_issued(self) -> None:
        status = Invoice._base_manager.filter(pk=self.invoice_id).values_list("status", flat=True)
        stored = status.first()
        if stored is not None and stored != Invoice.Status.DRAFT:
            raise InvoiceLocked(gettext("The lines of an issued invoice cannot be changed."))

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_issued()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_issued()
        return super().delete(*args, **kwargs)


class GuaranteeClaim(ClientOwned):
    """A hire who left inside the engagement's guarantee period, and what it settled.

    One per hire (the unique constraint makes opening it idempotent, even when two requests
    race). `outcome` says what happens to the hire's fee: `credit` puts a credit line of
    `credit_amount` on the engagement's next draft (line reference `guarantee:<id>`), `withheld`
    keeps the fee off every invoice, `no_fee` means there was no hire fee to settle.
    """

    class Outcome(models.TextChoices):
        CREDIT = "credit", _("Credited")
        WITHHELD = "withheld", _("Withheld")
        NO_FEE = "no_fee", _("No hire fee")

    hire = models.OneToOneField("offers.Hire", models.CASCADE, related_name="guarantee_claim")
    engagement = models.ForeignKey(
        "engagements.Engagement", models.PROTECT, related_name="guarantee_claims"
    )
    requisition = models.ForeignKey("requisitions.Requisition", models.CASCADE, related_name="+")
    start_date = models.DateField()
    left_on = models.DateField()
    days_worked = models.PositiveIntegerField()
    guarantee_days = models.PositiveSmallIntegerField()
    remedy = models.CharField(max_length=20)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    fee_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    credit_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    withheld_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    evidence = models.TextField()
    replacement = models.ForeignKey(
        "requisitions.Requisition",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces_claims",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-left_on", "-id"]

    def __str__(self) -> str:
        return f"Guarantee claim #{self.pk}"

    @property
    def source_ref(self) -> str:
        return f"guarantee:{self.pk}"


class SlaTermResult(ClientOwned):
    """One SLA term evaluated for one period, once: the numbers, and the adjustment if any.

    The unique (term, period) pair makes the evaluation happen once, whoever drafts first; the
    line it produces carries `sla:<term>:<period>` so it is invoiced once (docs/billing.md).
    """

    term = models.ForeignKey("engagements.SlaTerm", models.CASCADE, related_name="results")
    period_key = models.CharField(max_length=10)  # 2026-Q3 or 2026-07
    period_start = models.DateField()
    period_end = models.DateField()
    measured = models.PositiveIntegerField()
    met = models.PositiveIntegerField()
    share = models.DecimalField(max_digits=6, decimal_places=2)
    applies = models.BooleanField()
    base_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, validators=[validate_currency])
    evidence = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "period_key"], name="sla_term_once_per_period")
        ]

    def __str__(self) -> str:
        return f"SLA term #{self.term_id}, {self.period_key}"

    @property
    def source_ref(self) -> str:
        return f"sla:{self.term_id}:{self.period_key}"
