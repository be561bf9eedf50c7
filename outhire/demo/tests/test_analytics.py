"""The demo's analytics seed: a plan and survey answers, safe to re-run."""

from __future__ import annotations

from outhire.analytics.models import CandidateSurvey, WorkforcePlan
from outhire.analytics.tests.factory import hiring_history
from outhire.demo.analytics import seed_analytics


def test_it_seeds_plans_and_answers_once(acme, rita):
    hiring_history(acme, rita, seed=3, requisitions_n=1, per_requisition=5)
    first = seed_analytics()
    assert "4 workforce plan rows" in first
    answers = CandidateSurvey.objects.filter(responded_at__isnull=False).count()
    assert answers > 0
    seed_analytics()
    assert WorkforcePlan.objects.count() == 4
    assert CandidateSurvey.objects.filter(responded_at__isnull=False).count() == answers
