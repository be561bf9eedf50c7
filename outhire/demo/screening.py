"""Demo screening data: an assessment with a few results, and voluntary self-identification on
the demo clients' applications so the bias audit has something to show.

Through the real services where a person would act (building, answering, reviewing). Idempotent:
a client that has assessments is left alone; self-identification is added only where missing.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client, User
from outhire.pipeline.models import Application
from outhire.privacy.models import DECLINED, SelfIdentification
from outhire.privacy.self_id import QUESTION_SETS
from outhire.requisitions.models import Requisition
from outhire.screening import assessment_scoring as scoring
from outhire.screening import assessments as services
from outhire.screening.bias import RACES, SEXES
from outhire.screening.models import Assessment, AssessmentSitting

CLIENT_SLUGS = ("acme-robotics", "meridian-health")
QUESTIONS = [
    {
        "kind": "choice",
        "area": "skills",
        "prompt": "How would you check a production change before it goes live?",
        "options": [
            {"label": "Peer review and automated tests", "points": 4, "flag": False},
            {"label": "Test it by hand on my machine", "points": 2, "flag": False},
            {"label": "Deploy and watch for complaints", "points": 0, "flag": True},
        ],
    },
    {
        "kind": "rating",
        "area": "motivators",
        "prompt": "How much do you enjoy learning a new tool on the job?",
        "anchors": ["Not at all", "A little", "Somewhat", "Much", "Very much"],
        "flag_at_or_below": 1,
        "max_points": 5,
    },
    {
        "kind": "text",
        "area": "values",
        "prompt": "Tell us about a time you disagreed with a colleague. What happened?",
        "rubric": "5: specific, respectful, owns their part; 3: general but fair; "
        "0: blames others or no example.",
        "max_points": 5,
        "required": False,
    },
]
ANSWERS = [
    {
        0: scoring.Answer(choice=0),
        1: scoring.Answer(rating=5),
        2: scoring.Answer(
            text=(
                "We disagreed on a release date; I laid out the risks, we agreed to ship a smaller "
                "first version and I wrote the tests that made it safe."
            )
        ),
    },
    {0: scoring.Answer(choice=2), 1: scoring.Answer(rating=1)},
]


def seed_screening() -> str:
    started = time.perf_counter()
    assessments = sittings = self_ids = 0
    staff = User.objects.filter(provider_role="recruiter").order_by("pk").first()
    staff = staff or User.objects.filter(provider_role="admin").order_by("pk").first()
    for client in Client.objects.filter(slug__in=CLIENT_SLUGS).order_by("pk"):
        with transaction.atomic():
            self_ids += _self_identification(client)
            if staff is None or Assessment.objects.filter(client=client).exists():
                continue
            made = _assessment(client, staff)
            if made:
                assessments += 1
                sittings += made
    return (
        f"{assessments} assessments with {sittings} sittings, {self_ids} self-identification "
        f"answers in {time.perf_counter() - started:.1f} s"
    )


def _assessment(client: Client, staff: User) -> int:
    requisition = (
        Requisition.objects.filter(client=client, status=Requisition.Status.OPEN)
        .order_by("pk")
        .first()
    )
    if requisition is None:
        return 0
    assessment = services.assessment_create(
        client=client,
        fields={
            "name": "Engineering practices and motivation",
            "introduction": "Three short questions; about ten minutes.",
            "requisition": requisition,
            "days_valid": 10,
        },
        by=staff,
    )
    for question in QUESTIONS:
        services.question_add(assessment=assessment, fields=dict(question), by=staff)
    applications = list(
        Application.objects.filter(requisition=requisition, status=Application.Status.ACTIVE)
        .select_related("candidate")
        .order_by("pk")[:3]
    )
    now = timezone.now()
    possible = sum(q.possible_points for q in assessment.questions.all())
    for n, application in enumerate(applications):
        sitting = AssessmentSitting.objects.create(
            client=client,
            assessment=assessment,
            application=application,
            sent_by=staff,
            sent_at=now - timedelta(days=3),
            expires_at=now + timedelta(days=7),
            possible_points=possible,
        )
        if n < len(ANSWERS):
            questions = list(assessment.questions.all())
            answers = {questions[i].pk: a for i, a in ANSWERS[n].items()}
            services.answers_save(sitting=sitting, answers=answers, finish=True)
            sitting.refresh_from_db()
            if sitting.needs_review:
                text = sitting.answers.get(question__kind="text")
                services.sitting_review(
                    sitting=sitting, points={text.pk: 4}, notes={text.pk: "Specific."}, by=staff
                )
    return len(applications)


def _self_identification(client: Client) -> int:
    """Voluntary answers on applications to US jobs that have none: most answer, some decline."""
    rng = random.Random(client.pk)  # noqa: S311 - made-up demo answers
    # Only applications to jobs whose country asks the questions (privacy.self_id).
    missing = Application.objects.filter(
        client=client,
        self_identification__isnull=True,
        requisition__country__in=list(QUESTION_SETS),
    )
    rows = []
    for application in missing.order_by("pk"):
        declined = rng.random() < 0.15
        rows.append(
            SelfIdentification(
                client=client,
                application=application,
                sex=DECLINED if declined else rng.choice(SEXES),
                race_ethnicity=DECLINED if declined else rng.choice(RACES[:5]),
            )
        )
    SelfIdentification.objects.bulk_create(rows)
    return len(rows)
