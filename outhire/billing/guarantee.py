"""The replacement guarantee: a hire who leaves inside the engagement's guarantee period.

`guarantee_claim_open` runs when a departure is recorded (`offers.signals.hire_left`, from the
hire page, the API or the post-hire checkpoints' "record leaving"). It opens one claim per hire
(a unique constraint: two requests at the same moment get the same claim), settles the hire
fee by the engagement's remedy, and copies the hire's requisition into a free replacement when
the engagement says so. `guarantee_charges` puts the credits due on the next draft. The rules,
with worked examples, are in docs/billing.md ("Replacement guarantee").
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.billing import amounts
from outhire.billing.models import GuaranteeClaim, Invoice, InvoiceLine
from outhire.billing.services import (
    Charge,
    _client_language,
    _printed,
    _refresh_draft_totals,
    hire_fee,
)
from outhire.costs.services import engagement_for
from outhire.engagements.models import Engagement, GuaranteeRemedy
from outhire.lib import formatting
from outhire.lib.scopes import client_scope
from outhire.offers.models import Hire
from outhire.requisitions import services as requisitions

logger = logging.getLogger(__name__)

# The requisition's fields a replacement copies (the role as it was agreed, one opening).
COPIED = [
    "engagement",
    "title",
    "department",
    "location",
    "country",
    "remote_policy",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "priority",
    "hiring_manager",
    "time_zone",
    "description",
    "must_have_skills",
    "nice_to_have_skills",
    "pipeline_template",
]


def _invoiced_on_issued(engagement: Engagement, ref: str) -> bool:
    """Whether `ref` is on an issued invoice of the engagement and not credited since."""
    rows = InvoiceLine.objects.filter(invoice__engagement=engagement, source_ref=ref).exclude(
        invoice__status=Invoice.Status.DRAFT
    )
    invoiced = rows.filter(invoice__kind=Invoice.Kind.INVOICE).aggregate(q=Sum("quantity"))["q"]
    credited = rows.filter(invoice__kind=Invoice.Kind.CREDIT_NOTE).aggregate(q=Sum("quantity"))["q"]
    return (invoiced or 0) - (credited or 0) > 0


def _withdraw_from_drafts(engagement: Engagement, ref: str, by: User | None, request) -> int:
    """Take a withheld fee off the engagement's drafts; the number of lines removed."""
    removed = 0
    lines = InvoiceLine.objects.filter(
        invoice__engagement=engagement, invoice__status=Invoice.Status.DRAFT, source_ref=ref
    )
    for invoice_id in sorted(set(lines.values_list("invoice_id", flat=True))):
        invoice = (
            Invoice.objects.select_for_update()
            .filter(pk=invoice_id, status=Invoice.Status.DRAFT)
            .first()
        )
        if invoice is None:
            continue
        removed += invoice.lines.filter(source_ref=ref).delete()[0]
        _refresh_draft_totals(invoice)
        audit.record(
            "invoice.line_removed",
            actor=by,
            request=request,
            obj=invoice,
            changes={"line": ref, "reason": "fee withheld under the guarantee"},
        )
    return removed


def _evidence(hire: Hire, engagement: Engagement, worked: int, start: date, left: date) -> str:
    """What the client can check: the hire by number and requisition (never a name), dates."""
    return _printed(
        _client_language(engagement),
        gettext_noop(
            "Hire #%(hire)s, %(requisition)s: started %(start)s, left %(left)s (%(worked)s; "
            "guarantee %(guarantee)s)."
        ),
        hire=hire.pk,
        requisition=hire.requisition.reference,
        start=lambda: formatting.calendar_date(start),
        left=lambda: formatting.calendar_date(left),
        worked=lambda: formatting.days(worked),
        guarantee=lambda: formatting.days(engagement.guarantee_days),
    )


def _settle(claim: GuaranteeClaim, engagement: Engagement, fee, by, request) -> None:
    """Decide the claim's outcome and amounts from the remedy and what is invoiced already."""
    currency = claim.currency
    language = _client_language(engagement)  # the evidence is printed on the invoice
    if fee is None or fee.amount <= 0 or fee.currency != currency:
        claim.outcome = GuaranteeClaim.Outcome.NO_FEE
        claim.evidence += " " + _printed(language, gettext_noop("No hire fee to settle."))
        return
    money = formatting.money(fee.amount, currency)
    claim.fee_amount = fee.amount
    ref = f"hire:{claim.hire_id}"
    if claim.remedy == GuaranteeRemedy.WITHHOLD and not _invoiced_on_issued(engagement, ref):
        claim.outcome = GuaranteeClaim.Outcome.WITHHELD
        claim.withheld_amount = fee.amount
        claim.evidence += " " + _printed(
            language, gettext_noop("Fee of %(money)s withheld: not invoiced."), money=money
        )
        _withdraw_from_drafts(engagement, ref, by, request)
        return
    claim.outcome = GuaranteeClaim.Outcome.CREDIT
    if claim.remedy == GuaranteeRemedy.CREDIT_PRORATA:
        unused = max(claim.guarantee_days - claim.days_worked, 0)
        claim.credit_amount = amounts.prorata_credit(
            fee.amount, guarantee_days=claim.guarantee_days, days_worked=claim.days_worked
        )
        claim.evidence += " " + _printed(
            language,
            gettext_noop(
                "Pro rata: %(unused)s of %(guarantee)s days not worked x %(money)s = "
                "%(credit)s credited."
            ),
            unused=unused,
            guarantee=claim.guarantee_days,
            money=money,
            credit=lambda: formatting.money(claim.credit_amount, currency),
        )
    else:
        claim.credit_amount = fee.amount
        withhold = claim.remedy == GuaranteeRemedy.WITHHOLD
        message = (
            gettext_noop("Full fee of %(money)s credited (already invoiced, so credited).")
            if withhold
            else gettext_noop("Full fee of %(money)s credited.")
        )
        claim.evidence += " " + _printed(language, message, money=money)


