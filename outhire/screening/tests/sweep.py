"""Client A's screening objects for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

PARAMS = {"assessment_id": "assessment", "sitting_id": "assessment_sitting"}
# The candidate's assessment page: its signed token is the permission.
PUBLIC = {"screening:assessment_take"}


def world(base: dict) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from outhire.screening.models import (
        Assessment,
        AssessmentAnswer,
        AssessmentQuestion,
        AssessmentSitting,
        ScoreLog,
    )

    acme = base["client"]
    assessment = Assessment.objects.create(
        client=acme, name="Assessment name marker 7731", requisition=base["requisition"]
    )
    question = AssessmentQuestion.objects.create(
        client=acme,
        assessment=assessment,
        kind="text",
        prompt="Question marker 6620",
        rubric="Rubric marker 1187",
    )
    sitting = AssessmentSitting.objects.create(
        client=acme,
        assessment=assessment,
        application=base["application"],
        expires_at=timezone.now() + timedelta(days=7),
        # Read back by GET /api/v1/applications/{application_id}/assessments
        flagged=True,
        flag_reasons=["Flag reason marker 4419"],
    )
    AssessmentAnswer.objects.create(
        client=acme, sitting=sitting, question=question, text="Answer marker 5529"
    )
    ScoreLog.objects.create(
        client=acme,
        requisition=base["requisition"],
        candidate=base["candidate"],
        application=base["application"],
        matcher_version="1.0",
        input_digest="d1g35t" * 10 + "abcd",
        score=77.7,
        reasons=[{"kind": "location", "score": 1.0, "fit": "Reason marker 3306"}],
    )
    return {
        "assessment": assessment,
        "assessment_sitting": sitting,
        "markers": [
            "Assessment name marker 7731",
            "Question marker 6620",
            "Rubric marker 1187",
            "Answer marker 5529",
            "Reason marker 3306",
            "Flag reason marker 4419",
        ],
    }


def forge(name: str, world: dict) -> dict | None:
    from outhire.screening.assessments import link_token
    from outhire.tests.test_isolation_sweep import forge as forged

    if name == "screening:assessment_take":
        return {"token": forged(link_token(world["assessment_sitting"]))}
    return None
