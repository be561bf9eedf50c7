"""Demo offers: per demo client with open requisitions, offers in several states and a hire.

Through the real services: an offer approval chain (the hiring manager, then the client admin),
an above-band approver, a draft, one waiting for approval, one sent, one declined, and one
accepted by the candidate, which hires them (filling an opening) and makes the checkpoints.
The hire is then dated back (only a seed may) so its 30- and 90-day checkpoints are answered,
and its pre-boarding checklist is completed by each party (outhire/demo/preboarding.py).
Each client also gets a webhook endpoint on a closed local port, so the deliveries page shows
failed attempts and retries. Idempotent: a client that has offers is left alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role
from outhire.demo.preboarding import seed_checklist
from outhire.offers import hires, services
from outhire.offers.models import Hire, Offer, OfferApprovalRule, OfferSettings, PostHireReview
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_move
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Requisition, StageKind
from outhire.webhooks.models import Endpoint
from outhire.webhooks.services import endpoint_create

CLIENT_SLUGS = ("acme-robotics", "meridian-health")
# Nothing listens on the discard port: deliveries fail at once and are retried.
DEMO_HOOK = "http://127.0.0.1:9/outhire-demo-hr-system"
STATES = ("accepted", "sent", "pending_approval", "declined", "draft")


@dataclass
class OffersReport:
    offers: int = 0
    hires: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.offers} offers, {self.hires} hires in {self.seconds:.1f} s"


def seed_offers(*, clients: list[Client] | None = None) -> OffersReport:
    started = time.perf_counter()
    report = OffersReport()
    clients = (
        clients
        if clients is not None
        else list(Client.objects.filter(slug__in=CLIENT_SLUGS).order_by("pk"))
    )
    for client in clients:
        if Offer.objects.filter(client=client).exists():
            continue
        with transaction.atomic():
            offers, hires = _seed_client(client)
        report.offers += offers
        report.hires += hires
    report.seconds = time.perf_counter() - started
    return report


def _people(client: Client) -> tuple[User | None, User | None, User | None]:
    by_role = {
        m.role: m.user for m in Membership.objects.filter(client=client).select_related("user")
    }
    staff = next((u for r, u in by_role.items() if Role(r).is_provider), None)
    staff = staff or User.objects.filter(provider_role=Role.ADMIN).order_by("pk").first()
    return staff, by_role.get(Role.HIRING_MANAGER), by_role.get(Role.CLIENT_ADMIN)


def _candidates_for_offers(client: Client, count: int, by: User) -> list[Application]:
    """Active applications of open requisitions, furthest along first.

    The last one (the offer that gets accepted) is from a requisition with two free openings
    or more, so the hire leaves it open: a filled requisition has no active applications. When
    no requisition has two, the client decides to hire one more on the first that has people.
    """
    chosen: list[Application] = []
    spare: Application | None = None
    for requisition in Requisition.objects.filter(client=client, status=Requisition.Status.OPEN):
        free = requisition.opening_set.filter(filled_at__isnull=True).count()
        if not free:
            continue
        active = [
            a
            for a in Application.objects.filter(requisition=requisition, status="active")
            .select_related("stage", "candidate", "requisition")
            .order_by("-stage__position", "pk")
            if a.candidate.email
        ]
        if spare is None and free >= 2 and active:
            spare = active.pop(0)
        chosen += active[: max(0, count - 1 - len(chosen))]
    if spare is None and chosen:
        spare = chosen.pop(0)
        requisition = spare.requisition
        requisitions.requisition_update(
            requisition=requisition, fields={"openings": requisition.openings + 1}, by=by
        )
    if spare is None:
        return []
    return [spare, *chosen]


def _seed_client(client: Client) -> tuple[int, int]:
    staff, manager, admin = _people(client)
    if staff is None:
        return 0, 0
    applications = _candidates_for_offers(client, len(STATES), staff)
    if not applications:
        return 0, 0
    for n, approver in enumerate([u for u in (manager, admin) if u], start=1):
        OfferApprovalRule.objects.get_or_create(
            client=client, approver=approver, defaults={"position": n}
        )
    settings_ = OfferSettings.for_client(client)
    settings_.above_band_approver = staff
    settings_.save()
    if not Endpoint.objects.filter(client=client).exists():
        endpoint_create(
            client=client,
            url=DEMO_HOOK,
            events=["offer.accepted", "hire.created", "handoff.created", "preboarding.completed"],
            description="Demo HR system (nothing listens: shows failed attempts and retries)",
            by=admin or staff,
        )
    offers = []
    today = timezone.localdate()
    # Moves recorded hours ago, like the rest of the demo's history, e-mail no one.
    past = timezone.now() - timedelta(hours=3)
    for application in applications:
        requisition = application.requisition
        if application.stage.kind != StageKind.OFFER:
            application = application_move(
                application=application,
                to_stage=requisition.stages.get(kind=StageKind.OFFER, archived=False),
                by=staff,
                at=past,
            )
        band_top = requisition.salary_max or Decimal("60000")
        offers.append(
            services.offer_create(
                application=application,
                fields={
                    "base_salary": (band_top * Decimal("0.95")).quantize(Decimal("100")),
                    "currency": requisition.salary_currency,
                    "pay_period": "year",
                    "bonus": "up to 10% of base pay",
                    "other_terms": "25 days of paid holiday; hybrid work two days a week.",
                    "start_date": today + timedelta(days=35),
                    "expires_on": today + timedelta(days=10),
                },
                by=staff,
            )
        )
    # The first is accepted; the others take the next states, as many as there are people.
    by_state = dict(zip(STATES, offers, strict=False))
    approvers = [r.approver for r in OfferApprovalRule.objects.filter(client=client)]
    for state, offer in by_state.items():
        if state == "draft":
            continue
        services.offer_submit(offer=offer, by=staff, notify=False)
        if state == "pending_approval":
            continue
        for approver in approvers:
            services.offer_decide(
                offer=offer, by=approver, approve=True, comment="Within band.", notify=False
            )
        services.offer_send(offer=offer, by=staff, email_candidate=False)
    if "declined" in by_state:
        services.offer_decline(
            offer=by_state["declined"], reason="Accepted a counter-offer from my employer.", ip=None
        )
    accepted = by_state["accepted"]
    candidate = accepted.application.candidate
    hire = services.offer_accept(
        offer=accepted, typed_name=candidate.full_name, ip=None, at=past + timedelta(hours=1)
    )
    _age_hire(hire, days=100, by=approvers[0] if approvers else staff)
    seed_checklist(hire, staff=staff, client_user=admin or manager)
    return len(offers), 1


def _age_hire(hire: Hire, *, days: int, by: User) -> None:
    """Date the demo hire back so its first checkpoints have come and been answered."""
    start = timezone.localdate() - timedelta(days=days)
    Hire.objects.filter(pk=hire.pk).update(start_date=start)
    for review in PostHireReview.objects.filter(hire=hire):
        PostHireReview.objects.filter(pk=review.pk).update(
            due_on=start + timedelta(days=review.day)
        )
    for day, (performance, satisfaction) in {30: (3, 4), 90: (4, 5)}.items():
        review = PostHireReview.objects.filter(hire=hire, day=day).first()
        if review is not None:
            hires.review_submit(
                review=review,
                by=by,
                still_employed=True,
                performance=performance,
                satisfaction=satisfaction,
                would_hire_again=True,
                comment="Settled in well.",
            )
