"""Reads of the portal: only ever through the signed-in candidate.

Each read is one query whatever the number of applications, so every page of the portal
costs the same for someone with one application or fifty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from outhire.candidates.models import Candidate, Consent
from outhire.community.models import Member
from outhire.interviews.models import Interview
from outhire.offers.models import Offer
from outhire.pipeline.models import Application
from outhire.portal.wording import Wording, wording_for
from outhire.preboarding.models import Checklist
from outhire.requisitions.models import StageKind
from outhire.screening.models import AssessmentSitting

NURTURE_PURPOSES = (Consent.Purpose.TALENT_POOL, Consent.Purpose.MARKETING)


def applications_of(candidate: Candidate) -> list[Application]:
    """The candidate's applications, newest first, each with its `wording`.

    Applications still at a "sourced" stage are a recruiter's idea, not something the person
    asked for, so they are not listed (the data download has them).
    """
    rows = list(
        Application.objects.filter(candidate=candidate)
        .exclude(stage__kind=StageKind.SOURCED, status=Application.Status.ACTIVE)
        .select_related("requisition", "client", "client__career_site", "stage")
        .order_by("-created_at", "-id")
    )
    for application in rows:
        application.wording = wording_for(
            status=application.status, stage_kind=application.stage.kind
        )
    return rows


def application_of(candidate: Candidate, application_id: int) -> Application | None:
    return (
        Application.objects.filter(candidate=candidate, pk=application_id)
        .exclude(stage__kind=StageKind.SOURCED, status=Application.Status.ACTIVE)
        .select_related("requisition", "client", "client__career_site", "stage")
        .first()
    )


@dataclass
class Overview:
    applications: list[Application]
    interviews: list[Interview] = field(default_factory=list)
    sittings: list[AssessmentSitting] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    # Pre-boarding checklists still open: things to do before a first day.
    preboarding: list[Checklist] = field(default_factory=list)

    @property
    def clients(self) -> list:
        seen = {}
        for application in self.applications:
            seen.setdefault(application.client_id, application.client)
        return list(seen.values())


def overview(candidate: Candidate) -> Overview:
    """Applications, interviews to book or attend, assessments, offers and pre-boarding
    waiting."""
    now = timezone.now()
    active = {"application__candidate": candidate, "application__status": "active"}
    interviews = list(
        Interview.objects.filter(
            **active,
            status__in=[
                Interview.Status.PLANNED,
                Interview.Status.PROPOSED,
                Interview.Status.SCHEDULED,
            ],
        )
        .exclude(status=Interview.Status.SCHEDULED, starts_at__lt=now)
        .select_related("application__requisition", "client")
        .order_by("starts_at", "id")
    )
    sittings = list(
        AssessmentSitting.objects.filter(**active, submitted_at__isnull=True, expires_at__gt=now)
        .select_related("assessment", "application__requisition", "client")
        .order_by("expires_at", "id")
    )
    offers = list(
        Offer.objects.filter(**active, status=Offer.Status.SENT, expires_on__gte=now.date())
        .select_related("application__requisition", "client")
        .order_by("expires_on", "id")
    )
    preboarding = list(
        Checklist.objects.filter(
            hire__application__candidate=candidate, status=Checklist.Status.OPEN
        )
        .select_related("client", "hire__requisition")
        .order_by("hire__start_date", "id")
    )
    return Overview(applications_of(candidate), interviews, sittings, offers, preboarding)


def consents_of(candidate: Candidate) -> dict[str, Consent | None]:
    """The latest talent-pool and marketing consent of the candidate, per purpose."""
    latest: dict[str, Consent | None] = dict.fromkeys(NURTURE_PURPOSES)
    for consent in Consent.objects.filter(candidate=candidate, purpose__in=NURTURE_PURPOSES):
        if latest[consent.purpose] is None:  # newest first (the model's ordering)
            latest[consent.purpose] = consent
    return latest


def memberships_of(candidate: Candidate) -> list[Member]:
    return list(
        Member.objects.filter(candidate=candidate)
        .select_related("community", "consent")
        .order_by("community__name", "id")
    )


__all__ = ["Overview", "Wording", "applications_of", "consents_of", "memberships_of", "overview"]
