"""`seed-demo` and `demo` with their own counts (the whole demo is tested in test_seed_demo.py,
its talent network in test_candidates.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from outhire.candidates.models import Candidate
from outhire.demo.tests.helpers import seed, talent_network_only


@pytest.fixture(autouse=True)
def _talent_network_only():
    with talent_network_only():
        yield


def test_zero_skips_the_talent_network_and_a_negative_count_is_refused(db):
    assert "Talent network" not in seed(candidates=0)
    assert not Candidate.objects.exists()
    with pytest.raises(CommandError, match="--candidates"):
        seed(candidates=-1)


def test_the_demo_command_passes_the_count_on(db, capsys):
    call_command("demo", no_serve=True, candidates=2)
    assert Candidate.objects.count() == 2
    assert "2 candidates, 2 resumes parsed" in capsys.readouterr().out
