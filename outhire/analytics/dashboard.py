"""What the dashboards and reports show: KPI tiles against the previous period and SLA targets,
the SLA compliance table with each breach, and the charts' data. A constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.analytics import kpi, labels
from outhire.analytics.metrics import Kpis, Scope, kpis_from_aggregates, moment
from outhire.analytics.models import RequisitionFact

DOC = "docs/kpis.md"


@dataclass(frozen=True)
class TileSpec:
    key: str
    higher_is_better: bool
    sla_field: str | None
    how: str | Promise

    @property
    def label(self) -> str:
        return labels.measure(self.key).label

    @property
    def unit(self) -> labels.Unit:
        return labels.measure(self.key).unit


TILES = [
    TileSpec(
        "time_to_fill_days",
        False,
        "sla_days_to_fill",
        gettext_lazy(
            "Median calendar days from the requisition's approval to each opening filled in the "
            "period (SHRM time to fill)."
        ),
    ),
    TileSpec(
        "time_to_hire_days",
        False,
        None,
        gettext_lazy(
            "Median days from the candidate entering the pipeline to the hire, for hires made in "
            "the period."
        ),
    ),
    TileSpec(
        "time_to_first_shortlist_days",
        False,
        "sla_days_to_first_shortlist",
        gettext_lazy(
            "Median days from approval to the first candidate submitted to the client, for "
            "requisitions first shortlisted in the period."
        ),
    ),
    TileSpec(
        "cost_per_hire",
        False,
        None,
        gettext_lazy(
            "(External + internal recruiting costs incurred in the period) / hires in the period "
            "(ANSI/SHRM 06001.2012)."
        ),
    ),
    TileSpec(
        "offer_acceptance_pct",
        True,
        "sla_min_offer_acceptance",
        gettext_lazy(
            "Offers accepted / offers resolved (accepted, declined, withdrawn, expired) in the "
            "period."
        ),
    ),
    TileSpec(
        "quality_of_hire",
        True,
        None,
        gettext_lazy(
            "Mean of performance rating, retention at 90 days and manager satisfaction "
            "(each 0-100) for hires whose 90-day mark fell in the period."
        ),
    ),
    TileSpec(
        "retention_90_days_pct",
        True,
        None,
        gettext_lazy(
            "Hires still employed 90 days after their start / hires whose 90-day mark fell in the "
            "period."
        ),
    ),
    TileSpec(
        "retention_1_year_pct",
        True,
        None,
        gettext_lazy(
            "Hires still employed 365 days after their start / hires whose 1-year mark fell in the "
            "period."
        ),
    ),
    TileSpec(
        "candidate_nps",
        True,
        "sla_min_candidate_nps",
        # xgettext:no-python-format
        gettext_lazy(
            "% promoters (9-10) - % detractors (0-6) among candidates' survey answers in the "
            "period (Bain & Company's Net Promoter Score)."
        ),
    ),
    TileSpec(
        "manager_satisfaction",
        True,
        "sla_min_manager_satisfaction",
        gettext_lazy(
            "Mean of hiring managers' 1-5 ratings of filled requisitions, given in the period."
        ),
    ),
    TileSpec(
        "feedback_turnaround_hours",
        False,
        "sla_feedback_hours",
        gettext_lazy(
            "Median hours from an interview's end to its scorecard, for interviews ended in the "
            "period."
        ),
    ),
]


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def tiles(current: Kpis, previous: Kpis, engagement=None) -> list[dict]:
    """One dict per tile: value, previous value, change, SLA target and whether it is met."""
    now, before = current.headline(), previous.headline()
    result = []
    for spec in TILES:
        value, old = _number(now[spec.key]), _number(before[spec.key])
        target = getattr(engagement, spec.sla_field, None) if spec.sla_field else None
        check = (
            kpi.sla_check(float(target), value, spec.higher_is_better)
            if target is not None
            else None
        )
        change = None if value is None or old is None else value - old
        better = None
        if change:
            better = (change > 0) == spec.higher_is_better
        currency = current.currency or previous.currency or ""
        result.append(
            {
                "spec": spec,
                "value": value,
                "previous": old,
                "change": change,
                "better": better,
                "target": _number(target),
                "met": check.met if check else None,
                # In people's words, with units: what pages and reports print.
                "value_text": labels.value_text(value, spec.unit, currency),
                "previous_text": labels.value_text(old, spec.unit, currency),
                "change_text": labels.change_text(change, spec.unit, currency),
                "target_text": labels.target_text(
                    _number(target), spec.unit, spec.higher_is_better, currency
                ),
            }
        )
    return result


def engagements_by_client(client_ids) -> dict:
    """The current (active, latest started) engagement of each client."""
    from outhire.engagements.models import Engagement

    found = {}
    for engagement in (
        Engagement.objects.filter(client_id__in=list(client_ids), status="active")
        .select_related("account_lead")
        .order_by("client_id", "-starts_on", "-id")
    ):
        found.setdefault(engagement.client_id, engagement)
    return found


def sla_compliance(scope: Scope, engagement) -> dict:
    """Share of requisitions meeting the shortlist and fill targets, and every breach.

    Requisitions count when approved before the period's end and either approved in it or
    still open. An open requisition with no shortlist yet is a breach once the target has
    passed (it cannot meet it any more); otherwise it is not measured yet.
    """
    from outhire.requisitions.models import Opening

    result = {"shortlist": None, "fill": None, "breaches": []}
    if engagement is None:
        return result
    as_of = scope.as_of
    rows = list(
        scope.scoped(
            RequisitionFact.objects.filter(
                approved_at__isnull=False, approved_at__lt=scope.end_at
            ).filter(models_q_open_or_in(scope))
        ).values(
            "requisition_id",
            "requisition__title",
            "requisition__reference",
            "status",
            "approved_at",
            "first_shortlist_at",
        )
    )
    labels = {r["requisition_id"]: r for r in rows}
    target = engagement.sla_days_to_first_shortlist
    if target is not None:
        measured = {}
        for r in rows:
            if r["first_shortlist_at"]:
                measured[r["requisition_id"]] = kpi.days_between(
                    r["approved_at"], r["first_shortlist_at"]
                )
            elif r["status"] in {"open", "on_hold"}:
                waited = kpi.days_between(r["approved_at"], as_of)
                measured[r["requisition_id"]] = waited if waited > target else None
            else:
                measured[r["requisition_id"]] = None
        result["shortlist"] = kpi.sla_compliance(target, measured)
        for pk, check in result["shortlist"].breaches.items():
            result["breaches"].append(
                _breach(
                    labels[pk],
                    _("Days to first shortlist"),
                    check,
                    _("days to first shortlist"),
                )
            )
    target = engagement.sla_days_to_fill
    if target is not None:
        measured = {}
        openings = Opening.objects.filter(requisition_id__in=list(labels)).values_list(
            "requisition_id", "number", "filled_at"
        )
        for requisition_id, number, filled_at in openings:
            r = labels[requisition_id]
            key = (requisition_id, number)
            if filled_at:
                measured[key] = kpi.days_between(r["approved_at"], filled_at)
            elif r["status"] in {"open", "on_hold"}:
                waited = kpi.days_between(r["approved_at"], as_of)
                measured[key] = waited if waited > target else None
            else:
                measured[key] = None
        result["fill"] = kpi.sla_compliance(target, measured)
        for (pk, number), check in result["fill"].breaches.items():
            result["breaches"].append(
                _breach(
                    labels[pk],
                    _("Days to fill (opening %(number)s)") % {"number": number},
                    check,
                    _("days to fill (opening %(number)s)") % {"number": number},
                )
            )
    result["breaches"].sort(key=lambda b: -b["by"])
    return result


def models_q_open_or_in(scope: Scope):
    from django.db.models import Q

    return Q(approved_at__gte=scope.start_at) | Q(status__in=["open", "on_hold"])


def _breach(row: dict, measure: str, check: kpi.SlaResult, measure_text: str = "") -> dict:
    """One breach; `measure_text` is the measure within a sentence ("days to fill")."""
    return {
        "requisition_id": row["requisition_id"],
        "title": row["requisition__title"],
        "reference": row["requisition__reference"],
        "measure": measure,
        "measure_text": measure_text or measure,
        "target": float(check.target),
        "actual": float(check.actual),
        "by": float(check.breach),
        "open": row["first_shortlist_at"] is None and row["status"] in {"open", "on_hold"},
    }


FILL_EDGES = [0, 15, 30, 45, 60, 90]


def default_period(today: date | None = None, days: int = 90) -> tuple[date, date]:
    today = today or timezone.localdate()
    end = today + timedelta(days=1)
    return end - timedelta(days=days), end


def overview(scope: Scope, engagement=None) -> dict:
    """Everything a dashboard shows for `scope` (current and previous period)."""
    feedback_hours = getattr(engagement, "sla_feedback_hours", None)
    current = kpis_from_aggregates(scope, engagement_feedback_hours=feedback_hours)
    previous = kpis_from_aggregates(scope.previous(), engagement_feedback_hours=feedback_hours)
    return {
        "kpis": current,
        "previous": previous,
        "tiles": tiles(current, previous, engagement),
        "period_start_at": moment(scope.start),
    }
