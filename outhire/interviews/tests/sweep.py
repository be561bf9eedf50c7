"""Client A's interview objects for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

PARAMS = {"plan_id": "interview_plan", "interview_id": "interview", "busy_id": "busy_time"}
# The candidate's booking page: its signed token is the permission.
PUBLIC = {"interviews:schedule", "interviews:schedule_cancel"}


def world(base: dict) -> dict:
    from outhire.accounts.models import User
    from outhire.interviews import services
    from outhire.interviews.models import BusyTime, Scorecard
    from outhire.requisitions.models import Competency

    requisition = base["requisition"]
    staff = base["staff_user"]
    manager = User.objects.get(email="hank@acme.test")
    competency = Competency.objects.create(
        client=base["client"], requisition=requisition, name="Competency marker 4470"
    )
    plan = services.plan_save(
        requisition=requisition,
        fields={"stage": base["stage"], "name": "Interview plan marker 6120", "questions": []},
        interviewers=[manager],
        competencies=[competency],
        by=staff,
    )
    interview = services.interview_create(
        application=base["application"],
        by=staff,
        plan=plan,
        interviewers=[manager, staff],
        fields={"title": "Interview marker 7781", "location": "Location marker 2256"},
    )
    # Under way (still open to book, move or cancel), so its scorecards may be submitted.
    start = timezone.now() - timedelta(minutes=10)
    interview.starts_at, interview.ends_at = start, start + timedelta(minutes=45)
    interview.status = "scheduled"
    interview.save()
    card = Scorecard.objects.get(interview=interview, interviewer=staff)
    services.scorecard_submit(
        scorecard=card,
        ratings={competency.pk: (3, "Rating note marker 8812")},
        recommendation="yes",
        notes="Scorecard note marker 3349",
        by=staff,
    )
    busy = BusyTime.objects.create(
        user=staff, starts_at=start, ends_at=start + timedelta(hours=1), note="Busy marker 5097"
    )
    return {
        "interview_plan": plan,
        "interview": interview,
        "scorecard": card,
        "busy_time": busy,
        "markers": [
            "Competency marker 4470",
            "Interview plan marker 6120",
            "Interview marker 7781",
            "Location marker 2256",
            "Rating note marker 8812",
            "Scorecard note marker 3349",
            "Busy marker 5097",
        ],
    }


def forge(name: str, world: dict) -> dict | None:
    if name not in PUBLIC:
        return None
    from outhire.interviews.services import link_token

    token = link_token(world["interview"])
    return {"token": token[:-2] + ("AA" if not token.endswith("AA") else "BB")}
