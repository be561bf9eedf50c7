"""The KPIs read from the daily aggregates equal those computed from the raw stage events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from outhire.analytics import aggregates
from outhire.analytics.metrics import Scope, kpis_from_aggregates, kpis_from_events
from outhire.analytics.models import (
    AggregateRun,
    ApplicationDay,
    HireFact,
    RequisitionFact,
    Rollup,
)
from outhire.analytics.tests.factory import START, hiring_history
from outhire.pipeline import services as pipeline

EVENT_KPIS = (
    "time_to_fill",
    "fill_days",
    "time_to_hire",
    "time_to_first_shortlist",
    "hires",
    "funnel",
    "sources",
    "activity",
)


def _assert_same(scope: Scope) -> None:
    from_aggregates = kpis_from_aggregates(scope)
    from_events = kpis_from_events(scope)
    for name in EVENT_KPIS:
        assert getattr(from_aggregates, name) == getattr(from_events, name), (name, scope)


def _scopes(client_ids, recruiter_id):
    whole = Scope(client_ids, date(2026, 1, 1), date(2026, 6, 1))
    return [
        whole,
        Scope(client_ids, date(2026, 1, 10), date(2026, 2, 3)),
        Scope(client_ids, date(2026, 2, 3), date(2026, 3, 20)),
        Scope(client_ids, whole.start, whole.end, department="Engineering"),
        Scope(client_ids, whole.start, whole.end, recruiter_id=recruiter_id),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_gives_the_same_kpis_from_aggregates_as_from_events(acme, globex, rita, sam, seed):
    hiring_history(acme, rita, seed=seed)
    hiring_history(globex, sam, seed=seed + 10, requisitions_n=2)
    aggregates.aggregates_rebuild()
    assert ApplicationDay.objects.exists() and RequisitionFact.objects.exists()
    scopes = _scopes((acme.pk, globex.pk), rita.pk) + _scopes((acme.pk,), rita.pk)
    for scope in scopes:
        _assert_same(scope)
    whole = kpis_from_aggregates(scopes[0])
    from outhire.pipeline.models import Application

    # Every application is in the funnel, and something happened at each end of it.
    assert whole.funnel[0].reached == Application.objects.count() > 20
    assert whole.hires > 0 and whole.time_to_first_shortlist.n > 0


def test_the_incremental_refresh_matches_a_full_rebuild(acme, rita):
    requisitions = hiring_history(acme, rita, seed=5)
    aggregates.aggregates_refresh()
    first = AggregateRun.objects.get().last_stage_event_id
    # More moves after the first run, on a day already aggregated and on a new day.
    from outhire.pipeline.models import Application

    active = Application.objects.filter(status="active").select_related("stage").first()
    assert active is not None
    stages = {s.kind: s for s in active.requisition.stages.all()}
    later = START + timedelta(days=60)
    with time_machine.travel(later, tick=False):
        target = "offer" if active.stage.kind != "offer" else "interview"
        pipeline.application_move(application=active, to_stage=stages[target], by=rita)
    assert aggregates.aggregates_refresh() > 0
    assert AggregateRun.objects.get().last_stage_event_id > first

    def dump():
        return (
            sorted(
                ApplicationDay.objects.values_list(
                    "requisition_id", "day", "source", "furthest_kind", "applications", "hires"
                )
            ),
            sorted(HireFact.objects.values_list("application_id", "hired_at")),
            sorted(
                RequisitionFact.objects.values_list(
                    "requisition_id", "first_shortlist_at", "active_applications"
                )
            ),
            _rollups(),
        )

    refreshed = dump()
    aggregates.aggregates_rebuild()
    assert dump() == refreshed
    assert len(requisitions) == RequisitionFact.objects.count()


def _rollups():
    return sorted(
        Rollup.objects.values_list(
            "client_id", "grain", "day", "department", "measure", "key", "count", "hires"
        )
    )


def test_rollups_sum_the_requisition_aggregates_by_month_and_day(acme, rita):
    hiring_history(acme, rita, seed=4)
    aggregates.aggregates_rebuild()
    months = Rollup.objects.filter(grain="month", measure="funnel")
    days = Rollup.objects.filter(grain="day", measure="funnel")
    assert months.exists() and all(
        day == day.replace(day=1) for day in months.values_list("day", flat=True)
    )
    total = sum(ApplicationDay.objects.values_list("applications", flat=True))
    assert sum(months.values_list("count", flat=True)) == total
    assert sum(days.values_list("count", flat=True)) == total
    hires = sum(ApplicationDay.objects.values_list("hires", flat=True))
    assert (
        sum(Rollup.objects.filter(grain="month", measure="source").values_list("hires", flat=True))
        == hires
    )


def test_a_requisition_moved_to_another_department_moves_its_rollups(acme, rita):
    requisitions_made = hiring_history(acme, rita, seed=6)
    aggregates.aggregates_rebuild()
    moved = requisitions_made[0]
    before = Rollup.objects.filter(department="Legal").count()
    assert before == 0
    type(moved).objects.filter(pk=moved.pk).update(department="Legal")
    aggregates.aggregates_refresh()
    assert Rollup.objects.filter(department="Legal").exists()
    refreshed = _rollups()
    aggregates.aggregates_rebuild()
    assert _rollups() == refreshed
    whole = Scope((acme.pk,), date(2026, 1, 1), date(2026, 6, 1), department="Legal")
    _assert_same(whole)


def test_the_dashboard_reads_a_constant_number_of_queries(
    client, acme, rita, django_assert_max_num_queries
):
    from outhire.testing import login

    hiring_history(acme, rita, seed=9, requisitions_n=2, per_requisition=3)
    aggregates.aggregates_rebuild()
    login(client, rita)
    url = f"/analytics/{acme.slug}/?start=2026-01-01&end=2026-05-31"
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    hiring_history(acme, rita, seed=10, requisitions_n=5, per_requisition=8)
    aggregates.aggregates_rebuild()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "start, end",
    [
        (
            datetime(2026, 1, 1, 9, 0, 0, 250_001, tzinfo=UTC),
            datetime(2026, 3, 4, 17, 5, 9, 999_999, tzinfo=UTC),
        ),
        (
            datetime(2026, 1, 1, 9, 0, 0, 123_456, tzinfo=UTC),
            datetime(2026, 1, 1, 9, 0, 1, tzinfo=UTC),
        ),
        (datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC), datetime(2026, 1, 1, 9, 0, 0, 7, tzinfo=UTC)),
        (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 4, 1, 0, 0, 0, 500_000, tzinfo=UTC)),
        (datetime(2026, 5, 1, tzinfo=UTC), None),
    ],
)
def test_the_database_measures_spans_to_the_microsecond(acme, rita, start, end):
    from outhire.analytics.metrics import Microseconds
    from outhire.requisitions import services as requisitions

    req = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Span"})
    RequisitionFact.objects.create(
        client=acme, requisition=req, status="open", approved_at=start, first_shortlist_at=end
    )
    span = (
        RequisitionFact.objects.annotate(span=Microseconds("first_shortlist_at", "approved_at"))
        .values_list("span", flat=True)
        .get()
    )
    assert span == (None if end is None else (end - start) // timedelta(microseconds=1))
