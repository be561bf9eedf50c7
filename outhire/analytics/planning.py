"""Workforce plans: rows saved one by one or from CSV, and the forecast from the history."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.analytics import forecast
from outhire.analytics.metrics import Scope, kpis_from_aggregates
from outhire.analytics.models import PlanningSettings, WorkforcePlan
from outhire.engagements.models import JobFamily

CSV_COLUMNS = [
    "job_family",
    "year",
    "quarter",
    "target_headcount",
    "current_headcount",
    "attrition_rate",
]
MAX_ROWS = 500


def history_for(client_id: int) -> forecast.History:
    """Time to fill per role family (2 years), offer acceptance and funnel (1 year)."""
    from outhire.requisitions.models import Opening

    now = timezone.now()
    days: dict[str, list[float]] = {}
    for family, approved, filled in Opening.objects.filter(
        client_id=client_id, filled_at__gte=now - timedelta(days=730)
    ).values_list("requisition__intake__job_family", "requisition__approved_at", "filled_at"):
        if family and approved and filled >= approved:
            days.setdefault(family, []).append((filled - approved).total_seconds() / 86400)
    today = timezone.localdate()
    year = kpis_from_aggregates(
        Scope((client_id,), today - timedelta(days=365), today + timedelta(days=1))
    )
    reached = {step.kind: step.reached for step in year.funnel}
    top = year.funnel[0].reached if year.funnel else 0
    plan_settings = PlanningSettings.objects.filter(client_id=client_id).first()
    per_recruiter = (
        plan_settings.hires_per_recruiter_per_quarter if plan_settings else None
    ) or settings.OUTHIRE_HIRES_PER_RECRUITER
    return forecast.History(
        days_to_fill=days,
        offer_acceptance=year.offer_acceptance.rate if year.offer_acceptance else None,
        applicant_to_offer=reached.get("offer", 0) / top if top else None,
        hires_per_recruiter=per_recruiter,
    )


def plan_rows(client_id: int) -> list[forecast.PlanRow]:
    return [
        forecast.PlanRow(
            job_family=row["job_family"],
            year=row["year"],
            quarter=row["quarter"],
            target_headcount=row["target_headcount"],
            current_headcount=row["current_headcount"],
            attrition_rate=float(row["attrition_rate"]) / 100,
        )
        for row in WorkforcePlan.objects.filter(client_id=client_id).values()
    ]


def plan_save(*, client, fields: dict, by, request=None) -> WorkforcePlan:
    """Create or replace the plan row of one role family and quarter."""
    plan = WorkforcePlan.objects.filter(
        client=client,
        job_family=fields["job_family"],
        year=fields["year"],
        quarter=fields["quarter"],
    ).first() or WorkforcePlan(client=client)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.created_by = plan.created_by or by
    plan.updated_at = timezone.now()
    plan.full_clean()
    plan.save()
    audit.record("workforce_plan.saved", actor=by, request=request, obj=plan)
    return plan


def plan_import(*, client, data: bytes, by, request=None) -> int:
    """Save every row of a CSV plan, or none: a bad row raises ValidationError naming it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text.")) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    families = {value for value, _ in JobFamily.choices}
    labels = {label.casefold(): value for value, label in JobFamily.choices}
    parsed = []
    for line, row in enumerate(reader, start=2):
        if len(parsed) >= MAX_ROWS:
            raise ValidationError(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
        family = (row["job_family"] or "").strip()
        family = family if family in families else labels.get(family.casefold(), "")
        try:
            fields = {
                "job_family": family,
                "year": int(row["year"]),
                "quarter": int(row["quarter"]),
                "target_headcount": int(row["target_headcount"]),
                "current_headcount": int(row["current_headcount"]),
                "attrition_rate": Decimal((row["attrition_rate"] or "0").strip().rstrip("%")),
            }
        except (TypeError, ValueError, InvalidOperation):
            raise ValidationError(
                _("Line %(line)s: a number is missing or not a number.") % {"line": line}
            ) from None
        if not family:
            raise ValidationError(
                _("Line %(line)s: unknown role family %(family)s.")
                % {"line": line, "family": repr(row["job_family"])}
            )
        parsed.append((line, fields))
    if not parsed:
        raise ValidationError(_("The file has no rows."))
    with transaction.atomic():
        for line, fields in parsed:
            try:
                plan_save(client=client, fields=fields, by=by, request=request)
            except ValidationError as error:
                messages = "; ".join(error.messages)
                raise ValidationError(
                    _("Line %(line)s: %(messages)s") % {"line": line, "messages": messages}
                ) from None
    return len(parsed)
