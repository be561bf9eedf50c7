"""Demo careers sites: each demo client's site content, and its open jobs posted everywhere.

Safe to re-run: a site is created once, and a requisition already posted on a channel keeps its
posting. Only open requisitions are posted (on hold or closed ones would not show anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import Client
from outhire.careers.models import CareerSite, JobPosting
from outhire.requisitions.models import Requisition

SITES = {
    "meridian-health": {
        "culture": "We are clinicians, porters, cooks and coders who share one goal: patients "
        "who feel looked after. Teams plan their own rotas and everyone can stop the line when "
        "something is not safe.",
        "values": "Patients first\nSpeak up\nLearn every day\nLook after each other",
        "benefits": "Pension with 8% employer contribution\n33 days of leave\n"
        "Funded training and revalidation\nFree parking at every site",
        "contact_email": "careers@meridian-health.example",
    },
    "acme-robotics": {
        "culture": "Small teams own a product end to end, from the motor controller to the fleet "
        "dashboard. We write things down, ship weekly and fix what we break.",
        "values": "Build it right\nKeep it simple\nCustomers on the floor, not in slides",
        "benefits": "Flexible hours and hybrid work\nA learning budget of 1,500 EUR a year\n"
        "Equity for every employee\n30 days of holiday",
        "contact_email": "talent@acme-robotics.example",
    },
    "borealis-bank": {
        "culture": "A bank that explains itself: plain words to customers and to each other.",
        "values": "Trust\nClarity\nCommunity",
        "benefits": "Subsidised mortgage rate\nBonus scheme for all staff\nTwo volunteering days",
        "contact_email": "jobs@borealis-bank.example",
    },
    "harbor-logistics": {
        "culture": "Ports never sleep, and neither does our sense of humour. Safety comes first.",
        "values": "Safety first\nOwn the shipment\nOne crew",
        "benefits": "Shift allowances\nFree meals on site\nPaid driving licences",
        "contact_email": "people@harbor-logistics.example",
    },
}
CHANNELS = (
    JobPosting.Channel.CAREERS,
    JobPosting.Channel.PROVIDER_BOARD,
    JobPosting.Channel.INDEED,
    JobPosting.Channel.LINKEDIN,
)


@dataclass
class CareersReport:
    sites: int = 0
    postings: int = 0

    def __str__(self) -> str:
        return f"{self.sites} careers sites, {self.postings} job postings"


def seed_careers(*, clients: list[Client] | None = None) -> CareersReport:
    report = CareersReport()
    now = timezone.now()
    clients = clients if clients is not None else list(Client.objects.filter(slug__in=SITES))
    with transaction.atomic():
        for client in clients:
            content = SITES.get(client.slug)
            if content and not CareerSite.objects.filter(client=client).exists():
                CareerSite.objects.create(client=client, **content)
                report.sites += 1
            open_ids = list(
                Requisition.objects.filter(client=client, status=Requisition.Status.OPEN)
                .order_by("pk")
                .values_list("pk", "opened_at")
            )
            posted = set(
                JobPosting.objects.filter(
                    requisition_id__in=[pk for pk, _ in open_ids]
                ).values_list("requisition_id", "channel")
            )
            new = [
                JobPosting(
                    client=client,
                    requisition_id=pk,
                    channel=channel,
                    status=JobPosting.Status.PUBLISHED,
                    publish_at=opened_at or now - timedelta(days=1),
                    expires_at=now + timedelta(days=60),
                )
                for pk, opened_at in open_ids
                for channel in CHANNELS
                if (pk, channel) not in posted
            ]
            JobPosting.objects.bulk_create(new)
            report.postings += len(new)
    if report.postings:
        from outhire.careers import cache

        cache.bump(*[c.slug for c in clients])
    return report
