"""Invoice workflows: draft from the fee model, edit the draft, issue, mark paid, credit, remind.

Every status change locks the invoice row and checks the status it expects, so two people
clicking at once get one change and an `InvoiceConflict` (409) for the other. Issued invoices
are never changed (the models refuse it too); a credit note corrects them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.billing import amounts
from outhire.billing.models import (
    BillingAccount,
    GuaranteeClaim,
    Invoice,
    InvoiceLine,
    InvoiceNumberSequence,
)
from outhire.costs import rules
from outhire.costs.services import engagement_for
from outhire.engagements.models import Engagement
from outhire.lib import formatting
from outhire.offers.models import Hire
from outhire.pipeline.models import Application

logger = logging.getLogger(__name__)

SELLER_REQUIRED = ("NAME", "STREET", "CITY", "COUNTRY")


class InvoiceConflict(Exception):
    """The invoice is not in the state the action needs (issued twice, paid while a draft...)."""


@dataclass(frozen=True)
class Charge:
    """One thing the fee model charges for in a period, before it becomes an invoice line."""

    kind: str
    description: str
    unit_price: Decimal
    currency: str
    source_ref: str
    quantity: Decimal = Decimal("1")
    unit_code: str = "C62"
    evidence: str = ""


@dataclass(frozen=True)
class Skipped:
    """A charge that could not go on the invoice, with the reason shown on the draft."""

    source_ref: str
    reason: str


# --- The seller ------------------------------------------------------------------------------


def seller_details() -> dict:
    """The provider as its invoices name it (settings OUTHIRE_BILLING_*, docs/settings.md)."""
    conf = settings.OUTHIRE_BILLING
    return {
        "name": conf["NAME"],
        "street": conf["STREET"],
        "city": conf["CITY"],
        "postcode": conf["POSTCODE"],
        "country": conf["COUNTRY"].upper(),
        "vat_id": conf["VAT_ID"].replace(" ", "").upper(),
        "email": conf["EMAIL"],
        "iban": conf["IBAN"].replace(" ", "").upper(),
    }


def _seller_problems() -> list[str]:
    conf = settings.OUTHIRE_BILLING
    return [f"OUTHIRE_BILLING_{key}" for key in SELLER_REQUIRED if not conf.get(key)]


def _treatment(account: BillingAccount) -> amounts.TaxTreatment:
    # The note is printed on the invoice: in the client's language.
    with translation.override(document_language(account)):
        return amounts.tax_treatment(
            seller_country=seller_details()["country"],
            buyer_country=account.country,
            buyer_vat_id=account.vat_id,
            sales_tax_rate=account.sales_tax_rate,
        )


def document_language(account_or_invoice) -> str:
    """The language a client's invoices, credit notes and reminders are written in: the
    billing account's (frozen in an issued invoice's buyer), else the default."""
    from outhire.lib.i18n import supported

    if isinstance(account_or_invoice, Invoice):
        language = (account_or_invoice.buyer or {}).get("language")
        if language is None:  # a draft, or issued before invoices had a language
            account = BillingAccount.objects.filter(client_id=account_or_invoice.client_id).first()
            language = account.language if account else ""
    else:
        language = getattr(account_or_invoice, "language", "") if account_or_invoice else ""
    return supported(language) or settings.LANGUAGE_CODE


def _printed(language: str, message: str, **params) -> str:
    """`message` (marked with gettext_noop) in `language`, its values (a callable is called
    inside, so a month is named in that language) filled in: text printed on an invoice."""
    with translation.override(language):
        return _(message) % {k: (v() if callable(v) else v) for k, v in params.items()}


def _client_language(engagement: Engagement) -> str:
    account = BillingAccount.objects.filter(client_id=engagement.client_id).first()
    return document_language(account)


def billing_account_save(
    *, client, values: dict, by: User, request: HttpRequest | None = None
) -> BillingAccount:
    """Create or change the client's billing details (audited). Drafts pick them up; issued
    invoices keep the details they were issued with."""
    account = BillingAccount.objects.filter(client=client).first() or BillingAccount(client=client)
    for name, value in values.items():
        setattr(account, name, value)
    account.updated_at = timezone.now()
    account.full_clean()
    with transaction.atomic():
        account.save()
        audit.record(
            "billing.account_saved",
            actor=by,
            request=request,
            obj=account,
            client=client,
            changes={k: str(v) for k, v in values.items()},
        )
    return account


# --- What the fee model charges ----------------------------------------------------------------


def _billed_refs(engagement: Engagement) -> set[str]:
    """References billed on this engagement's invoices (drafts included) and not credited."""
    net: dict[str, Decimal] = {}
    rows = InvoiceLine.objects.filter(invoice__engagement=engagement).exclude(source_ref="")
    for ref, kind, quantity in rows.values_list("source_ref", "invoice__kind", "quantity"):
        sign = -1 if kind == Invoice.Kind.CREDIT_NOTE else 1
        net[ref] = net.get(ref, Decimal("0")) + sign * quantity
    # A credit or SLA credit line has a negative quantity: billed all the same.
    return {ref for ref, quantity in net.items() if quantity != 0}


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return first, after


