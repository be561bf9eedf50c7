"""Demo talent communities: the provider's and one per client, each with a few confirmed
members (and one waiting for confirmation). Safe to re-run: a community with members is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client
from outhire.candidates.models import Candidate, Consent, ContactPoint
from outhire.candidates.services import consent_record
from outhire.community.models import Member
from outhire.community.periods import add_months
from outhire.community.services import community_for

INTERESTS = [
    ("software engineering, robotics", "Lyon"),
    ("data and analytics", "remote"),
    ("nursing, patient care", "Boston"),
    ("finance, risk", "Toronto"),
    ("warehouse operations, logistics", "Rotterdam"),
    ("product management", "Berlin"),
]
PER_COMMUNITY = 6


def seed_communities() -> str:
    with_email = (
        ContactPoint.objects.filter(
            kind=ContactPoint.Kind.EMAIL, candidate__merged_into__isnull=True
        )
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
        .distinct()
    )
    pool = list(Candidate.objects.filter(pk__in=with_email[:200]).order_by("-pk"))
    if not pool:
        return "No communities seeded: the demo has no candidates with an e-mail address."
    targets = [None, *Client.objects.filter(is_active=True).order_by("pk")]
    now = timezone.now()
    made = 0
    for n, client in enumerate(targets):
        community = community_for(client)
        if community.members.exists():
            continue
        people = pool[n * PER_COMMUNITY : (n + 1) * PER_COMMUNITY] or pool[:PER_COMMUNITY]
        with transaction.atomic():
            for i, candidate in enumerate(people):
                interests, location = INTERESTS[(n + i) % len(INTERESTS)]
                waiting = i == len(people) - 1
                consent = None
                if not waiting:
                    consent = consent_record(
                        candidate=candidate,
                        purpose=Consent.Purpose.TALENT_POOL,
                        method=Consent.Method.WEB_FORM,
                        by=None,
                        expires_at=add_months(now, settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS),
                        evidence=f"Joined “{community.name}” (demo data)",
                    )
                Member.objects.get_or_create(
                    community=community,
                    candidate=candidate,
                    defaults={
                        "interests": interests,
                        "location": location,
                        "confirmed_at": None if waiting else now,
                        "consent": consent,
                    },
                )
                made += 1
    if not made:
        return "No new members: the demo communities already have theirs."
    return f"{made} members in {len(targets)} talent communities."
