"""Demo interviews: a plan per requisition, past interviews scored, a few booked ahead.

Written straight to the tables (as the pipeline demo backdates its events): a seeded history
must not e-mail invitations to made-up people. Safe to re-run: a client with an interview plan
keeps what it has.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client, Membership
from outhire.accounts.roles import Role
from outhire.interviews.models import Interview, InterviewPlan, Rating, Scorecard
from outhire.interviews.services import feedback_sla_hours
from outhire.pipeline.models import Application
from outhire.requisitions.models import KIND_ORDER, Competency, Requisition

SEED = 7
QUESTIONS = [
    "Tell us about a piece of work you are proud of and your part in it.",
    "Describe a time you disagreed with a colleague. What happened?",
    "How would you approach your first ninety days in this role?",
]
DEFAULT_COMPETENCIES = ["Role knowledge", "Problem solving", "Collaboration"]
VERDICTS = ["strong_no", "no", "yes", "yes", "strong_yes"]


def seed_interviews(*, seed: int = SEED) -> str:
    rng = random.Random(seed)  # noqa: S311 - a made-up history
    now = timezone.now()
    plans = interviews = 0
    for client in Client.objects.order_by("pk"):
        if InterviewPlan.objects.filter(client=client).exists():
            continue
        panel = _panel(client)
        if not panel:
            continue
        with transaction.atomic():
            for requisition in Requisition.objects.filter(client=client).order_by("pk"):
                plan = _plan(requisition, panel)
                if plan is None:
                    continue
                plans += 1
                interviews += _interviews(requisition, plan, panel, rng, now)
    return f"{plans} interview plans and {interviews} interviews."


def _panel(client: Client) -> list:
    """Who interviews for this client in the demo: its hiring managers, interviewers, recruiter."""
    roles = [Role.HIRING_MANAGER, Role.INTERVIEWER, Role.RECRUITER]
    memberships = Membership.objects.filter(client=client, role__in=roles).select_related("user")
    return [m.user for m in memberships.order_by("role", "pk")][:3]


def _plan(requisition: Requisition, panel: list) -> InterviewPlan | None:
    stage = requisition.stages.filter(kind="interview").first()
    if stage is None:
        return None
    competencies = list(requisition.competencies.all())
    if not competencies:
        competencies = [
            Competency.objects.create(
                client_id=requisition.client_id, requisition=requisition, name=name, position=n
            )
            for n, name in enumerate(DEFAULT_COMPETENCIES)
        ]
    plan = InterviewPlan.objects.create(
        client_id=requisition.client_id,
        requisition=requisition,
        stage=stage,
        name="Structured interview",
        kind="video",
        duration_minutes=60,
        questions=QUESTIONS,
        video_url="https://meet.example.com/outhire-demo",
    )
    plan.interviewers.set(panel)
    plan.competencies.set(competencies[:4])
    return plan


def _interviews(requisition, plan, panel, rng, now) -> int:
    applications = Application.objects.filter(requisition=requisition).select_related("stage")
    past_interview = [a for a in applications if KIND_ORDER[a.stage.kind] > KIND_ORDER["interview"]]
    # Those heading for an interview: at the interview stage first, then shortlisted ones.
    ahead = ("interview", "assessment", "submitted")
    at_interview = sorted(
        (a for a in applications if a.stage.kind in ahead and a.is_active),
        key=lambda a: ahead.index(a.stage.kind),
    )
    competencies = list(plan.competencies.all())
    hours = feedback_sla_hours(requisition)
    made = 0
    for application in past_interview[:4]:
        start = application.moved_at - timedelta(days=rng.randint(3, 10))
        interview = _interview(application, plan, start, Interview.Status.COMPLETED)
        _cards(interview, panel, competencies, rng, hours, submitted=True)
        made += 1
    for n, application in enumerate(at_interview[:3]):
        day = (now + timedelta(days=2 + n)).date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime.combine(day, time(10 + n), tzinfo=timezone.get_current_timezone())
        interview = _interview(application, plan, start, Interview.Status.SCHEDULED)
        _cards(interview, panel, competencies, rng, hours, submitted=False)
        made += 1
    return made


def _interview(application, plan, start, status) -> Interview:
    return Interview.objects.create(
        client_id=application.client_id,
        application=application,
        plan=plan,
        title=plan.name,
        kind=plan.kind,
        duration_minutes=plan.duration_minutes,
        status=status,
        starts_at=start,
        ends_at=start + timedelta(minutes=plan.duration_minutes),
        time_zone="Europe/London",
        video_url=plan.video_url,
        created_at=start - timedelta(days=4),
        updated_at=start - timedelta(days=4),
    )


def _cards(interview, panel, competencies, rng, hours, *, submitted: bool) -> None:
    for user in panel:
        card = Scorecard.objects.create(
            client_id=interview.client_id,
            interview=interview,
            interviewer=user,
            due_at=interview.ends_at + timedelta(hours=hours),
        )
        if not submitted:
            continue
        card.recommendation = rng.choice(VERDICTS)
        card.notes = "Clear examples; would like to probe depth in a second round."
        card.submitted_at = interview.ends_at + timedelta(hours=rng.randint(2, hours + 12))
        card.save(update_fields=["recommendation", "notes", "submitted_at"])
        Rating.objects.bulk_create(
            Rating(
                client_id=interview.client_id,
                scorecard=card,
                competency=c,
                score=rng.randint(2, 4),
            )
            for c in competencies
        )
