"""Demo hiring: for each demo client an engagement, requisitions in every state, applications.

Requisitions are spread over the last six months: a draft, one waiting for the hiring manager's
approval, open ones, one on hold, a filled one and a cancelled one. Demo candidates travel the
pipeline through the real services with past timestamps (`at=`), so stage events and KPIs look
like six months of work: some hired (filling openings), some rejected with a reason, some
withdrawn, the rest still in progress. A few comments, notifications and e-mail templates too.

The services stamp requisition transitions with the current time; the seed moves those stamps
back afterwards, which only a seed may do. Idempotent: a client whose demo engagement exists
is left alone. Moves recorded in the past send no e-mail (see `messaging.BACKDATED_AFTER`).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Client, Membership, Notification, User
from outhire.accounts.roles import Role
from outhire.candidates.models import Candidate
from outhire.demo import jobs
from outhire.demo.people import family_tag
from outhire.demo.words import FAMILIES
from outhire.engagements.models import FULL_CYCLE, Engagement
from outhire.pipeline import services as pipeline
from outhire.pipeline.communication.defaults import message_templates_ensure
from outhire.pipeline.models import Application, Comment
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import (
    ApprovalRule,
    DispositionReason,
    Opening,
    Requisition,
    RequisitionEvent,
)

SEED = 20260601
APPLICATIONS_PER_REQUISITION = 7
Status = Requisition.Status

# (fee model, fee fields, SLA targets) per client
ENGAGEMENTS = {
    "meridian-health": (
        "hybrid",
        {
            "monthly_fee": Decimal("18000"),
            "per_hire_fee": Decimal("2500"),
            # A 90-day replacement guarantee, the fee credited pro rata (docs/billing.md).
            "guarantee_days": 90,
            "guarantee_remedy": "credit_prorata",
        },
        {"sla_days_to_first_shortlist": 10, "sla_days_to_fill": 45, "sla_feedback_hours": 48},
    ),
    "acme-robotics": (
        "percent_salary",
        {"salary_percent": Decimal("15")},
        {"sla_days_to_first_shortlist": 7, "sla_days_to_fill": 40, "sla_feedback_hours": 48},
    ),
    "borealis-bank": (
        "management_fee",
        {"monthly_fee": Decimal("25000")},
        {"sla_days_to_first_shortlist": 14, "sla_days_to_fill": 50, "sla_feedback_hours": 72},
    ),
    "harbor-logistics": (
        "per_hire",
        {"per_hire_fee": Decimal("4000")},
        {"sla_days_to_first_shortlist": 5, "sla_days_to_fill": 30, "sla_feedback_hours": 24},
    ),
}

# One title per state, in this order: draft, pending, open, open, on hold, filled, cancelled.
STATES = [
    Status.DRAFT,
    Status.PENDING_APPROVAL,
    Status.OPEN,
    Status.OPEN,
    Status.ON_HOLD,
    Status.FILLED,
    Status.CANCELLED,
]
# Where the n-th requisition is (ISO 3166-1 country): the US jobs ask the voluntary EEO
# self-identification questions (outhire.privacy.self_id), the others ask none. The first open
# one and the filled one are in the US, so the bias audit has answers to count.
PLACES = [("Manchester", "GB"), ("Boston", "US"), ("Austin", "US"), ("Berlin", "DE")]
# Every title is a job of `demo.jobs` (its description, skills and related role families).
TITLES = {
    "healthcare": ["Ward Manager", "ICU Nurse", "Staff Nurse", "Paediatric Nurse",
                   "Community Nurse", "Clinical Data Analyst", "Theatre Nurse"],
    "technology": ["Robotics Engineer", "Senior Python Engineer", "Controls Engineer",
                   "Mechanical Design Engineer", "Field Service Technician", "Data Engineer",
                   "Quality Engineer"],
    "finance": ["Risk Analyst", "Relationship Manager", "Financial Accountant",
                "Compliance Officer", "Branch Manager", "Credit Analyst", "Internal Auditor"],
    "logistics": ["Warehouse Shift Lead", "Transport Planner", "Customs Specialist",
                  "Operations Manager", "Forklift Driver", "Fleet Coordinator",
                  "Inventory Controller"],
}  # fmt: skip
# Most of a job's applicants do that kind of work; the others are people trying their luck.
RELATED_APPLICANTS = 5


COMMENTS = [
    ("staff", False, "@{manager} the first shortlist goes out this week; three strong profiles."),
    ("manager", False, "Thanks. Please prioritise people who can start within two months."),
    ("staff", True, "Band is tight for this market; expect counter-offers."),
]


@dataclass
class HiringReport:
    clients: int = 0
    requisitions: int = 0
    applications: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        if not self.clients:
            return "No new hiring data: the demo clients already have theirs."
        return (
            f"{self.requisitions} requisitions and {self.applications} applications for "
            f"{self.clients} clients in {self.seconds:.1f} s."
        )


def seed_hiring(*, clients: list[Client] | None = None, seed: int = SEED) -> HiringReport:
    """Give each demo client that has none yet its engagement, requisitions and applications."""
    started = time.perf_counter()
    report = HiringReport()
    rng = random.Random(seed)  # noqa: S311 - a made-up history
    now = timezone.now()
    candidate_ids = list(Candidate.objects.active().order_by("pk").values_list("pk", flat=True))
    used: set[int] = set(Application.objects.values_list("candidate_id", flat=True))
    clients = clients if clients is not None else list(Client.objects.order_by("pk"))
    for client in clients:
        if client.slug not in ENGAGEMENTS or _engagement_exists(client):
            continue
        with transaction.atomic():
            free = [pk for pk in candidate_ids if pk not in used]
            made = _seed_client(client, rng, now, free)
            used.update(a.candidate_id for a in made)
        report.clients += 1
        report.requisitions += len(STATES)
        report.applications += len(made)
    report.seconds = time.perf_counter() - started
    return report


def _engagement_exists(client: Client) -> bool:
    return Engagement.objects.filter(client=client, name=_engagement_name(client)).exists()


def _engagement_name(client: Client) -> str:
    return f"{client.name} RPO programme"


def _people(client: Client) -> tuple[User, User | None, User | None]:
    """(the provider staff member who recruits, the hiring manager, the client admin)."""
    memberships = list(Membership.objects.filter(client=client).select_related("user"))
    by_role = {m.role: m.user for m in memberships}
    # The client's recruiter works its requisitions; else whoever of the provider serves it.
    staff = by_role.get(Role.RECRUITER)
    staff = staff or next((m.user for m in memberships if Role(m.role).is_provider), None)
    staff = staff or User.objects.filter(provider_role=Role.ADMIN).order_by("pk").first()
    return staff, by_role.get(Role.HIRING_MANAGER), by_role.get(Role.CLIENT_ADMIN)


def _seed_client(client: Client, rng: random.Random, now: datetime, free: list[int]):
    staff, manager, admin = _people(client)
    approver = manager or admin
    fee_model, fees, slas = ENGAGEMENTS[client.slug]
    engagement = Engagement(
        client=client,
        name=_engagement_name(client),
        functions=FULL_CYCLE,
        starts_on=(now - timedelta(days=200)).date(),
        account_lead=staff,
        fee_model=fee_model,
        sla_min_offer_acceptance=Decimal("85"),
        sla_min_candidate_nps=30,
        created_at=now - timedelta(days=200),
        **fees,
        **slas,
    )
    engagement.full_clean()
    engagement.save()
    requisitions.dispositions_ensure(client)
    if approver is not None:
        ApprovalRule.objects.get_or_create(
            client=client, approver=approver, defaults={"position": 1}
        )
    reasons = {
        kind: list(DispositionReason.objects.filter(client=client, applies_to=kind))
        for kind in ("rejected", "withdrawn")
    }
    titles = TITLES.get(client.industry, TITLES["technology"])
    families = _families(free)
    made: list[Application] = []
    for n, (title, state) in enumerate(zip(titles, STATES, strict=False)):
        start = now - timedelta(days=rng.randint(25, 175))
        requisition = _requisition(client, engagement, staff, manager, approver, title, start, n)
        if state == Status.DRAFT:
            _backdate(requisition, start, [])
            continue
        if state == Status.PENDING_APPROVAL and approver is not None:
            requisitions.requisition_submit(requisition=requisition, by=staff)
            _backdate(requisition, start, [start + timedelta(days=1)])
            continue
        requisitions.requisition_submit(requisition=requisition, by=staff)
        if requisition.status == Status.PENDING_APPROVAL:
            requisitions.approval_decide(requisition=requisition, by=approver, approve=True)
        opened = start + timedelta(days=2)
        picks = _picks(free, families, jobs.JOBS[title].families)
        taken = set(picks)
        free[:] = [pk for pk in free if pk not in taken]
        hire = state == Status.FILLED or n == 2  # the first open one has one of two seats filled
        made += _applications(requisition, staff, picks, rng, opened, now, reasons, hire=hire)
        times = [start + timedelta(days=1), opened]
        if state == Status.ON_HOLD:
            requisitions.requisition_hold(
                requisition=requisition, by=staff, reason="Budget review by the client"
            )
            times.append(now - timedelta(days=rng.randint(3, 10)))
        elif state == Status.CANCELLED:
            requisitions.requisition_cancel(
                requisition=requisition, by=staff, reason="The team was reorganised"
            )
            times.append(now - timedelta(days=rng.randint(3, 10)))
        _backdate(requisition, start, times)
        if state == Status.OPEN:
            _comments(requisition, staff, manager or admin, opened, rng)
    _templates(client)
    return made


def _families(candidate_ids: list[int]) -> dict[int, str]:
    """Candidate id -> the role family (`demo.words.FAMILIES` key) its demo tag names."""
    by_tag = {family_tag(f): key for key, f in FAMILIES.items()}
    tagged = Candidate.tags.through.objects.filter(
        candidate_id__in=candidate_ids, tag__name__in=list(by_tag)
    ).values_list("candidate_id", "tag__name")
    return {pk: by_tag[name] for pk, name in tagged}


def _picks(free: list[int], families: dict[int, str], related: tuple[str, ...]) -> list[int]:
    """The applicants of a job: a few others first, then people of a related family (the
    last pick is the one hired, when someone is)."""
    fitting = [pk for pk in free if families.get(pk) in related][:RELATED_APPLICANTS]
    others = [pk for pk in free if pk not in fitting]
    return others[: APPLICATIONS_PER_REQUISITION - len(fitting)] + fitting


def _requisition(client, engagement, staff, manager, approver, title, start, n) -> Requisition:
    requisition = requisitions.requisition_create(
        client=client,
        by=staff,
        fields={
            "title": title,
            "engagement": engagement,
            "department": ["Operations", "Engineering", "Clinical", "Finance"][n % 4],
            "location": PLACES[n % len(PLACES)][0],
            "country": PLACES[n % len(PLACES)][1],
            "openings": 2 if n == 2 else 1,
            "priority": ["normal", "high", "normal", "critical", "low", "normal", "normal"][n],
            "hiring_manager": manager,
            "recruiters": [staff],
            "salary_min": Decimal(40000 + 5000 * n),
            "salary_max": Decimal(52000 + 5000 * n),
            "description": jobs.description(
                client=client.name, industry=client.industry, title=title
            ),
            "must_have_skills": list(jobs.JOBS[title].must_have),
            "nice_to_have_skills": list(jobs.JOBS[title].nice_to_have),
            "created_at": start,
        },
    )
    return requisition


def _applications(requisition, staff, picks, rng, opened, now, reasons, *, hire) -> list:
    stages = list(requisition.stages.filter(archived=False))
    hired_stage = next(s for s in stages if s.kind == "hired")
    before_hired = [s for s in stages if s.kind != "hired"]
    latest = now - timedelta(hours=3)
    made = []
    hired_index = len(picks) - 1 if hire else -1  # last, so the others could still apply
    hired_at = None
    for i, candidate_id in enumerate(picks):
        candidate = Candidate.objects.get(pk=candidate_id)
        at = min(opened + timedelta(days=rng.randint(0, 20), hours=rng.randint(8, 17)), latest)
        # Nobody applies before they are in the talent network.
        at = min(
            max(at, candidate.created_at + timedelta(hours=1)),
            max(latest, candidate.created_at + timedelta(minutes=1)),
        )
        from_site = rng.random() < 0.5
        application = pipeline.application_create(
            requisition=requisition,
            candidate=candidate,
            by=staff,
            source="careers_site" if from_site else "",
            at=at,
        )
        made.append(application)
        position = next(n for n, s in enumerate(before_hired) if s.pk == application.stage_id)
        if i == hired_index:
            depth = len(before_hired) - 1
        else:
            depth = rng.randint(position, len(before_hired) - 1)
        for stage in before_hired[position + 1 : depth + 1]:
            at = min(at + timedelta(days=rng.randint(2, 9), hours=rng.randint(0, 6)), latest)
            pipeline.application_move(application=application, to_stage=stage, by=staff, at=at)
        at = min(at + timedelta(days=rng.randint(2, 7)), latest)
        if i == hired_index:
            hired_at = at
            pipeline.application_move(
                application=application, to_stage=hired_stage, by=staff, at=at
            )
            Opening.objects.filter(filled_by=application).update(filled_at=at)
            Requisition.objects.filter(pk=requisition.pk, status=Status.FILLED).update(closed_at=at)
            RequisitionEvent.objects.filter(
                requisition=requisition, to_status=Status.FILLED
            ).update(at=at)
            continue
        roll = rng.random()
        if roll < 0.35:
            pipeline.application_reject(
                application=application,
                by=staff,
                disposition=rng.choice(reasons["rejected"]),
                at=at,
            )
        elif roll < 0.5:
            pipeline.application_reject(
                application=application,
                by=staff,
                disposition=rng.choice(reasons["withdrawn"]),
                withdrawn=True,
                at=at,
            )
    requisition.refresh_from_db()
    if hired_at is not None and requisition.status == Status.FILLED:
        filled = next(r for r in reasons["rejected"] if r.name.startswith("Position filled"))
        for application in made:
            application.refresh_from_db()
            if application.is_active:
                at = min(max(application.moved_at, hired_at) + timedelta(hours=2), latest)
                pipeline.application_reject(
                    application=application, by=staff, disposition=filled, at=at
                )
    return made


def _backdate(requisition: Requisition, start: datetime, times: list[datetime]) -> None:
    """Move the stamps the services set to now back to the seeded history."""
    events = list(RequisitionEvent.objects.filter(requisition=requisition).order_by("at", "pk"))
    stamps = [start, *times]
    for event, at in zip(events, stamps, strict=False):
        if event.to_status != Status.FILLED:
            RequisitionEvent.objects.filter(pk=event.pk).update(at=at)
    fields = {"created_at": start}
    if requisition.status not in {Status.DRAFT, Status.PENDING_APPROVAL} and len(times) > 1:
        fields.update(approved_at=times[1], opened_at=times[1])
        Opening.objects.filter(requisition=requisition).update(opened_at=times[1])
    if requisition.status in {Status.ON_HOLD, Status.CANCELLED} and len(times) > 2:
        fields["closed_at"] = times[2] if requisition.status == Status.CANCELLED else None
    Requisition.objects.filter(pk=requisition.pk).update(**fields)


def _comments(requisition, staff, manager, opened, rng) -> None:
    if manager is None:
        return
    at = opened
    for who, internal, text in COMMENTS:
        at = at + timedelta(days=rng.randint(1, 4))
        author = staff if who == "staff" else manager
        comment = Comment.objects.create(
            client_id=requisition.client_id,
            requisition=requisition,
            author=author,
            body=text.format(manager=manager.full_name),
            internal=internal,
            created_at=at,
        )
        if "@" in text:
            comment.mentions.add(manager)
            Notification.objects.create(
                user=manager,
                client_id=requisition.client_id,
                text=f"{staff} mentioned you in a comment on “{requisition.title}”",
                url=reverse("pipeline:requisition_comments", args=[requisition.pk]),
                created_at=at,
            )


def _templates(client: Client) -> None:
    message_templates_ensure(client=client)
