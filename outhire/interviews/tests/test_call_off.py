"""Interviews follow what happens to the application and the job: a hire, a rejection, a
withdrawal, a requisition put on hold or cancelled calls off the interviews not yet started, in
the same transaction, and everyone invited gets the iCalendar cancellation."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import close_old_connections, transaction
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.accounts.tenancy import unscoped
from outhire.interviews import services
from outhire.interviews.models import Interview
from outhire.interviews.tests.helpers import started
from outhire.interviews.tests.test_scheduling import calendars_of, only_event
from outhire.pipeline import services as pipeline
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import DispositionReason
from outhire.testing import login


@pytest.fixture
def booked(interview, rita, commit):
    """The `interview`, booked for a slot ahead (its invitations sent, then cleared)."""
    start = services.available_slots(interview)[0]
    with commit(execute=True):
        services.interview_book(interview=interview, start=start, by=rita)
    interview.refresh_from_db()
    mail.outbox.clear()
    return interview


def _second(interview, rita, ivy, **fields) -> Interview:
    return services.interview_create(
        application=interview.application,
        by=rita,
        interviewers=[ivy],
        fields={"title": "Second round", "time_zone": "Europe/London", **fields},
    )


def _reason(kind: str) -> DispositionReason:
    return DispositionReason.objects.filter(applies_to=kind).first()


def assert_cancel_sent(interview: Interview, sequence: int) -> None:
    """The candidate and both interviewers got a METHOD:CANCEL of `interview`: same UID, the
    SEQUENCE given."""
    with_calendar = [m for m in mail.outbox if calendars_of(m)]
    assert len(with_calendar) == 3
    for message in with_calendar:
        [(content_type, calendar)] = calendars_of(message)
        assert "method=CANCEL" in content_type and str(calendar["method"]) == "CANCEL"
        event = only_event(calendar)
        assert str(event["uid"]) == interview.ical_uid
        assert int(event["sequence"]) == sequence and str(event["status"]) == "CANCELLED"


def test_a_rejection_calls_off_the_future_interviews_and_sends_the_cancel(
    booked, rita, ivy, commit
):
    unbooked = _second(booked, rita, ivy)
    past = started(_second(booked, rita, ivy, title="Earlier chat"))
    sequence = booked.sequence
    with commit(execute=True):
        pipeline.application_reject(
            application=booked.application, by=rita, disposition=_reason("rejected")
        )
    booked.refresh_from_db()
    unbooked.refresh_from_db()
    past.refresh_from_db()
    assert booked.status == "cancelled" and booked.sequence == sequence + 1
    assert booked.cancel_reason == "The application was rejected."
    assert unbooked.status == "cancelled" and past.status == "scheduled"
    assert_cancel_sent(booked, sequence + 1)
    event = AuditEvent.objects.filter(action="interview.cancelled", object_id=str(booked.pk))
    assert event.get().actor == rita


def test_a_withdrawal_and_a_hire_call_them_off_too(
    booked, rita, ivy, submitted_application, stage, commit
):
    with commit(execute=True):
        pipeline.application_reject(
            application=booked.application,
            by=rita,
            disposition=_reason("withdrawn"),
            withdrawn=True,
        )
    booked.refresh_from_db()
    assert booked.status == "cancelled" and booked.cancel_reason == "The candidate withdrew."
    grace = submitted_application("Grace", "Hopper", "grace@example.test")
    other = services.interview_create(
        application=grace, by=rita, interviewers=[ivy], fields={"title": "Chat"}
    )
    pipeline.application_move(application=grace, to_stage=stage("hired"), by=rita)
    other.refresh_from_db()
    assert other.status == "cancelled" and other.cancel_reason == "The candidate was hired."


@pytest.mark.parametrize("stop", ["hold", "cancel"])
def test_a_requisition_on_hold_or_cancelled_calls_off_every_interview(
    booked, rita, ivy, submitted_application, commit, stop
):
    grace = submitted_application("Grace", "Hopper", "grace@example.test")
    other = services.interview_create(
        application=grace, by=rita, interviewers=[ivy], fields={"title": "Chat"}
    )
    service = requisitions.requisition_hold if stop == "hold" else requisitions.requisition_cancel
    with commit(execute=True):
        service(requisition=booked.application.requisition, by=rita, reason="Budget freeze")
    booked.refresh_from_db()
    other.refresh_from_db()
    assert booked.status == other.status == "cancelled"
    word = "put on hold" if stop == "hold" else "cancelled"
    assert booked.cancel_reason == f"The job was {word}."
    assert_cancel_sent(booked, booked.sequence)


def test_nothing_is_called_off_when_the_change_rolls_back(booked, rita, commit):
    with commit(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        pipeline.application_reject(
            application=booked.application, by=rita, disposition=_reason("rejected")
        )
        raise RuntimeError("the rest of the request failed")
    booked.refresh_from_db()
    assert booked.status == "scheduled" and mail.outbox == []


def test_a_decline_in_the_portal_calls_off_interviews_the_manager_does_not_sit_on(
    client, booked, rita, ivy, hank, commit
):
    """Hank sees only the interviews he sits on; his decline still calls off Ivy's."""
    ivys = _second(booked, rita, ivy)
    application = booked.application
    login(client, hank)
    with commit(execute=True):
        response = client.post(
            reverse("pipeline:portal_decline", args=[application.pk]),
            {
                "version": application.version,
                "disposition": _reason("rejected").pk,
                "reason": "Not the profile we need",
            },
        )
    assert response.status_code == 302
    ivys.refresh_from_db()
    booked.refresh_from_db()
    assert ivys.status == booked.status == "cancelled"