def _engagement_of(engagement: Engagement, requisition, day: date) -> bool:
    found = engagement_for(engagement.client_id, requisition, day)
    return found is not None and found.pk == engagement.pk


def hire_fee(engagement: Engagement, hire: Hire) -> rules.HireFee | None:
    """The fee the engagement's model charges for `hire` (None: the model has no hire fee)."""
    return rules.hire_fee(
        fee_model=engagement.fee_model,
        engagement_currency=(engagement.currency or "").upper(),
        per_hire_fee=engagement.per_hire_fee,
        salary_percent=engagement.salary_percent,
        base_salary=hire.base_salary,
        salary_currency=(hire.currency or "").upper(),
        salary_period=getattr(hire.offer, "pay_period", None),
    )


def charges_for(
    *, engagement: Engagement, start: date, end: date
) -> tuple[list[Charge], list[Skipped]]:
    """Everything the engagement's fee model charges for from `start` to `end` (inclusive).

    - monthly management fee (management_fee, hybrid): each calendar month in force that
      begins or falls in the period, the full fee (as the costs app accrues it);
    - fee per hire (per_hire, hybrid) and % of first-year salary (percent_salary): each hire
      made in the period on the engagement;
    - fee per qualified submission (per_submission): each application first shown to the
      client (the shortlist) in the period;
    - project fee (project): once, on the first invoice of the engagement.

    A free replacement's hire and a hire whose fee the guarantee withholds are left off with
    the reason. A fee in another currency than the engagement's is skipped with a reason,
    never converted.
    """
    model = engagement.fee_model
    currency = (engagement.currency or "").upper()
    charges: list[Charge] = []
    skipped: list[Skipped] = []
    models_ = Engagement.FeeModel
    # Line descriptions are printed on the invoice: in the client's language.
    language = _client_language(engagement)
    if model in {models_.MANAGEMENT_FEE, models_.HYBRID} and engagement.monthly_fee:
        for day in rules.months_due(engagement.starts_on, engagement.ends_on, end):
            if rules.first_of_month(day) < rules.first_of_month(start):
                continue
            charges.append(
                Charge(
                    kind=InvoiceLine.Kind.MANAGEMENT_FEE,
                    description=_printed(
                        language,
                        gettext_noop("Management fee, %(month)s"),
                        month=lambda day=day: formatting.calendar_month(day),
                    ),
                    unit_price=rules.money(engagement.monthly_fee),
                    currency=currency,
                    source_ref=f"monthly:{engagement.pk}:{rules.month_key(day)}",
                    unit_code="MON",
                )
            )
    if model in {models_.PER_HIRE, models_.HYBRID, models_.PERCENT_SALARY}:
        first, after = _day_bounds(start, end)
        hires = (
            Hire.objects.filter(
                client_id=engagement.client_id, hired_at__gte=first, hired_at__lt=after
            )
            .select_related("requisition", "offer")
            .order_by("hired_at", "pk")
        )
        withheld = dict(
            GuaranteeClaim.objects.filter(
                engagement=engagement, outcome=GuaranteeClaim.Outcome.WITHHELD
            ).values_list("hire_id", "pk")
        )
        for hire in hires:
            if not _engagement_of(engagement, hire.requisition, timezone.localdate(hire.hired_at)):
                continue
            fee = hire_fee(engagement, hire)
            if fee is None:
                continue
            ref = f"hire:{hire.pk}"
            if hire.requisition.is_replacement:
                skipped.append(
                    Skipped(
                        ref,
                        _(
                            "Hire #%(hire)s on %(requisition)s is a free replacement under the "
                            "guarantee: no fee."
                        )
                        % {"hire": hire.pk, "requisition": hire.requisition.reference},
                    )
                )
                continue
            if hire.pk in withheld:
                skipped.append(
                    Skipped(
                        ref,
                        _(
                            "Hire #%(hire)s on %(requisition)s: the fee is withheld under the "
                            "guarantee (claim #%(claim)s)."
                        )
                        % {
                            "hire": hire.pk,
                            "requisition": hire.requisition.reference,
                            "claim": withheld[hire.pk],
                        },
                    )
                )
                continue
            if fee.currency != currency:
                skipped.append(
                    Skipped(
                        ref,
                        _(
                            "Hire #%(hire)s on %(requisition)s: the fee is in %(fee_currency)s, "
                            "the invoice in %(currency)s. Not converted: invoice it separately "
                            "or add a line in the invoice's currency."
                        )
                        % {
                            "hire": hire.pk,
                            "requisition": hire.requisition.reference,
                            "fee_currency": fee.currency,
                            "currency": currency,
                        },
                    )
                )
                continue
            kind = (
                InvoiceLine.Kind.PERCENT_SALARY
                if model == models_.PERCENT_SALARY
                else InvoiceLine.Kind.PER_HIRE
            )
            charges.append(
                Charge(
                    kind=kind,
                    description=_printed(
                        language,
                        gettext_noop("Hire #%(hire)s, %(requisition)s: %(rule)s"),
                        hire=hire.pk,
                        requisition=hire.requisition.reference,
                        rule=fee.rule,
                    ),
                    unit_price=fee.amount,
                    currency=currency,
                    source_ref=ref,
                )
            )
    if model == models_.PER_SUBMISSION and engagement.per_submission_fee:
        first, after = _day_bounds(start, end)
        submitted = (
            Application.objects.filter(
                client_id=engagement.client_id,
                reached_client_at__gte=first,
                reached_client_at__lt=after,
            )
            .select_related("requisition")
            .order_by("reached_client_at", "pk")
        )
        for application in submitted:
            day = timezone.localdate(application.reached_client_at)
            if not _engagement_of(engagement, application.requisition, day):
                continue
            charges.append(
                Charge(
                    kind=InvoiceLine.Kind.PER_SUBMISSION,
                    description=_printed(
                        language,
                        gettext_noop(
                            "Qualified submission, application #%(application)s, "
                            "%(requisition)s (%(day)s)"
                        ),
                        application=application.pk,
                        requisition=application.requisition.reference,
                        day=lambda day=day: f"{day:%d %b %Y}",
                    ),
                    unit_price=rules.money(engagement.per_submission_fee),
                    currency=currency,
                    source_ref=f"submission:{application.pk}",
                )
            )
    if model == models_.PROJECT and engagement.project_fee and engagement.starts_on <= end:
        charges.append(
            Charge(
                kind=InvoiceLine.Kind.PROJECT_FEE,
                description=_printed(
                    language, gettext_noop("Project fee: %(name)s"), name=engagement.name
                ),
                unit_price=rules.money(engagement.project_fee),
                currency=currency,
                source_ref=f"project:{engagement.pk}",
            )
        )
    return charges, skipped


