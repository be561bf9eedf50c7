"""Screening fixtures: `person`, a candidate with skills. Acme's open requisition, its stages and
applications come from outhire/pipeline/tests/fixtures.py (test modules may define their own
`requisition`)."""

from __future__ import annotations

import pytest

from outhire.candidates.models import Consent
from outhire.candidates.services import candidate_create, consent_record, profile_entry_add


@pytest.fixture
def person(rita):
    """person("Ada", "Python Developer", "Python and Django", skills=["Python"]): a candidate
    of the talent network with skills, by default consenting to be considered."""

    def make(first: str, title: str, summary: str, *, skills=(), consent=True, **fields):
        candidate = candidate_create(
            by=rita,
            first_name=first,
            last_name="Doe",
            current_title=title,
            summary=summary,
            **fields,
        )
        for skill in skills:
            profile_entry_add(candidate=candidate, fields={"kind": "skill", "name": skill}, by=rita)
        if consent:
            consent_record(
                candidate=candidate,
                purpose=Consent.Purpose.TALENT_POOL,
                method=Consent.Method.VERBAL,
                by=rita,
            )
        candidate.refresh_from_db()
        return candidate

    return make