def test_a_called_off_interview_leaves_upcoming(client, booked, rita, ivy):
    login(client, ivy)
    url = reverse("interviews:my_interviews")
    assert booked.title in client.get(url).content.decode()
    pipeline.application_reject(
        application=booked.application, by=rita, disposition=_reason("rejected")
    )
    page = client.get(url)
    assert booked.title not in page.content.decode()
    assert not page.context["upcoming"] and not page.context["unbooked"]


@pytest.mark.django_db(transaction=True)
def test_a_booking_racing_a_hold_never_leaves_a_scheduled_interview(
    interview, rita, django_capture_on_commit_callbacks
):
    """The candidate books while the recruiter puts the job on hold: whichever commits first,
    the interview ends up cancelled (a booking after the hold is refused)."""
    start = services.available_slots(interview)[0]
    requisition = interview.application.requisition
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name: str, work) -> None:
        try:
            barrier.wait()
            with unscoped():
                work()
            outcomes[name] = "done"
        except Exception as error:  # noqa: BLE001 - recorded for the assertion
            outcomes[name] = type(error).__name__
        finally:
            close_old_connections()

    threads = [
        threading.Thread(
            target=run,
            args=(
                "book",
                lambda: services.interview_book(interview=interview, start=start, by=None),
            ),
        ),
        threading.Thread(
            target=run,
            args=(
                "hold",
                lambda: requisitions.requisition_hold(
                    requisition=requisition, by=rita, reason="Budget freeze"
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes["hold"] == "done"
    assert outcomes["book"] in {"done", "ValidationError"}
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert not Interview.objects.filter(status="scheduled").exists()


def test_scorecards_open_when_the_interview_starts(client, booked, competencies, ivy, time_machine):
    url = reverse("interviews:scorecard", args=[booked.pk])
    login(client, ivy)
    page = client.get(url).content.decode()
    assert "Your scorecard opens when the interview starts" in page
    assert "Submit the scorecard" not in page
    data = {"recommendation": "yes", "notes": "Early"}
    data.update({f"rating_{c.pk}": "3" for c in competencies})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()
    card = booked.scorecards.get(interviewer=ivy)
    assert card.submitted_at is None and not card.ratings.exists()
    time_machine.move_to(booked.starts_at + timedelta(minutes=1))
    login(client, ivy)
    assert client.post(url, data).status_code == 302
    card.refresh_from_db()
    assert card.submitted_at is not None


def test_the_api_refuses_an_early_scorecard_with_a_4xx(client, booked, competencies, ivy):
    from outhire.accounts.services import api_token_create

    _, secret = api_token_create(name="Ivy", client=booked.client, can_write=True, by=ivy)
    response = client.post(
        f"/api/v1/interviews/{booked.pk}/scorecard",
        {
            "ratings": [{"competency_id": c.pk, "score": 3} for c in competencies],
            "recommendation": "yes",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "too_early"
    assert "has not started yet" in response.json()["message"]
    assert booked.scorecards.filter(submitted_at__isnull=False).count() == 0
    assert timezone.now() < booked.starts_at