# --- Drafts ----------------------------------------------------------------------------------


def _require_draft(invoice: Invoice) -> None:
    if not invoice.is_draft:
        raise InvoiceConflict(
            _(
                "%(invoice)s is already issued: it cannot be changed, only credited by a credit "
                "note."
            )
            % {"invoice": invoice}
        )


def _refresh_draft_totals(invoice: Invoice) -> None:
    totals = invoice.computed_totals()
    invoice.net_total, invoice.tax_total, invoice.gross_total = (
        totals.net,
        totals.tax,
        totals.gross,
    )
    invoice.save(update_fields=["net_total", "tax_total", "gross_total"])


def invoice_draft_for(
    *,
    engagement: Engagement,
    period: tuple[date, date],
    by: User | None,
    request: HttpRequest | None = None,
) -> tuple[Invoice, list[Skipped]]:
    """A draft invoice of everything the engagement charges in `period` not yet invoiced.

    With the fee model's charges come the guarantee credits due (guarantee.py) and the SLA
    terms' adjustments of each period that has ended (sla_fees.py). Returns the draft and the
    charges left off (another currency, withheld, free replacement); what the draft could not
    settle is kept in its `warnings`. Refused (ValidationError)
    without the client's billing details, for a draft engagement, or a period the wrong way
    round.
    """
    start, end = period
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if engagement.status == Engagement.Status.DRAFT:
        raise ValidationError(_("A draft engagement is not invoiced; activate it first."))
    account = BillingAccount.objects.filter(client_id=engagement.client_id).first()
    if account is None:
        raise ValidationError(
            _("Add the client's billing details (legal name, address, country) before invoicing.")
        )
    currency = (engagement.currency or "").upper()
    treatment = _treatment(account)
    charges, skipped = charges_for(engagement=engagement, start=start, end=end)
    # Imported here: both modules build on this one (the hire fee, the charges, the refs).
    from outhire.billing import guarantee, sla_fees

    with transaction.atomic():
        billed = _billed_refs(engagement)
        adding = {charge.source_ref for charge in charges} - billed
        credits, waiting = guarantee.guarantee_charges(
            engagement=engagement, end=end, billed=billed, adding=adding
        )
        adjustments, notes = sla_fees.sla_charges(engagement=engagement, start=start, end=end)
        charges = charges + credits + adjustments
        warnings = [item.reason for item in skipped] + waiting + notes
        invoice = Invoice(
            client_id=engagement.client_id,
            engagement=engagement,
            currency=currency,
            period_start=start,
            period_end=end,
            po_number=account.po_number,
            tax_category=treatment.category,
            tax_rate=treatment.rate,
            tax_note=treatment.note,
            tax_exemption_code=treatment.exemption_code,
            warnings=warnings,
            created_by=by,
        )
        invoice.full_clean()
        invoice.save()
        position = 0
        for charge in charges:
            if charge.source_ref in billed:
                continue
            position += 1
            InvoiceLine.objects.create(
                client_id=engagement.client_id,
                invoice=invoice,
                position=position,
                kind=charge.kind,
                description=charge.description[:300],
                quantity=charge.quantity,
                unit_code=charge.unit_code,
                unit_price=charge.unit_price,
                currency=charge.currency,
                source_ref=charge.source_ref,
                evidence=charge.evidence,
            )
        _refresh_draft_totals(invoice)
        audit.record(
            "invoice.drafted",
            actor=by,
            request=request,
            obj=invoice,
            changes={"period": f"{start:%Y-%m-%d}..{end:%Y-%m-%d}", "lines": position},
        )
    return invoice, skipped


