"""A seeded random hiring history made through the real services, at moments in the past."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import time_machine

from outhire.candidates.services import candidate_create
from outhire.pipeline import services as pipeline
from outhire.requisitions import services as requisitions

SOURCES = ["careers_site", "job_board", "referral", "sourced", ""]
PATH = ["screen", "submitted", "interview", "offer", "hired"]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def hiring_history(
    client, recruiter, *, seed: int = 7, requisitions_n: int = 4, per_requisition: int = 6
):
    """Requisitions opened over a few weeks, candidates moved forward, rejected or hired.

    Returns the requisitions. Everything happens between START and about ten weeks later.
    """
    rng = random.Random(seed)
    requisitions.dispositions_ensure(client)
    from outhire.requisitions.models import DispositionReason

    reason = DispositionReason.objects.filter(client=client, applies_to="rejected").first()
    made = []
    for n in range(requisitions_n):
        opened = START + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        with time_machine.travel(opened, tick=False):
            req = requisitions.requisition_create(
                client=client,
                by=recruiter,
                fields={
                    "title": f"Role {n}",
                    "openings": rng.randint(1, 2),
                    "department": rng.choice(["Engineering", "Sales"]),
                },
            )
            if n % 2 == 0:
                req.recruiters.add(recruiter)
            requisitions.requisition_submit(requisition=req, by=recruiter)
        req.refresh_from_db()
        made.append(req)
        stages = {s.kind: s for s in req.stages.all()}
        for m in range(per_requisition):
            at = opened + timedelta(days=rng.randint(0, 10), hours=rng.randint(0, 23))
            req.refresh_from_db()
            if req.status != "open":
                break
            with time_machine.travel(at, tick=False):
                candidate = candidate_create(
                    by=recruiter, first_name=f"Cand{n}x{m}", last_name="Generated"
                )
                application = pipeline.application_create(
                    requisition=req,
                    candidate=candidate,
                    by=recruiter,
                    source=rng.choice(SOURCES),
                )
            steps = rng.randint(0, len(PATH))
            for kind in PATH[:steps]:
                at += timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 12))
                req.refresh_from_db()
                if kind == "hired" and req.status != "open":
                    break
                with time_machine.travel(at, tick=False):
                    application = pipeline.application_move(
                        application=application, to_stage=stages[kind], by=recruiter
                    )
            if application.status == "active" and rng.random() < 0.4:
                at += timedelta(days=1)
                with time_machine.travel(at, tick=False):
                    pipeline.application_reject(
                        application=application, by=recruiter, disposition=reason
                    )
    return made
