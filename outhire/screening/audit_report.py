"""Gather the bias audit's inputs from the database: one `bias.Record` per application, aggregated
by `bias.py` into tables. Self-identification is read here and nowhere else; nothing per person
leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Case, IntegerField, Max, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import client_scope
from outhire.pipeline.models import Application, StageEvent
from outhire.privacy.models import DECLINED, SelfIdentification
from outhire.requisitions.models import KIND_ORDER, StageKind
from outhire.screening import bias
from outhire.screening.models import ScoreLog

MEASURES = {
    "selection": _("Selection rate (stage transition)"),
    "scoring": _("Scoring rate (scores)"),
}


@dataclass
class AuditQuery:
    client_id: int
    measure: str = "selection"
    from_kind: str = StageKind.SCREEN
    to_kind: str = StageKind.INTERVIEW
    requisition_ids: list[int] = field(default_factory=list)
    start: date | None = None
    end: date | None = None

    def describe(self) -> dict:
        return {
            "measure": self.measure,
            "from_kind": self.from_kind,
            "to_kind": self.to_kind,
            "requisitions": self.requisition_ids or "all",
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
        }


@dataclass
class AuditReport:
    query: AuditQuery
    tables: list[bias.AuditTable]
    assessed: int
    with_self_id: int


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def applications(query: AuditQuery) -> QuerySet:
    """The applications in scope: the client's, of the chosen requisitions, added in the period."""
    qs = Application.objects.filter(client_id=query.client_id)
    if query.requisition_ids:
        qs = qs.filter(requisition_id__in=query.requisition_ids)
    if query.start:
        qs = qs.filter(created_at__gte=_day_start(query.start))
    if query.end:
        qs = qs.filter(created_at__lt=_day_start(query.end) + timezone.timedelta(days=1))
    return qs


def _furthest_kind(apps: QuerySet) -> dict[int, int]:
    """Application id -> the order of the furthest stage kind it ever reached (from events)."""
    order = Case(
        *[When(to_kind=kind, then=Value(n)) for kind, n in KIND_ORDER.items()],
        default=Value(-1),
        output_field=IntegerField(),
    )
    rows = (
        StageEvent.objects.filter(application__in=apps)
        .values("application_id")
        .annotate(furthest=Max(order))
        .values_list("application_id", "furthest")
    )
    return dict(rows)


def _categories(apps: QuerySet) -> dict[int, tuple[str | None, str | None]]:
    out = {}
    for app_id, sex, race in SelfIdentification.objects.filter(application__in=apps).values_list(
        "application_id", "sex", "race_ethnicity"
    ):
        out[app_id] = (
            sex if sex in bias.SEXES else None,
            race if race in bias.RACES else None,
        )
    return out


def records(query: AuditQuery) -> tuple[list[bias.Record], int]:
    """(records, how many had a known category on any dimension)."""
    apps = applications(query)
    categories = _categories(apps)
    if query.measure == "scoring":
        latest: dict[int, float] = {}
        for app_id, score in (
            ScoreLog.objects.filter(client_id=query.client_id, application__in=apps)
            .order_by("shown_at", "id")
            .values_list("application_id", "score")
        ):
            latest[app_id] = score
        recs = [
            bias.Record(*categories.get(app_id, (None, None)), score=score)
            for app_id, score in latest.items()
        ]
    else:
        low, high = KIND_ORDER[query.from_kind], KIND_ORDER[query.to_kind]
        recs = [
            bias.Record(*categories.get(app_id, (None, None)), selected=furthest >= high)
            for app_id, furthest in _furthest_kind(apps).items()
            if furthest >= low
        ]
    known = sum(1 for r in recs if r.sex or r.race)
    return recs, known


def report(query: AuditQuery) -> AuditReport:
    # The audit counts the client's whole funnel, also the applications its own people do not
    # see one by one (before the shortlist): it shows aggregates only, to those who answer for it.
    with client_scope(query.client_id):
        recs, known = records(query)
    audit = bias.scoring_audit if query.measure == "scoring" else bias.selection_audit
    tables = [audit(recs, dimension) for dimension in bias.DIMENSIONS]
    return AuditReport(query=query, tables=tables, assessed=len(recs), with_self_id=known)


def csv_rows(result: AuditReport) -> list[list]:
    rows = [
        [
            "dimension",
            "category",
            "count",
            "favourable",
            "rate",
            "impact_ratio",
            "below_four_fifths",
            "excluded_under_2pct",
        ]
    ]
    for table in result.tables:
        for g in table.groups:
            rows.append(
                [
                    table.dimension,
                    g.category,
                    g.count,
                    g.favourable,
                    "" if g.rate is None else f"{g.rate:.4f}",
                    "" if g.impact_ratio is None else f"{g.impact_ratio:.4f}",
                    "yes" if g.below_four_fifths else "no",
                    "yes" if g.excluded else "no",
                ]
            )
        rows.append([table.dimension, "Unknown", table.unknown, "", "", "", "", ""])
    return rows


__all__ = ["DECLINED", "MEASURES", "AuditQuery", "AuditReport", "report", "csv_rows"]