def invoice_line_add(
    *,
    invoice: Invoice,
    kind: str,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    currency: str,
    evidence: str = "",
    by: User | None,
    request: HttpRequest | None = None,
) -> InvoiceLine:
    """Add a line to a draft (another fee, a credit, an SLA adjustment with its evidence).

    A line in another currency than the invoice's is refused with a clear message.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _require_draft(invoice)
        last = invoice.lines.order_by("-position").values_list("position", flat=True).first()
        line = InvoiceLine(
            client_id=invoice.client_id,
            invoice=invoice,
            position=(last or 0) + 1,
            kind=kind,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            currency=(currency or "").upper(),
            evidence=evidence,
        )
        line.full_clean(exclude=["invoice"])
        line.save()
        _refresh_draft_totals(invoice)
        audit.record(
            "invoice.line_added",
            actor=by,
            request=request,
            obj=invoice,
            changes={"line": description[:100], "amount": str(line.amount)},
        )
    return line


def invoice_line_delete(
    *, line: InvoiceLine, by: User | None, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=line.invoice_id)
        _require_draft(invoice)
        description = line.description
        line.delete()
        _refresh_draft_totals(invoice)
        audit.record(
            "invoice.line_removed",
            actor=by,
            request=request,
            obj=invoice,
            changes={"line": description[:100]},
        )


def invoice_update(
    *, invoice: Invoice, po_number: str, by: User | None, request: HttpRequest | None = None
) -> Invoice:
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _require_draft(invoice)
        invoice.po_number = po_number.strip()
        invoice.full_clean()
        invoice.save(update_fields=["po_number"])
        audit.record(
            "invoice.updated",
            actor=by,
            request=request,
            obj=invoice,
            changes={"po_number": invoice.po_number},
        )
    return invoice


def invoice_delete(
    *, invoice: Invoice, by: User | None, request: HttpRequest | None = None
) -> None:
    """Throw a draft away (its charges become billable again). Issued invoices stay."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _require_draft(invoice)
        audit.record("invoice.draft_deleted", actor=by, request=request, obj=invoice)
        invoice.lines.all().delete()
        invoice.delete()


