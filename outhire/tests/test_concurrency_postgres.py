"""Many people (or scripts) doing the same thing at the same moment, on real PostgreSQL.

Each test starts real threads, each with its own database connection and its own test
Client, releases them together through a barrier, and checks that every answer is one the
view gives on purpose (never a 500) and that the database holds exactly one result. SQLite
serialises writers, so these races only exist on PostgreSQL: elsewhere the module is skipped.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client

from outhire.accounts import services as account_services
from outhire.candidates.services import candidate_create
from outhire.pipeline import services as pipeline_services
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions import services as requisitions

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races need PostgreSQL's concurrent writers"
    ),
    pytest.mark.django_db(transaction=True),
]

API = "/api/v1"


def race(count: int, work: Callable[[int, Client], object]) -> list:
    """Run `work(n, client)` in `count` threads released at once; their results, in order.

    Each thread has its own connection (Django's are per thread) and closes it at the end,
    so the test database can be dropped afterwards. An exception is a result too.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=30)
            results[n] = work(n, client)
        except Exception as error:  # noqa: BLE001 - reported to the test as a result
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def bearer(user, client=None) -> dict[str, str]:
    _, secret = account_services.api_token_create(
        name=f"{user.full_name}'s token", client=client, can_write=True, by=user
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def requisition(acme, rita, hank):
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={"title": "Robotics Engineer", "openings": 1, "hiring_manager": hank},
    )
    requisitions.requisition_submit(requisition=req, by=rita)  # no chain: opens at once
    pipeline_services.dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture
def application(requisition, rita):
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    return pipeline_services.application_create(requisition=requisition, candidate=ada, by=rita)


# --- Moves of one application -------------------------------------------------------------


def test_it_answers_30_parallel_api_moves_with_one_200_and_409s(rita, application, requisition):
    headers = bearer(rita)
    stages = [requisition.stages.get(kind=kind) for kind in ("screen", "submitted", "interview")]
    url = f"{API}/applications/{application.pk}/move"

    def move(n: int, client: Client):
        body = {"stage_id": stages[n % 3].pk, "version": application.version}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(30, move))
    assert codes == {200: 1, 409: 29}
    application.refresh_from_db()
    assert application.version == 2
    assert application.stage in stages
    events = StageEvent.objects.filter(application=application)
    assert [e.kind for e in events.order_by("id")] == ["created", "moved"]
    assert events.get(kind="moved").to_stage == application.stage


def test_it_answers_30_parallel_page_moves_with_one_move_and_409s(rita, application, requisition):
    from conftest import login

    stages = [requisition.stages.get(kind=kind) for kind in ("screen", "submitted", "interview")]
    url = f"/applications/{application.pk}/move/"

    def move(n: int, client: Client):
        login(client, rita)
        body = {"stage": stages[n % 3].pk, "version": application.version, "reason": ""}
        return client.post(url, body).status_code

    codes = Counter(race(30, move))
    assert codes == {302: 1, 409: 29}
    assert StageEvent.objects.filter(application=application).count() == 2
    application.refresh_from_db()
    assert application.version == 2


def test_it_hires_once_when_30_people_hire_and_reject_at_once(rita, application, requisition):
    """Hiring fills the opening and the requisition: the row locks that takes must not deadlock."""
    headers = bearer(rita)
    hired = requisition.stages.get(kind="hired")
    reason = pipeline_services.DispositionReason.objects.filter(
        client=requisition.client, applies_to="rejected"
    ).first()

    def act(n: int, client: Client):
        if n % 2:
            url, body = f"{API}/applications/{application.pk}/move", {"stage_id": hired.pk}
        else:
            url, body = (
                f"{API}/applications/{application.pk}/reject",
                {"disposition_id": reason.pk},
            )
        body["version"] = application.version
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(30, act))
    assert codes == {200: 1, 409: 29}
    application.refresh_from_db()
    requisition.refresh_from_db()
    assert application.status in {Application.Status.HIRED, Application.Status.REJECTED}
    hired_now = application.status == Application.Status.HIRED
    assert requisition.status == ("filled" if hired_now else "open")
    assert requisition.opening_set.filter(filled_by=application).count() == int(hired_now)


def test_it_fills_two_openings_once_when_ten_candidates_are_hired_at_once(acme, rita, hank):
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 2, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    applications = [
        pipeline_services.application_create(
            requisition=requisition,
            candidate=candidate_create(by=rita, first_name=f"Welder{n}", last_name="Doe"),
            by=rita,
        )
        for n in range(10)
    ]
    hired = requisition.stages.get(kind="hired")
    headers = bearer(rita)

    def hire(n: int, client: Client):
        url = f"{API}/applications/{applications[n].pk}/move"
        body = {"stage_id": hired.pk, "version": applications[n].version}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(10, hire))
    assert codes == {200: 2, 422: 8}
    requisition.refresh_from_db()
    assert requisition.status == "filled"
    assert Application.objects.filter(requisition=requisition, status="hired").count() == 2
    filled = requisition.opening_set.filter(filled_at__isnull=False)
    assert sorted(o.filled_by.status for o in filled) == ["hired", "hired"]
    hires = StageEvent.objects.filter(application__requisition=requisition, kind="hired")
    assert hires.count() == 2
