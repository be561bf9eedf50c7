"""SLA-linked fees: the engagement's terms evaluated once per period, as invoice lines.

A term ("5 % credit if fewer than 80 % of openings are filled within the days-to-fill target in
a quarter") is measured for each of its periods (calendar quarters or months) that has ended by
the draft's last day, with the dashboards' own SLA code (asked through
`engagements.signals.sla_term_measure`, which analytics answers). The result is stored once per
term and period (`SlaTermResult`, unique), with its evidence; when the term applies, the draft
gets an `sla_adjustment` line (`sla:<term>:<period>`) that is invoiced once. A period with
nothing measured gives no adjustment and a warning on the draft. Worked examples:
docs/billing.md ("SLA-linked fees").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from outhire.billing import amounts
from outhire.billing.models import InvoiceLine, SlaTermResult
from outhire.billing.services import Charge, _billed_refs, charges_for
from outhire.engagements.models import Engagement, SlaTerm
from outhire.engagements.signals import SlaMeasure, sla_term_measure
from outhire.lib import formatting


def periods(kind: str, first: date, last: date) -> Iterator[tuple[str, date, date]]:
    """(key, first day, last day) of each calendar quarter or month touching `first`..`last`."""
    step = 3 if kind == SlaTerm.Period.QUARTER else 1
    month = (first.month - 1) // step * step + 1
    start = date(first.year, month, 1)
    while start <= last:
        following = date(
            start.year + (start.month - 1 + step) // 12, (start.month - 1 + step) % 12 + 1, 1
        )
        end = following - timedelta(days=1)
        key = f"{start.year}-Q{(start.month - 1) // 3 + 1}" if step == 3 else f"{start:%Y-%m}"
        yield key, start, end
        start = following


def period_label(key: str, start: date) -> str:
    """`Q3 2026` or `July 2026`."""
    if "-Q" in key:
        year, quarter = key.split("-")
        return f"{quarter} {year}"
    return formatting.calendar_month(start)


def period_fees(engagement: Engagement, start: date, end: date) -> Decimal:
    """What the fee model charges for the days `start`..`end`, invoiced yet or not.

    The monthly fees, hire fees and submission fees of the period (free replacements and
    withheld fees excluded, as on the invoice); the project fee in the period the engagement
    starts. Credits and earlier adjustments are not deducted.
    """
    charges, _ = charges_for(engagement=engagement, start=start, end=end)
    total = Decimal("0.00")
    for charge in charges:
        if charge.kind == InvoiceLine.Kind.PROJECT_FEE and not (
            start <= engagement.starts_on <= end
        ):
            continue
        total += amounts.line_amount(charge.quantity, charge.unit_price)
    return total


def _measure(term: SlaTerm, start: date, end: date) -> SlaMeasure:
    for _receiver, answer in sla_term_measure.send(sender=SlaTerm, term=term, start=start, end=end):
        if isinstance(answer, SlaMeasure):
            return answer
    raise RuntimeError("No app answers engagements.signals.sla_term_measure (analytics).")


def sla_term_evaluate(
    *, term: SlaTerm, key: str, start: date, end: date
) -> tuple[SlaTermResult | None, str]:
    """The stored result of `term` for one period, evaluated now if it is the first time.

    Returns (None, warning) when nothing was measured in the period: no adjustment, and the
    period is evaluated again on a later draft (data may still come in).
    """
    stored = SlaTermResult.objects.filter(term=term, period_key=key).first()
    if stored is not None:
        return stored, ""
    engagement = term.engagement
    label = period_label(key, start)
    measure = _measure(term, start, end)
    if not measure.measured:
        return None, (
            f"SLA term “{term.describe()}”: nothing was measured in {label} "
            f"({measure.what}), so no adjustment."
        )
    currency = (engagement.currency or "").upper()
    share = Decimal(str(measure.share)).quantize(Decimal("0.01"))
    applies = amounts.sla_term_applies(share, term.threshold, term.comparison)
    base = Decimal("0.00")
    if term.amount_kind == SlaTerm.AmountKind.PERCENT:
        base = period_fees(engagement, start, end)
        amount = amounts.percent_of(base, term.amount)
        rule = (
            f"{formatting.percent(term.amount)} {term.adjustment} on "
            f"{formatting.money(base, currency)} fees = {formatting.money(amount, currency)}"
        )
    else:
        amount = amounts.money(term.amount)
        rule = f"{term.adjustment} of {formatting.money(amount, currency)}"
    sign = "<" if term.comparison == SlaTerm.Comparison.BELOW else "≥"
    evidence = (
        f"{measure.met} of {measure.measured} {measure.what} "
        f"({formatting.percent(share)}) in {label}; term: {term.adjustment} when "
        f"{sign} {formatting.percent(term.threshold)}"
    )
    evidence += f" → {rule}." if applies else ": not met, no adjustment."
    result = SlaTermResult(
        client_id=term.client_id,
        term=term,
        period_key=key,
        period_start=start,
        period_end=end,
        measured=measure.measured,
        met=measure.met,
        share=share,
        applies=applies and amount > 0,
        base_amount=base,
        amount=amount if applies else Decimal("0.00"),
        currency=currency,
        evidence=evidence,
    )
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:  # evaluated at the same moment by another draft: keep that one
        return SlaTermResult.objects.get(term=term, period_key=key), ""
    return result, ""


def sla_charges(
    *, engagement: Engagement, start: date, end: date, today: date | None = None
) -> tuple[list[Charge], list[str]]:
    """The SLA adjustments a draft for `start`..`end` carries, and its warnings.

    Each term's periods that end by `end` (on or after the term's "applies from" day, and
    beginning by its "applies until" day when it was ended) and have ended before today are
    evaluated; the adjustment of a period is added once (not if any
    invoice of the engagement carries it already).
    """
    today = today or timezone.localdate()
    terms = list(SlaTerm.objects.filter(engagement=engagement).select_related("engagement"))
    if not terms:
        return [], []
    billed = _billed_refs(engagement)
    charges: list[Charge] = []
    warnings: list[str] = []
    for term in terms:
        for key, first, last in periods(term.period, term.starts_on, end):
            if last > end or not term.applies_in(first, last):
                continue
            if last >= today:
                if start <= last:
                    warnings.append(
                        f"SLA term “{term.describe()}”: {period_label(key, first)} is not over "
                        "yet; it is evaluated on a draft made after it ends."
                    )
                continue
            result, warning = sla_term_evaluate(term=term, key=key, start=first, end=last)
            if warning:
                warnings.append(warning)
            if result is None or not result.applies or result.source_ref in billed:
                continue
            credit = term.adjustment == SlaTerm.Adjustment.CREDIT
            charges.append(
                Charge(
                    kind=InvoiceLine.Kind.SLA_ADJUSTMENT,
                    description=(
                        f"SLA {'credit' if credit else 'bonus'}: "
                        f"{term.get_metric_display().removesuffix(' (%)').lower()}, "
                        f"{period_label(key, first)}"
                    ),
                    unit_price=result.amount,
                    currency=result.currency,
                    source_ref=result.source_ref,
                    quantity=Decimal("-1") if credit else Decimal("1"),
                    evidence=result.evidence,
                )
            )
    return charges, warnings