def _replacement(hire: Hire, by: User | None, request) -> object:
    original = hire.requisition
    fields = {name: getattr(original, name) for name in COPIED}
    fields["openings"] = 1
    fields["is_replacement"] = True
    fields["recruiters"] = list(original.recruiters.all())
    fields["description"] = _(
        "Free replacement under the guarantee for hire #%(hire)s on %(requisition)s."
    ) % {"hire": hire.pk, "requisition": original.reference} + (
        f"\n\n{original.description}" if original.description else ""
    )
    # Raised by whoever recorded the departure; by a job, in the name of the original's author.
    author = by or original.created_by
    return requisitions.requisition_create(
        client=original.client, by=author, fields=fields, request=request
    )


def guarantee_claim_open(
    *, hire: Hire, by: User | None, request: HttpRequest | None = None
) -> GuaranteeClaim | None:
    """The hire's guarantee claim, opened if it left inside the guarantee (None otherwise).

    Inside means fewer calendar days from the start date to the last day than the engagement's
    guarantee period (42 days of 90: inside; 90 of 90: outside). Nothing is opened for a hire
    on a free replacement (the guarantee replaces once), without an engagement, or when the
    engagement has no guarantee. Idempotent: a hire has at most one claim, also when two
    requests open it at once.
    """
    hire = Hire.objects.select_related("requisition__client", "offer").get(pk=hire.pk)
    if hire.left_on is None:
        return None
    existing = GuaranteeClaim.objects.filter(hire=hire).first()
    if existing is not None:
        return existing
    if hire.requisition.is_replacement:
        return None
    engagement = engagement_for(hire.client_id, hire.requisition, timezone.localdate(hire.hired_at))
    if engagement is None or not engagement.guarantee_days:
        return None
    worked = amounts.guarantee_days_worked(hire.start_date, hire.left_on)
    if not amounts.within_guarantee(worked, engagement.guarantee_days):
        return None
    fee = hire_fee(engagement, hire)
    with transaction.atomic():
        claim = GuaranteeClaim(
            client_id=hire.client_id,
            hire=hire,
            engagement=engagement,
            requisition=hire.requisition,
            start_date=hire.start_date,
            left_on=hire.left_on,
            days_worked=worked,
            guarantee_days=engagement.guarantee_days,
            remedy=engagement.guarantee_remedy,
            outcome=GuaranteeClaim.Outcome.NO_FEE,
            currency=(engagement.currency or "").upper(),
            evidence=_evidence(hire, engagement, worked, hire.start_date, hire.left_on),
            created_by=by,
        )
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            return GuaranteeClaim.objects.get(hire=hire)
        _settle(claim, engagement, fee, by, request)
        if engagement.guarantee_replacement:
            claim.replacement = _replacement(hire, by, request)
        claim.full_clean()
        claim.save()
        audit.record(
            "guarantee.claim_opened",
            actor=by,
            request=request,
            obj=claim,
            changes={
                "hire": hire.pk,
                "days_worked": worked,
                "guarantee_days": engagement.guarantee_days,
                "outcome": claim.outcome,
                "credit": str(claim.credit_amount),
                "withheld": str(claim.withheld_amount),
                "replacement": claim.replacement_id,
            },
        )
    return claim


def on_hire_left(sender, hire, by=None, **kwargs) -> None:
    """Receiver of offers.signals.hire_left (sent after commit).

    A failure must not undo the departure, which is committed: it is logged, and opening the
    claim again (the guarantee report's button) finishes the job.
    """
    try:
        # The claim acts for the provider on the client's rows (drafts included), whoever
        # recorded the departure: a hiring manager's own scope would not see the drafts.
        with client_scope(hire.client_id):
            guarantee_claim_open(hire=hire, by=by)
    except Exception:
        logger.exception(
            "Could not open the guarantee claim of hire #%s.", getattr(hire, "pk", None)
        )


def guarantee_charges(
    *, engagement: Engagement, end: date, billed: set[str], adding: set[str]
) -> tuple[list[Charge], list[str]]:
    """Credit lines due on a draft up to `end`, and notes on credits that must wait.

    A claim's credit goes on the first draft made once the hire has left (its `left_on` on or
    before the draft's end) and once the hire fee it offsets is on an invoice (this draft
    included). It carries `guarantee:<claim>` so it is credited once.
    """
    charges: list[Charge] = []
    waiting: list[str] = []
    claims = (
        GuaranteeClaim.objects.filter(
            engagement=engagement,
            outcome=GuaranteeClaim.Outcome.CREDIT,
            credit_amount__gt=0,
            left_on__lte=end,
        )
        .select_related("requisition")
        .order_by("left_on", "pk")
    )
    for claim in claims:
        if claim.source_ref in billed:
            continue
        if f"hire:{claim.hire_id}" not in billed | adding:
            waiting.append(
                _(
                    "Guarantee credit for hire #%(hire)s waits until the hire's fee is invoiced "
                    "(draft the month of the hire)."
                )
                % {"hire": claim.hire_id}
            )
            continue
        charges.append(
            Charge(
                kind=InvoiceLine.Kind.CREDIT,
                description=_printed(
                    _client_language(engagement),
                    gettext_noop("Guarantee credit, hire #%(hire)s, %(requisition)s"),
                    hire=claim.hire_id,
                    requisition=claim.requisition.reference,
                ),
                unit_price=claim.credit_amount,
                currency=claim.currency,
                source_ref=claim.source_ref,
                quantity=Decimal("-1"),
                evidence=claim.evidence,
            )
        )
    return charges, waiting