# --- Issuing ---------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """The next number of the year's series; the caller's transaction holds the row lock."""
    prefix = settings.OUTHIRE_BILLING.get("PREFIX") or "INV"
    if not InvoiceNumberSequence.objects.filter(prefix=prefix, year=year).exists():
        try:
            with transaction.atomic():
                InvoiceNumberSequence.objects.create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # created at the same moment by another issue: lock that one below
    sequence = InvoiceNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:05d}"


def _issue_locked(invoice: Invoice, by: User | None, today: date) -> None:
    problems = _seller_problems()
    if problems:
        raise ValidationError(
            _("The provider's invoicing details are not set: %(settings)s.")
            % {"settings": ", ".join(problems)}
        )
    lines = list(invoice.lines.all())
    if not lines:
        raise ValidationError(_("An invoice needs at least one line."))
    for line in lines:
        amounts.check_currency(invoice.currency, line.currency)
    account = BillingAccount.objects.filter(client_id=invoice.client_id).first()
    if account is None:
        raise ValidationError(_("Add the client's billing details before issuing."))
    if not invoice.is_credit_note:
        # The details may have changed since the draft was made: tax as they are now.
        treatment = _treatment(account)
        invoice.tax_category = treatment.category
        invoice.tax_rate = treatment.rate
        invoice.tax_note = treatment.note
        invoice.tax_exemption_code = treatment.exemption_code
    totals = invoice.computed_totals(lines)
    if totals.gross < 0:
        raise ValidationError(
            _("The total is below zero: take money off an issued invoice with a credit note.")
        )
    invoice.net_total, invoice.tax_total, invoice.gross_total = (
        totals.net,
        totals.tax,
        totals.gross,
    )
    invoice.seller = seller_details()
    invoice.buyer = account.snapshot()
    invoice.issue_date = today
    invoice.due_date = today + timedelta(days=account.payment_days)
    invoice.number = _next_number(today.year)
    invoice.status = Invoice.Status.ISSUED
    invoice.issued_at = timezone.now()
    invoice.issued_by = by
    invoice.save()


