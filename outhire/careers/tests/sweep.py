"""The careers app's part of the isolation sweep (see outhire/tests/test_isolation_sweep.py).

The apply flow's part is in outhire/careers/apply/tests/sweep.py (the sweep only looks for
`<app>/tests/sweep.py`, so this module brings it in).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from outhire.careers.apply.tests.sweep import APPLY_PUBLIC, apply_world

# --- Careers sites and feeds (outhire/careers/views.py) --------------------------------------
SITE_PUBLIC = {
    "careers:board",
    "careers:board_indeed",
    "careers:board_linkedin",
    "careers:board_rss",
    "careers:site",
    "careers:theme",
    "careers:logo",
    "careers:job",
    "careers:indeed",
    "careers:linkedin",
    "careers:rss",
}


def site_world(base: dict) -> dict:
    """A's careers site, a job live on every channel, and a draft posting that must stay hidden."""
    from outhire.careers.models import CareerSite, JobPosting
    from outhire.requisitions import services as requisitions

    client, recruiter = base["client"], base["staff_user"]
    CareerSite.objects.create(
        client=client, culture="Careers culture marker 6120", contact_email="jobs@acme.test"
    )

    def open_with_postings(title: str, status: str):
        requisition = requisitions.requisition_create(
            client=client, by=recruiter, fields={"title": title}
        )
        requisitions.requisition_submit(requisition=requisition, by=recruiter)
        for channel in JobPosting.Channel.values:
            JobPosting.objects.create(
                client=client,
                requisition=requisition,
                channel=channel,
                status=status,
                publish_at=timezone.now() - timedelta(days=1),
            )
        return requisition

    live = open_with_postings("Live job marker 7311", JobPosting.Status.PUBLISHED)
    draft = open_with_postings("Draft posting marker 2047", JobPosting.Status.DRAFT)
    return {
        "careers_live_requisition": live,
        "careers_draft_requisition": draft,
        "careers_posting": live.postings.get(channel=JobPosting.Channel.CAREERS),
        "markers": ["Draft posting marker 2047"],
        "public_markers": ["Live job marker 7311", "Careers culture marker 6120"],
    }


PUBLIC = APPLY_PUBLIC | SITE_PUBLIC
PARAMS = {"posting_id": "careers_posting"}


def world(base: dict) -> dict:
    extra = apply_world(base)
    site = site_world(base)
    for key in ("markers", "public_markers"):
        extra[key] = extra.get(key, []) + site.pop(key, [])
    extra.update(site)
    return extra
