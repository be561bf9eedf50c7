"""Candidate fixtures for the tests of candidates and of its imports, on top of the shared
personas in the project's conftest.py."""

from __future__ import annotations

import pytest

from outhire.candidates.services import candidate_create


@pytest.fixture
def make_candidate(db):
    """make(first, last="", emails=(), phones=(), by=None, **fields) -> a new Candidate."""

    def make(first: str, last: str = "", *, emails=(), phones=(), by=None, **fields):
        return candidate_create(
            by=by, first_name=first, last_name=last, emails=emails, phones=phones, **fields
        )

    return make


@pytest.fixture
def ada(make_candidate, rita):
    return make_candidate(
        "Ada",
        "Lovelace",
        emails=["ada@example.org"],
        phones=["+44 20 7946 0018"],
        linkedin_url="https://www.linkedin.com/in/ada-lovelace/",
        current_title="Analyst",
        current_employer="Analytical Engines",
        location="London",
        by=rita,
    )
