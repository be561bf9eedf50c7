"""Demo work waiting on this morning's home pages ("My work"), for every demo role.

The six months of history the other demo areas seed are mostly settled; this adds what a real
Monday holds, through the real services where people act and straight to the tables where a
seed must not e-mail made-up people (calendar cancellations, invitations):

- Meridian's client admin raises a draft (the recruiter's to submit, the client's draft), and
  Acme's hiring manager sends a new requisition back (the recruiter's to submit again);
- a candidate who applied through a careers site writes back (the recruiter's to answer);
- candidates reach an interview stage with nothing booked (the recruiter's and the
  coordinator's to schedule), and one cancels through their link (to reschedule);
- yesterday's interview waits for its scorecards (the panel's to write, overdue for the
  recruiter), and a candidate is shortlisted to Acme's hiring manager (to review);
- the client approves an offer (the recruiter's to send);
- an invitation of Meridian's expired unanswered (the client admin's to send again).

Idempotent: once Meridian's raised draft exists, nothing is added again.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client, Invitation, Membership, Notification, User
from outhire.accounts.roles import Role
from outhire.demo import jobs
from outhire.interviews import services as interviews
from outhire.interviews.models import Interview, Scorecard
from outhire.offers import services as offers
from outhire.offers.models import Offer, OfferApprovalRule
from outhire.pipeline import services as pipeline
from outhire.pipeline.communication.messaging import reply_log
from outhire.pipeline.models import Application, ApplicationAnswer
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule, Requisition, StageKind

RAISED_TITLE = "Night Shift Nurse"
SENT_BACK_TITLE = "Robotics Test Engineer"
Status = Application.Status


def seed_work() -> str:
    meridian = Client.objects.filter(slug="meridian-health").first()
    acme = Client.objects.filter(slug="acme-robotics").first()
    if meridian is None or acme is None:
        return "no demo clients"
    if Requisition.objects.filter(client=meridian, title=RAISED_TITLE).exists():
        return "already there"
    done = []
    with transaction.atomic():
        _history_read()
        done.append(_raised_draft(meridian))
        done.append(_sent_back(acme))
        done.append(_reply(meridian))
        for client in (meridian, acme):
            done.append(_to_schedule(client))
        done.append(_to_reschedule(meridian))
        done.append(_scorecards_due(meridian))
        done.append(_to_review(acme))
        done.append(_approved_offer(acme))
        done.append(_expired_invitation(meridian))
    return "; ".join(d for d in done if d)


# What the seeded six months told people, read long ago; today's notices stay unread.
HISTORY = [
    "requisition_submitted",
    "requisition_approved",
    "offer_approved",
    "offer_accepted",
    "interview_booked",
    "interview_moved",
    "interview_cancelled",
    "scorecard_submitted",
]


def _history_read() -> None:
    Notification.objects.filter(kind__in=HISTORY, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _member(client: Client, role: Role) -> User | None:
    found = Membership.objects.filter(client=client, role=role).select_related("user").first()
    return found.user if found else None


def _recruiter(client: Client) -> User:
    return _member(client, Role.RECRUITER) or User.objects.filter(provider_role=Role.ADMIN).first()


def _open_requisitions(client: Client):
    return Requisition.objects.filter(client=client, status=Requisition.Status.OPEN).order_by("pk")


def _raised_draft(client: Client) -> str:
    admin = _member(client, Role.CLIENT_ADMIN)
    if admin is None:
        return ""
    requisitions.requisition_create(
        client=client,
        by=admin,
        fields={
            "title": RAISED_TITLE,
            "department": "Clinical",
            "location": "Manchester",
            "country": "GB",
            "hiring_manager": _member(client, Role.HIRING_MANAGER),
            "description": jobs.description(
                client=client.name, industry=client.industry, title=RAISED_TITLE
            ),
        },
    )
    return "a draft raised by the client"


def _sent_back(client: Client) -> str:
    recruiter = _recruiter(client)
    rule = ApprovalRule.objects.filter(client=client).select_related("approver").first()
    if rule is None:
        return ""
    requisition = requisitions.requisition_create(
        client=client,
        by=recruiter,
        fields={
            "title": SENT_BACK_TITLE,
            "description": jobs.description(
                client=client.name, industry=client.industry, title=SENT_BACK_TITLE
            ),
            "must_have_skills": list(jobs.JOBS[SENT_BACK_TITLE].must_have),
            "nice_to_have_skills": list(jobs.JOBS[SENT_BACK_TITLE].nice_to_have),
            "hiring_manager": _member(client, Role.HIRING_MANAGER),
            "recruiters": [recruiter],
        },
    )
    requisitions.requisition_submit(requisition=requisition, by=recruiter)
    requisitions.approval_decide(
        requisition=requisition,
        by=rule.approver,
        approve=False,
        comment="Add the salary band before we approve, please.",
    )
    return "a requisition sent back"


def _reply(client: Client) -> str:
    """A candidate who applied through the careers site asks when they will hear back."""
    applied = ApplicationAnswer.objects.filter(client=client).values("application_id")
    application = (
        Application.objects.filter(pk__in=applied, status=Status.ACTIVE)
        .select_related("requisition")
        .order_by("pk")
        .first()
    )
    if application is None:
        return ""
    reply_log(
        application=application,
        subject="When will I hear back?",
        body="Hello, I applied last week and wondered how long the process usually takes.",
        by=_recruiter(client),
    )
    return "a candidate's reply"


def _to_schedule(client: Client) -> str:
    """Two candidates reach the interview stage of an open requisition, nothing booked yet;
    for the second an interview is planned, not yet offered to the candidate."""
    recruiter = _recruiter(client)
    moved = 0
    for requisition in _open_requisitions(client):
        stage = requisition.stages.filter(kind=StageKind.INTERVIEW, archived=False).first()
        if stage is None:
            continue
        earlier = [StageKind.SUBMITTED, StageKind.SCREEN, StageKind.APPLIED, StageKind.SOURCED]
        waiting = sorted(
            Application.objects.filter(
                requisition=requisition,
                status=Status.ACTIVE,
                stage__kind__in=earlier,
                interviews__isnull=True,
            ).select_related("stage"),
            key=lambda a: (earlier.index(a.stage.kind), a.pk),
        )
        for application in waiting[: 2 - moved]:
            application = pipeline.application_move(
                application=application, to_stage=stage, by=recruiter
            )
            if moved == 1:
                plan = requisition.interview_plans.first()
                panel = list(plan.interviewers.all()[:2]) if plan else []
                interviews.interview_create(
                    application=application,
                    by=recruiter,
                    interviewers=panel or [recruiter],
                    plan=plan,
                    fields={"title": "Structured interview", "duration_minutes": 60},
                )
            moved += 1
        if moved >= 2:
            break
    return f"{moved} interviews to schedule at {client.name}" if moved else ""


def _to_reschedule(client: Client) -> str:
    """A candidate cancels an upcoming interview through their link (written straight to the
    row: the real cancellation would e-mail the made-up panel)."""
    interview = (
        Interview.objects.filter(
            client=client, status=Interview.Status.SCHEDULED, application__status=Status.ACTIVE
        )
        .order_by("starts_at")
        .first()
    )
    if interview is None:
        return ""
    Interview.objects.filter(pk=interview.pk).update(
        status=Interview.Status.CANCELLED,
        cancel_reason="By the candidate: a family emergency, could we find another day?",
        sequence=interview.sequence + 1,
        updated_at=timezone.now() - timedelta(hours=5),
    )
    return "an interview to reschedule"


def _scorecards_due(client: Client) -> str:
    """Yesterday's interview: held, its scorecards not in (one past due)."""
    interview = (
        Interview.objects.filter(
            client=client, status=Interview.Status.SCHEDULED, application__status=Status.ACTIVE
        )
        .order_by("starts_at")
        .first()
    )
    if interview is None:
        return ""
    start = timezone.now() - timedelta(days=1, hours=4)
    Interview.objects.filter(pk=interview.pk).update(
        status=Interview.Status.COMPLETED,
        starts_at=start,
        ends_at=start + timedelta(minutes=interview.duration_minutes),
    )
    cards = list(interview.scorecards.order_by("pk"))
    for n, card in enumerate(cards):
        # The first is overdue (the feedback window has passed), the others due later today.
        due = timezone.now() - timedelta(hours=2) if n == 0 else timezone.now() + timedelta(hours=6)
        Scorecard.objects.filter(pk=card.pk).update(due_at=due)
    return f"{len(cards)} scorecards to write"


