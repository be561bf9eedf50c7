"""Keeping the daily aggregates and facts in step with the pipeline's events.

Cells are (requisition, day). `aggregates_refresh` (periodic) looks at the stage and requisition
events written since its last run and recomputes only the cells, requisitions and hires they
touch; `aggregates_rebuild` (`outhire analytics-rebuild`) recomputes everything. Both are plain
GROUP BY queries over the raw tables: nothing is loaded row by row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from outhire.analytics import kpi
from outhire.analytics.models import (
    AggregateRun,
    ApplicationDay,
    HireFact,
    RequisitionFact,
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
    with transaction.atomic():
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
        run.last_stage_event_id = max([e[0] for e in events] + [run.last_stage_event_id])
        run.last_requisition_event_id = max(
            [e[0] for e in req_events] + [run.last_requisition_event_id]
        )
        run.finished_at = timezone.now()
        run.cells = sum(map(len, application_cells.values())) + sum(map(len, stage_cells.values()))
        run.save()
    return run.cells
