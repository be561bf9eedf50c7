"""The demo's intake templates."""

from __future__ import annotations

from outhire.demo.engagements import seed_intake_templates
from outhire.engagements.models import IntakeTemplate, JobFamily


def test_the_demo_seeds_one_template_per_job_family_once(db):
    seed_intake_templates()
    seed_intake_templates()
    families = sorted(IntakeTemplate.objects.values_list("job_family", flat=True))
    assert families == sorted(f.value for f in JobFamily)