def _to_review(client: Client) -> str:
    """A candidate shortlisted to the hiring manager this morning."""
    recruiter = _recruiter(client)
    manager = _member(client, Role.HIRING_MANAGER)
    for requisition in _open_requisitions(client).filter(hiring_manager=manager):
        submitted = requisition.stages.filter(kind=StageKind.SUBMITTED, archived=False).first()
        application = (
            Application.objects.filter(
                requisition=requisition,
                status=Status.ACTIVE,
                stage__kind__in=[StageKind.SOURCED, StageKind.APPLIED, StageKind.SCREEN],
            )
            .order_by("pk")
            .first()
        )
        if submitted is not None and application is not None:
            pipeline.application_move(application=application, to_stage=submitted, by=recruiter)
            return "a candidate to review"
    return ""


def _approved_offer(client: Client) -> str:
    """The declined offer is renegotiated up to the top of the band and the client's chain
    approves the new terms: the recruiter's to send."""
    declined = (
        Offer.objects.filter(client=client, status=Offer.Status.DECLINED, superseded=False)
        .select_related("application__requisition")
        .first()
    )
    if declined is None or declined.application.status != Status.ACTIVE:
        return ""
    recruiter = _recruiter(client)
    top = declined.application.requisition.salary_max or declined.base_salary
    offer = offers.offer_renegotiate(offer=declined, by=recruiter, fields={"base_salary": top})
    offers.offer_submit(offer=offer, by=recruiter)
    for rule in OfferApprovalRule.objects.filter(client=client).select_related("approver"):
        offer.refresh_from_db()
        if offer.status != Offer.Status.PENDING_APPROVAL:
            break
        offers.offer_decide(offer=offer, by=rule.approver, approve=True, comment="Fine by us.")
    return "an approved offer to send"


def _expired_invitation(client: Client) -> str:
    admin = _member(client, Role.CLIENT_ADMIN)
    if admin is None:
        return ""
    now = timezone.now()
    Invitation.objects.create(
        client=client,
        email="priya.patel@meridian-health.example",
        full_name="Priya Patel",
        role=Role.INTERVIEWER,
        invited_by=admin,
        created_at=now - timedelta(days=12),
        expires_at=now - timedelta(days=5),
    )
    return "an expired invitation"
