"""The demo's applications go through the real apply flow, once."""

from __future__ import annotations

import pytest

from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
)
from outhire.demo.applications import seed_applications
from outhire.pipeline.models import Application, ApplicationAnswer
from outhire.privacy.models import SelfIdentification

pytestmark = pytest.mark.django_db


def test_the_demo_applies_through_the_flow_once(posting):
    assert seed_applications().applications == 3
    applications = Application.objects.filter(requisition=posting.requisition)
    assert sorted(applications.values_list("source", flat=True)) == [
        "careers_site",
        "job_board",
        "social",
    ]
    assert applications.filter(needs_review=True).count() == 1
    assert ApplicationAnswer.objects.count() == 9
    assert SelfIdentification.objects.count() == 3
    assert seed_applications().applications == 0
    assert applications.count() == 3
