"""Keeping the daily aggregates and facts in step with the pipeline's events.

Cells are (requisition, day). `aggregates_refresh` (periodic) looks at the stage and requisition
events written since its last run and recomputes only the cells, requisitions and hires they
touch; `aggregates_rebuild` (`outhire analytics-rebuild`) recomputes everything. Both are plain
GROUP BY queries over the raw tables: nothing is loaded row by row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, timedelta

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from outhire.analytics import kpi
from outhire.analytics.models import (
    AggregateRun,
    ApplicationDay,
    HireFact,
    RequisitionFact,
    Rollup,
    StageDay,
)

RUN_NAME = "daily"
# Events are numbered when inserted but committed in any order: re-reading a few already seen
# catches one that committed late. Recomputing a cell twice is harmless.
OVERLAP = 500
CHUNK = 500
SHORTLISTED = [k for k in kpi.KINDS if kpi.KIND_ORDER[k] >= kpi.KIND_ORDER[kpi.SHORTLIST_KIND]]


def _kind_order():
    return Case(
        *[When(to_kind=kind, then=Value(n)) for n, kind in enumerate(kpi.KINDS)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _day(field: str):
    return TruncDate(field, tzinfo=UTC)


def _application_days(applications) -> list[ApplicationDay]:
    from outhire.pipeline.models import StageEvent

    furthest = (
        StageEvent.objects.filter(application_id=OuterRef("pk"))
        .order_by()
        .values("application_id")
        .annotate(top=Max(_kind_order()))
        .values("top")[:1]
    )
    rows = (
        applications.order_by()
        .annotate(day=_day("created_at"), top=Subquery(furthest))
        .values("client_id", "day", "requisition_id", "source", "top")
        .annotate(n=Count("id"), hired=Count("id", filter=Q(status="hired")))
    )
    return [
        ApplicationDay(
            client_id=row["client_id"],
            day=row["day"],
            requisition_id=row["requisition_id"],
            source=row["source"] or "",
            furthest_kind=kpi.KINDS[row["top"]]
            if row["top"] is not None and row["top"] >= 0
            else "",
            applications=row["n"],
            hires=row["hired"],
        )
        for row in rows
    ]


def _stage_days(events) -> list[StageDay]:
    rows = (
        events.order_by()
        .annotate(day=_day("at"))
        .values("client_id", "day", "application__requisition_id", "to_kind", "to_status")
        .annotate(n=Count("id"))
    )
    return [
        StageDay(
            client_id=row["client_id"],
            day=row["day"],
            requisition_id=row["application__requisition_id"],
            to_kind=row["to_kind"],
            to_status=row["to_status"],
            events=row["n"],
        )
        for row in rows
    ]


def _requisition_facts(requisition_ids: list[int]) -> list[RequisitionFact]:
    from outhire.pipeline.models import Application, StageEvent
    from outhire.requisitions.models import Requisition

    shortlists = dict(
        StageEvent.objects.filter(
            application__requisition_id__in=requisition_ids, to_kind__in=SHORTLISTED
        )
        .order_by()
        .values_list("application__requisition_id")
        .annotate(first=Min("at"))
    )
    active = dict(
        Application.objects.filter(requisition_id__in=requisition_ids, status="active")
        .order_by()
        .values_list("requisition_id")
        .annotate(n=Count("id"))
    )
    rows = Requisition.objects.filter(pk__in=requisition_ids).values(
        "id", "client_id", "department", "intake__job_family", "status", "approved_at"
    )
    return [
        RequisitionFact(
            requisition_id=row["id"],
            client_id=row["client_id"],
            department=row["department"],
            job_family=row["intake__job_family"] or "",
            status=row["status"],
            approved_at=row["approved_at"],
            first_shortlist_at=shortlists.get(row["id"]),
            active_applications=active.get(row["id"], 0),
        )
        for row in rows
    ]


def _hire_facts(applications) -> list[HireFact]:
    from outhire.pipeline.models import StageEvent

    hired_at = (
        StageEvent.objects.filter(application_id=OuterRef("pk"), to_status="hired")
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    rows = (
        applications.filter(status="hired")
        .order_by()
        .annotate(hired_at=Subquery(hired_at))
        .values("id", "client_id", "requisition_id", "source", "created_at", "hired_at")
    )
    return [
        HireFact(
            application_id=row["id"],
            client_id=row["client_id"],
            requisition_id=row["requisition_id"],
            source=row["source"] or "",
            entered_at=row["created_at"],
            hired_at=row["hired_at"],
        )
        for row in rows
        if row["hired_at"] is not None
    ]


def _chunks(ids: list[int], size: int = CHUNK) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def requisitions_rebuild(requisition_ids: list[int]) -> None:
    """Recompute every aggregate row and fact of these requisitions."""
    from outhire.pipeline.models import Application, StageEvent

    for ids in _chunks(sorted(set(requisition_ids))):
        with transaction.atomic():
            for model in (ApplicationDay, StageDay, HireFact, RequisitionFact):
                model.objects.filter(requisition_id__in=ids).delete()
            applications = Application.objects.filter(requisition_id__in=ids)
            ApplicationDay.objects.bulk_create(_application_days(applications), batch_size=2000)
            events = StageEvent.objects.filter(application__requisition_id__in=ids)
            StageDay.objects.bulk_create(_stage_days(events), batch_size=2000)
            HireFact.objects.bulk_create(_hire_facts(applications), batch_size=2000)
            RequisitionFact.objects.bulk_create(_requisition_facts(ids), batch_size=2000)


def aggregates_rebuild() -> int:
    """Recompute all aggregates from the raw tables; the number of requisitions done."""
    from outhire.pipeline.models import StageEvent
    from outhire.requisitions.models import Requisition, RequisitionEvent

    last_stage = StageEvent.objects.aggregate(m=Max("id"))["m"] or 0
    last_req = RequisitionEvent.objects.aggregate(m=Max("id"))["m"] or 0
    ids = list(Requisition.objects.order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        for model in (ApplicationDay, StageDay, HireFact, RequisitionFact):
            model.objects.all().delete()
    requisitions_rebuild(ids)
    rollups_rebuild()
    AggregateRun.objects.update_or_create(
        name=RUN_NAME,
        defaults={
            "last_stage_event_id": last_stage,
            "last_requisition_event_id": last_req,
            "finished_at": timezone.now(),
            "cells": len(ids),
        },
    )
    return len(ids)


def aggregates_refresh() -> int:
    """Recompute the cells touched by events written since the last run; how many cells.

    A cell is (requisition, day): the day an application entered (for ApplicationDay) or an
    event happened (for StageDay). The facts of the requisitions and hires touched are redone.
    """
    from outhire.pipeline.models import Application, StageEvent
    from outhire.requisitions.models import RequisitionEvent

    run, _ = AggregateRun.objects.get_or_create(name=RUN_NAME)
    events = list(
        StageEvent.objects.filter(id__gt=max(0, run.last_stage_event_id - OVERLAP))
        .order_by("id")
        .annotate(day=_day("at"), entered=_day("application__created_at"))
        .values_list("id", "application_id", "application__requisition_id", "day", "entered")
    )
    req_events = list(
        RequisitionEvent.objects.filter(
            id__gt=max(0, run.last_requisition_event_id - OVERLAP)
        ).values_list("id", "requisition_id")
    )
    application_cells: dict[int, set] = defaultdict(set)
    stage_cells: dict[int, set] = defaultdict(set)
    touched_applications: set[int] = set()
    requisitions: set[int] = {rid for _, rid in req_events}
    for _id, application_id, requisition_id, day, entered in events:
        application_cells[requisition_id].add(entered)
        stage_cells[requisition_id].add(day)
        touched_applications.add(application_id)
        requisitions.add(requisition_id)
    # A requisition moved to another department writes no event: compare with its fact.
    requisitions.update(
        RequisitionFact.objects.exclude(department=F("requisition__department")).values_list(
            "requisition_id", flat=True
        )
    )
    with transaction.atomic():
        departments_before = dict(
            RequisitionFact.objects.filter(requisition_id__in=requisitions).values_list(
                "requisition_id", "department"
            )
        )
        for requisition_id, days in application_cells.items():
            ApplicationDay.objects.filter(requisition_id=requisition_id, day__in=days).delete()
            applications = Application.objects.annotate(day=_day("created_at")).filter(
                requisition_id=requisition_id, day__in=days
            )
            ApplicationDay.objects.bulk_create(_application_days(applications))
        for requisition_id, days in stage_cells.items():
            StageDay.objects.filter(requisition_id=requisition_id, day__in=days).delete()
            events_qs = StageEvent.objects.annotate(day=_day("at")).filter(
                application__requisition_id=requisition_id, day__in=days
            )
            StageDay.objects.bulk_create(_stage_days(events_qs))
        for ids in _chunks(sorted(touched_applications)):
            HireFact.objects.filter(application_id__in=ids).delete()
            HireFact.objects.bulk_create(_hire_facts(Application.objects.filter(pk__in=ids)))
        for ids in _chunks(sorted(requisitions)):
            RequisitionFact.objects.filter(requisition_id__in=ids).delete()
            RequisitionFact.objects.bulk_create(_requisition_facts(ids))
        rollups_refresh(
            _rollup_keys(application_cells, stage_cells, requisitions, departments_before)
        )
        run.last_stage_event_id = max([e[0] for e in events] + [run.last_stage_event_id])
        run.last_requisition_event_id = max(
            [e[0] for e in req_events] + [run.last_requisition_event_id]
        )
        run.finished_at = timezone.now()
        run.cells = sum(map(len, application_cells.values())) + sum(map(len, stage_cells.values()))
        run.save()
    return run.cells


# --- roll-ups per client and department (what unfiltered dashboards read) --------------------

DEPARTMENT = "requisition__analytics_fact__department"


def _rollup_days(application_days, stage_days) -> list[Rollup]:
    """DAY roll-up rows summed from these ApplicationDay and StageDay rows."""
    rows: list[Rollup] = []

    def add(measure, row, key, count, hires=0):
        rows.append(
            Rollup(
                client_id=row["client_id"],
                grain=Rollup.Grain.DAY,
                day=row["day"],
                department=row[DEPARTMENT] or "",
                measure=measure,
                key=row[key] or "",
                count=count,
                hires=hires,
            )
        )

    applications = application_days.order_by()
    for row in applications.values("client_id", "day", DEPARTMENT, "furthest_kind").annotate(
        n=Sum("applications")
    ):
        add(Rollup.Measure.FUNNEL, row, "furthest_kind", row["n"])
    for row in applications.values("client_id", "day", DEPARTMENT, "source").annotate(
        n=Sum("applications"), h=Sum("hires")
    ):
        add(Rollup.Measure.SOURCE, row, "source", row["n"], row["h"])
    for row in (
        stage_days.order_by()
        .values("client_id", "day", DEPARTMENT, "to_kind")
        .annotate(n=Sum("events"))
    ):
        add(Rollup.Measure.ACTIVITY, row, "to_kind", row["n"])
    return rows


def _rollup_months(day_rows) -> list[Rollup]:
    """MONTH roll-up rows summed from these DAY rows."""
    return [
        Rollup(
            client_id=row["client_id"],
            grain=Rollup.Grain.MONTH,
            day=row["month"],
            department=row["department"],
            measure=row["measure"],
            key=row["key"],
            count=row["n"],
            hires=row["h"],
        )
        for row in day_rows.order_by()
        .annotate(month=TruncMonth("day"))
        .values("client_id", "month", "department", "measure", "key")
        .annotate(n=Sum("count"), h=Sum("hires"))
    ]


def rollups_rebuild() -> None:
    """Recompute every roll-up row from the requisition-level aggregates, a client at a time."""
    from outhire.accounts.models import Client

    Rollup.objects.all().delete()
    for client_id in Client.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            Rollup.objects.bulk_create(
                _rollup_days(
                    ApplicationDay.objects.filter(client_id=client_id),
                    StageDay.objects.filter(client_id=client_id),
                ),
                batch_size=5000,
            )
            days = Rollup.objects.filter(client_id=client_id, grain=Rollup.Grain.DAY)
            Rollup.objects.bulk_create(_rollup_months(days), batch_size=5000)
    _planner_statistics()


def _planner_statistics() -> None:
    """Fresh statistics for SQLite's planner (PostgreSQL's autovacuum keeps its own).

    Without them SQLite reads a period's roll-ups through the client column alone, every row
    of each client (100 ms at a million applications), instead of the (client, grain, day)
    ranges (17 ms). A sampled ANALYZE of the one table costs a few milliseconds.
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute(f'ANALYZE "{Rollup._meta.db_table}"')


