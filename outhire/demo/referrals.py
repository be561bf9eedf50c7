"""Demo referrals: a bonus policy per client, a few referrals by the client's own people, and
their personal links (safe to re-run: a client that has referrals is left alone)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role
from outhire.pipeline.models import Application
from outhire.referrals.models import BonusPolicy, Referral, ReferralLink

PER_CLIENT = 4


def _referrer(client: Client) -> User | None:
    memberships = Membership.objects.filter(client=client).select_related("user")
    by_role = {m.role: m.user for m in memberships}
    for role in (Role.HIRING_MANAGER, Role.CLIENT_ADMIN, Role.RECRUITER):
        if role in by_role:
            return by_role[role]
    return None


def seed_referrals() -> str:
    made = 0
    clients = 0
    for client in Client.objects.order_by("pk"):
        if Referral.objects.filter(client=client).exists():
            continue
        referrer = _referrer(client)
        if referrer is None:
            continue
        # Some hired, some in progress, some closed: each kind of status shows on the pages.
        applications = list(
            Application.objects.filter(client=client, referral__isnull=True)
            .select_related("candidate", "requisition")
            .order_by("-status", "pk")[: PER_CLIENT * 3 : 3]
        )
        if not applications:
            continue
        with transaction.atomic():
            BonusPolicy.objects.get_or_create(
                client=client,
                defaults={
                    "amount": Decimal("1000.00"),
                    "currency": "EUR",
                    "eligible_after_days": 90,
                },
            )
            general, _ = ReferralLink.objects.get_or_create(
                client=client, referrer=referrer, requisition=None
            )
            for n, application in enumerate(applications):
                Referral.objects.create(
                    client=client,
                    application=application,
                    referrer=referrer,
                    link=general if n % 2 else None,
                    via=Referral.Via.LINK if n % 2 else Referral.Via.FORM,
                    referred_name="" if n % 2 else application.candidate.full_name,
                    note="Former colleague; strong on delivery." if not n % 2 else "",
                    consent_confirmed_at=application.created_at if not n % 2 else None,
                    created_at=application.created_at,
                )
                Application.objects.filter(pk=application.pk).update(
                    source="referral", source_detail="link" if n % 2 else "form"
                )
                made += 1
        clients += 1
    if not made:
        return "No new referrals: the demo clients already have theirs (or no applications)."
    return f"{made} referrals for {clients} clients, with a bonus policy each."
