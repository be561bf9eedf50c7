"""Every event of docs/webhooks.md is emitted where it happens, with the body documented there.

One endpoint of Acme subscribes to every event; each test does what a person would (through
the services the pages and the API call) and reads the deliveries stored for it. Sending them
is test_webhooks.py's subject (signed, retried, to a real local endpoint).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.interviews import services as interviews
from outhire.interviews.tests.conftest import (  # noqa: F401 (fixtures)
    commit,
    competencies,
    interview,
    submitted_application,
)
from outhire.pipeline.services import application_move, application_reject
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule, DispositionReason
from outhire.webhooks import services
from outhire.webhooks.models import EVENTS, Delivery


@pytest.fixture
def endpoint(acme, carla):
    endpoint, _secret = services.endpoint_create(
        client=acme, url="https://hooks.example.com/outhire", events=EVENTS, by=carla
    )
    return endpoint


def _bodies(event: str) -> list[dict]:
    return [json.loads(d.body) for d in Delivery.objects.filter(event=event).order_by("created_at")]


def test_a_body_says_its_version(endpoint, acme):
    (delivery,) = services.event_emit(client=acme, event="hire.created", payload={"id": 1})
    body = json.loads(delivery.body)
    assert body["version"] == services.PAYLOAD_VERSION == 1
    assert set(body) == {"event", "version", "id", "created_at", "client", "data"}


def test_application_events_follow_the_pipeline(endpoint, make_application, stage, rita, acme):
    application = make_application("Ada", "Lovelace")
    (created,) = _bodies("application.created")
    assert created["data"]["candidate"] == {"id": application.candidate_id, "name": "Ada Lovelace"}
    assert created["data"]["stage"]["kind"] == "sourced" and created["data"]["status"] == "active"
    assert "email" not in json.dumps(created)

    application_move(application=application, to_stage=stage("submitted"), by=rita)
    (moved,) = _bodies("application.moved")
    assert moved["data"]["from_stage"]["kind"] == "sourced"
    assert moved["data"]["stage"]["kind"] == "submitted" and moved["data"]["by"] == "staff"

    reason = DispositionReason.objects.filter(client=acme, applies_to="rejected").first()
    application_reject(application=application, by=rita, disposition=reason, reason="Private")
    (rejected,) = _bodies("application.rejected")
    assert rejected["data"]["status"] == "rejected"
    assert rejected["data"]["disposition"] == reason.name
    # The free-text reason stays inside Outhire.
    assert "Private" not in json.dumps(rejected)


def test_a_withdrawal_is_its_own_event(endpoint, make_application, acme):
    application = make_application("Grace", "Hopper")
    reason = DispositionReason.objects.filter(client=acme, applies_to="withdrawn").first()
    application_reject(application=application, by=None, disposition=reason, withdrawn=True)
    (withdrawn,) = _bodies("application.withdrawn")
    assert withdrawn["data"]["by"] == "candidate" and withdrawn["data"]["status"] == "withdrawn"
    assert _bodies("application.rejected") == []


def test_requisition_events_follow_its_status(endpoint, acme, rita, hank):
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 1, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)  # no chain: opens
    (submitted,) = _bodies("requisition.submitted")
    assert submitted["data"]["from_status"] == "draft"
    (opened,) = _bodies("requisition.opened")
    assert opened["data"]["status"] == "open" and opened["data"]["opened_at"]
    requisitions.requisition_hold(requisition=requisition, by=rita, reason="Budget")
    requisitions.requisition_resume(requisition=requisition, by=rita)
    assert [b["data"]["from_status"] for b in _bodies("requisition.opened")] == [
        "pending_approval",
        "on_hold",
    ]
    requisitions.requisition_cancel(requisition=requisition, by=rita, reason="Merged")
    (cancelled,) = _bodies("requisition.cancelled")
    assert cancelled["data"]["closed_at"] and len(_bodies("requisition.on_hold")) == 1


def test_an_approval_chain_sends_approved_then_opened(endpoint, acme, carla, rita, hank):
    ApprovalRule.objects.create(client=acme, position=1, approver=carla)
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 1, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    assert _bodies("requisition.opened") == []
    requisitions.approval_decide(requisition=requisition, by=carla, approve=True)
    (approved,) = _bodies("requisition.approved")
    (opened,) = _bodies("requisition.opened")
    assert approved["id"] < opened["id"]


def test_filling_the_last_opening_fills_the_requisition(endpoint, make_application, stage, rita):
    for name in ("Ada", "Grace"):
        application = make_application(name)
        application_move(application=application, to_stage=stage("hired"), by=rita)
    (filled,) = _bodies("requisition.filled")
    assert filled["data"]["status"] == "filled"
    assert len(_bodies("application.moved")) == 2


def test_interview_and_scorecard_events(
    endpoint,
    interview,  # noqa: F811
    rita,
    ivy,
    competencies,  # noqa: F811
):
    first, *_rest, second = interviews.available_slots(interview)
    interviews.interview_book(interview=interview, start=first, by=rita)
    (scheduled,) = _bodies("interview.scheduled")
    assert scheduled["data"]["uid"] == interview.ical_uid
    assert scheduled["data"]["starts_at"].startswith(first.isoformat()[:16])
    assert {p["name"] for p in scheduled["data"]["interviewers"]} == {
        "Ivy Interviewer",
        "Hank Hiringmanager",
    }
    interviews.interview_book(interview=interview, start=second, by=rita)
    (moved,) = _bodies("interview.moved")
    assert moved["data"]["sequence"] == 1

    interview.refresh_from_db()
    scorecard = interview.scorecards.get(interviewer=ivy)
    with time_machine.travel(interview.ends_at + timedelta(minutes=5), tick=False):
        interviews.scorecard_submit(
            scorecard=scorecard,
            by=ivy,
            ratings={c.pk: (3, "Solid") for c in competencies},
            recommendation="yes",
            notes="Good",
        )
    (submitted,) = _bodies("scorecard.submitted")
    assert submitted["data"]["recommendation"] == "yes"
    assert {r["competency"] for r in submitted["data"]["ratings"]} == {c.name for c in competencies}


def test_a_cancelled_interview_is_an_event(endpoint, interview, rita):  # noqa: F811
    interviews.interview_cancel(interview=interview, by=rita, reason="Filled elsewhere")
    (cancelled,) = _bodies("interview.cancelled")
    assert cancelled["data"]["status"] == "cancelled"
    assert cancelled["data"]["cancel_reason"] == "Filled elsewhere"


def test_an_erased_candidate_is_told_to_each_client_by_ids_only(
    endpoint, make_application, acme, alice
):
    from outhire.privacy.erasure import candidate_erase

    application = make_application("Ada", "Lovelace")
    candidate = application.candidate
    candidate_erase(candidate=candidate, by=alice)
    (erased,) = _bodies("candidate.erased")
    assert erased["data"]["candidate"] == candidate.pk
    assert erased["data"]["applications"] == [application.pk]
    # Nothing sent or waiting names the person any more.
    for delivery in Delivery.objects.all():
        assert "Lovelace" not in delivery.body


def test_no_endpoint_costs_one_query_and_builds_nothing(acme):
    def payload():
        raise AssertionError("the payload is built only for an endpoint")

    with CaptureQueriesContext(connection) as queries:
        assert services.event_emit(client=acme.pk, event="hire.created", payload=payload) == []
    assert len(queries) == 1


def test_every_event_is_documented():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[3] / "docs" / "webhooks.md").read_text()
    missing = [event for event in EVENTS if f"`{event}`" not in docs]
    assert not missing, missing