def _rollup_keys(application_cells, stage_cells, requisitions, departments_before) -> set:
    """(client, department, day) roll-up cells to redo after a refresh of these requisitions.

    The touched days, in the requisition's department; for a requisition that changed
    department, every day it has, in the old department and the new.
    """
    facts = {
        pk: (client_id, department)
        for pk, client_id, department in RequisitionFact.objects.filter(
            requisition_id__in=requisitions
        ).values_list("requisition_id", "client_id", "department")
    }
    moved = [
        pk for pk in facts if pk in departments_before and departments_before[pk] != facts[pk][1]
    ]
    every_day: dict[int, set] = defaultdict(set)
    for model in (ApplicationDay, StageDay):
        for pk, day in model.objects.filter(requisition_id__in=moved).values_list(
            "requisition_id", "day"
        ):
            every_day[pk].add(day)
    keys = set()
    for pk, (client_id, department) in facts.items():
        days = application_cells.get(pk, set()) | stage_cells.get(pk, set()) | every_day[pk]
        for department_now in {department, departments_before.get(pk, department)}:
            keys.update((client_id, department_now, day) for day in days)
    return keys


def rollups_refresh(keys: set) -> None:
    """Recompute the DAY rows of these (client, department, day) cells and their months."""
    cells: dict[tuple, set] = defaultdict(set)
    for client_id, department, day in keys:
        cells[(client_id, department)].add(day)
    for (client_id, department), days in cells.items():
        Rollup.objects.filter(
            client_id=client_id, department=department, grain=Rollup.Grain.DAY, day__in=days
        ).delete()
        where = {"client_id": client_id, "day__in": days, DEPARTMENT: department}
        Rollup.objects.bulk_create(
            _rollup_days(ApplicationDay.objects.filter(**where), StageDay.objects.filter(**where))
        )
        months = {day.replace(day=1) for day in days}
        month_rows = Rollup.objects.filter(
            client_id=client_id, department=department, grain=Rollup.Grain.MONTH
        ).filter(day__in=months)
        month_rows.delete()
        in_months = Q()
        for first in months:
            in_months |= Q(day__gte=first, day__lt=_next_month(first))
        Rollup.objects.bulk_create(
            _rollup_months(
                Rollup.objects.filter(
                    client_id=client_id, department=department, grain=Rollup.Grain.DAY
                ).filter(in_months)
            )
        )
    if cells:
        _planner_statistics()


def _next_month(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
