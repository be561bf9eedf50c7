"""The apply flow's part of the isolation sweep, brought in by outhire/careers/tests/sweep.py.

The apply form and its thanks page are public by design; the world's open requisition of client
A gets a live careers posting, so the form is really shown (its title is then public, and only
its title).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

APPLY_PUBLIC = {"careers:apply", "careers:apply_done"}


def apply_world(base: dict) -> dict:
    from outhire.careers.models import JobPosting

    requisition = base["requisition"]
    JobPosting.objects.update_or_create(
        requisition=requisition,
        channel=JobPosting.Channel.CAREERS,
        defaults={
            "client": requisition.client,
            "status": JobPosting.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(days=1),
        },
    )
    return {"public_markers": [requisition.title]}
