"""Demo analytics: a workforce plan per client, survey answers, and the aggregates built.

Safe to re-run: plan rows are replaced, surveys are keyed by their trigger.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

PLAN = [
    # role family, quarter offset, target, current, attrition % per quarter
    ("professional", 1, 14, 11, Decimal("4")),
    ("specialist", 1, 9, 7, Decimal("3")),
    ("manager", 2, 4, 3, Decimal("2")),
    ("specialist", 2, 11, 9, Decimal("3")),
]
COMMENTS = ["Quick and friendly.", "Clear about the next steps.", "Took a while to hear back.", ""]


def seed_analytics() -> str:
    from outhire.accounts.models import Client
    from outhire.analytics.aggregates import aggregates_rebuild
    from outhire.analytics.models import CandidateSurvey, SurveySettings, WorkforcePlan
    from outhire.pipeline.models import Application

    rng = random.Random(2026)  # noqa: S311 - demo data, not a secret
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    plans = surveys = 0
    for client in Client.objects.filter(is_active=True).order_by("pk"):
        SurveySettings.objects.get_or_create(client=client)
        for family, offset, target, current, attrition in PLAN:
            q = quarter - 1 + offset
            WorkforcePlan.objects.update_or_create(
                client=client,
                job_family=family,
                year=today.year + q // 4,
                quarter=q % 4 + 1,
                defaults={
                    "target_headcount": target,
                    "current_headcount": current,
                    "attrition_rate": attrition,
                },
            )
            plans += 1
        applications = list(
            Application.objects.filter(client=client).order_by("pk").values_list("pk", flat=True)
        )[:30]
        for n, application_id in enumerate(applications):
            # Answers spread over the last six months, so the NPS trend has a shape.
            answered = timezone.now() - timedelta(days=rng.randint(0, 180))
            _, made = CandidateSurvey.objects.get_or_create(
                trigger=f"demo:{application_id}",
                defaults={
                    "client": client,
                    "application_id": application_id,
                    "moment": ["applied", "interview", "rejected", "hired"][n % 4],
                    "created_at": answered - timedelta(days=1),
                    "sent_at": answered - timedelta(days=1),
                    "score": rng.choices(range(11), weights=[1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 8])[0],
                    "comment": rng.choice(COMMENTS),
                    "responded_at": answered,
                },
            )
            surveys += made
    requisitions = aggregates_rebuild()
    return (
        f"{plans} workforce plan rows, {surveys} survey answers, aggregates of "
        f"{requisitions} requisitions"
    )
