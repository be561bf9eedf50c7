"""The demo's screening data: an assessment with results, and self-identification."""

from __future__ import annotations

from outhire.demo import screening as demo
from outhire.privacy.models import SelfIdentification
from outhire.requisitions.models import Requisition
from outhire.screening.models import AssessmentSitting


def test_it_seeds_an_assessment_with_results_and_self_identification(acme, rita, make_application):
    apps = [make_application(f"P{n}") for n in range(4)]
    # A job with no country asks no self-identification questions: the demo answers none.
    assert demo._self_identification(acme) == 0
    Requisition.objects.filter(pk=apps[0].requisition_id).update(country="US")
    assert demo._assessment(acme, rita) == 3
    sittings = AssessmentSitting.objects.filter(client=acme).order_by("pk")
    first, second, third = sittings
    assert first.submitted_at and first.reviewer_points == 4 and not first.needs_review
    assert second.flagged and second.submitted_at and third.submitted_at is None
    assert demo._self_identification(acme) == len(apps)
    assert demo._self_identification(acme) == 0  # only where missing
    assert SelfIdentification.objects.filter(client=acme).count() == len(apps)