def invoice_issue(
    *,
    invoice: Invoice,
    by: User | None,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Invoice:
    """Number the draft (gapless per provider and year), freeze it, and make it due."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _require_draft(invoice)
        _issue_locked(invoice, by, today)
        audit.record(
            "invoice.issued",
            actor=by,
            request=request,
            obj=invoice,
            changes={
                "number": invoice.number,
                "gross_total": str(invoice.gross_total),
                "currency": invoice.currency,
            },
        )
    return invoice


def invoice_mark_paid(
    *,
    invoice: Invoice,
    paid_on: date,
    reference: str = "",
    by: User | None,
    request: HttpRequest | None = None,
) -> Invoice:
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note or invoice.status != Invoice.Status.ISSUED:
            raise InvoiceConflict(
                _("%(invoice)s is not an issued, unpaid invoice.") % {"invoice": invoice}
            )
        if paid_on < invoice.issue_date:
            raise ValidationError({"paid_on": _("The payment date is before the invoice date.")})
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": _("The payment date is in the future.")})
        invoice.status = Invoice.Status.PAID
        invoice.paid_on = paid_on
        invoice.paid_by = by
        invoice.payment_reference = reference.strip()[:100]
        invoice.save(update_fields=["status", "paid_on", "paid_by", "payment_reference"])
        audit.record(
            "invoice.paid",
            actor=by,
            request=request,
            obj=invoice,
            changes={"paid_on": paid_on.isoformat(), "reference": invoice.payment_reference},
        )
    return invoice


# --- Credit notes ----------------------------------------------------------------------------


def creditable(invoice: Invoice) -> dict[int, Decimal]:
    """For each line of an issued invoice, the quantity not yet credited."""
    # Lines that took money off (credits, SLA credits) are not credited back; an SLA bonus is.
    left = {line.pk: line.quantity for line in invoice.lines.all() if line.quantity > 0}
    credited = InvoiceLine.objects.filter(
        credited_line__invoice=invoice, invoice__status__in=[Invoice.Status.ISSUED]
    ).values_list("credited_line_id", "quantity")
    for line_id, quantity in credited:
        left[line_id] = left.get(line_id, Decimal("0")) - quantity
    return {pk: q for pk, q in left.items() if q > 0}


def credited_total(invoice: Invoice) -> Decimal:
    return sum(
        (
            note.gross_total
            for note in invoice.credit_notes.all()
            if note.status != Invoice.Status.DRAFT
        ),
        Decimal("0.00"),
    )


def credit_note_issue(
    *,
    invoice: Invoice,
    lines: list[tuple[InvoiceLine, Decimal]] | None,
    reason: str,
    by: User | None,
    today: date | None = None,
    request: HttpRequest | None = None,
) -> Invoice:
    """Credit an issued invoice: all that is left of it (`lines` None) or quantities of lines.

    The credit note has the invoice's currency and tax treatment, is numbered in the same
    series, and is issued at once (a credit note is never a draft that lingers).
    """
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is credited.")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note or invoice.is_draft:
            raise InvoiceConflict(_("Only an issued invoice can be credited."))
        left = creditable(invoice)
        originals = {line.pk: line for line in invoice.lines.all()}
        if lines is None:
            wanted = [(originals[pk], quantity) for pk, quantity in left.items()]
        else:
            wanted = [(originals.get(line.pk), Decimal(q)) for line, q in lines if q]
        if not wanted:
            raise ValidationError(_("Nothing is left to credit on this invoice."))
        for line, quantity in wanted:
            if line is None:
                raise ValidationError(_("That line is not on this invoice."))
            if quantity <= 0 or quantity > left.get(line.pk, Decimal("0")):
                raise ValidationError(
                    _("“%(line)s”: at most %(quantity)s can be credited.")
                    % {"line": line.description, "quantity": f"{left.get(line.pk, 0):g}"}
                )
        note = Invoice(
            client_id=invoice.client_id,
            kind=Invoice.Kind.CREDIT_NOTE,
            engagement_id=invoice.engagement_id,
            credits=invoice,
            currency=invoice.currency,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            po_number=invoice.po_number,
            reason=reason[:500],
            tax_category=invoice.tax_category,
            tax_rate=invoice.tax_rate,
            tax_note=invoice.tax_note,
            tax_exemption_code=invoice.tax_exemption_code,
            created_by=by,
        )
        note.save()
        for position, (line, quantity) in enumerate(wanted, start=1):
            InvoiceLine.objects.create(
                client_id=invoice.client_id,
                invoice=note,
                position=position,
                kind=line.kind,
                description=line.description,
                quantity=quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                currency=line.currency,
                source_ref=line.source_ref,
                credited_line=line,
            )
        _issue_locked(note, by, today)
        audit.record(
            "invoice.credited",
            actor=by,
            request=request,
            obj=invoice,
            changes={
                "credit_note": note.number,
                "gross_total": str(note.gross_total),
                "reason": reason[:300],
            },
        )
    return note


# --- Overdue reminders -----------------------------------------------------------------------


def balance_due(invoice: Invoice) -> Decimal:
    return invoice.gross_total - credited_total(invoice)


def overdue_reminders_send(*, today: date | None = None) -> int:
    """E-mail a reminder for each overdue invoice, at most once per invoice per day.

    To the client's billing e-mail, copied to the provider's admins. An invoice credited in
    full is not chased. Returns how many reminders were sent.
    """
    today = today or timezone.localdate()
    candidates = list(
        Invoice.objects.filter(
            kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED, due_date__lt=today
        )
        .exclude(last_reminder_on=today)
        .values_list("pk", flat=True)
    )
    admins = list(
        User.objects.filter(provider_role="admin", is_active=True).values_list("email", flat=True)
    )
    sent = 0
    for pk in candidates:
        with transaction.atomic():
            invoice = (
                Invoice.objects.select_for_update()
                .filter(pk=pk, status=Invoice.Status.ISSUED)
                .exclude(last_reminder_on=today)
                .first()
            )
            if invoice is None:
                continue
            due = balance_due(invoice)
            if due <= 0:
                continue
            to = [invoice.buyer.get("email")] if invoice.buyer.get("email") else admins[:1]
            if not to:
                continue
            context = {
                "invoice": invoice,
                "balance": due,
                "days": (today - invoice.due_date).days,
                "link": settings.SITE_URL + reverse("billing:invoice_detail", args=[invoice.pk]),
            }
            # Written in the client's language (their billing account's), whoever is copied.
            with translation.override(document_language(invoice)):
                subject = _("Overdue: invoice %(number)s") % {"number": invoice.number}
                body = render_to_string("billing/email/overdue.txt", context)
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                to,
                cc=[a for a in admins if a not in to],
            ).send()
            invoice.last_reminder_on = today
            invoice.save(update_fields=["last_reminder_on"])
            audit.record(
                "invoice.reminded",
                obj=invoice,
                actor_label="overdue reminders",
                changes={"days_overdue": context["days"]},
            )
            sent += 1
    return sent
