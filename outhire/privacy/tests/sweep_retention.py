"""The isolation sweep's objects for the retention pages and legal holds (see
privacy/tests/sweep.py). Every one of these pages is for provider admins only: the sweep's
outsiders (client B's users, provider staff of B) must be refused, and the hold's reason and
the preview's list (a candidate, by name) must never reach them, nor client A's own users (the
sweep checks every page against the talent network's markers as client A's users too).

The holds are on a candidate and a requisition of their own: the base world's candidate and
requisition stay free of holds, as other tests erase that candidate."""

from __future__ import annotations

PARAMS: dict[str, str] = {
    "policy_id": "retention_policy",
    "run_id": "retention_run",
    "hold_id": "legal_hold",
}
PUBLIC: set[str] = set()


def world(base: dict) -> dict:
    from outhire.candidates.models import Candidate
    from outhire.privacy.models import LegalHold, RetentionPolicy, RetentionRun

    policy = RetentionPolicy.objects.create(client=base["client"], country="NL", rejected_months=9)
    hold = LegalHold.objects.create(
        requisition=base["pending_requisition"], reason="Legal hold marker 6021: tribunal claim"
    )
    held = Candidate.objects.create(first_name="Hilda", last_name="Holdmarker")
    LegalHold.objects.create(candidate=held, reason="Legal hold marker 6022")
    run = RetentionRun.objects.create(
        dry_run=True,
        counts={
            "rejected": 1,
            "hired": 0,
            "inactive": 0,
            "held": 0,
            "records": {"rejected": [[held.pk, "2026-01-01"]]},
        },
    )
    return {
        "retention_policy": policy,
        "retention_run": run,
        "legal_hold": hold,
        "markers": ["Legal hold marker 6021", "Legal hold marker 6022"],
        "talent_markers": ["Hilda Holdmarker"],
    }
