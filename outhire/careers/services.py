"""Writes of the careers app: job postings per channel and the careers site's content."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.careers.models import CareerSite, JobPosting
from outhire.requisitions.models import Requisition

CLOSED = {Requisition.Status.FILLED, Requisition.Status.CANCELLED}


def _snapshot(posting: JobPosting) -> dict:
    return {
        "channel": posting.channel,
        "status": posting.status,
        "publish_at": posting.publish_at.isoformat() if posting.publish_at else None,
        "expires_at": posting.expires_at.isoformat() if posting.expires_at else None,
    }


def posting_save(
    *,
    requisition: Requisition,
    channel: str,
    by: User | None,
    status: str | None = None,
    publish_at: datetime | None = None,
    expires_at: datetime | None = None,
    clear_expiry: bool = False,
    request: HttpRequest | None = None,
) -> JobPosting:
    """Create or change the posting of `requisition` on `channel`; audit publish and withdraw.

    A posting of a filled or cancelled requisition may only be withdrawn. The job goes live
    when the posting is published, its publish time has come and the requisition is open
    (`JobPosting.objects.live`).
    """
    if channel not in JobPosting.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if status is not None and status not in JobPosting.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        Requisition.objects.select_for_update().filter(pk=requisition.pk).first()
        posting = JobPosting.objects.filter(requisition=requisition, channel=channel).first()
        created = posting is None
        if created:
            posting = JobPosting(
                client_id=requisition.client_id,
                requisition=requisition,
                channel=channel,
                created_by=by,
            )
        before = {} if created else _snapshot(posting)
        if status is not None:
            posting.status = status
        if publish_at is not None:
            posting.publish_at = publish_at
        if expires_at is not None or clear_expiry:
            posting.expires_at = expires_at
        if posting.status == JobPosting.Status.PUBLISHED and requisition.status in CLOSED:
            raise ValidationError(
                _("This requisition is %(status)s; it can no longer be published.")
                % {"status": str(requisition.get_status_display()).lower()}
            )
        posting.updated_at = timezone.now()
        posting.full_clean(validate_constraints=False)
        posting.save()
        after = _snapshot(posting)
        changes = audit.diff(before, after)
        if changes:
            went = after["status"] if before.get("status") != after["status"] else ""
            action = {
                JobPosting.Status.PUBLISHED: "job_posting.published",
                JobPosting.Status.WITHDRAWN: "job_posting.withdrawn",
            }.get(went, "job_posting.updated")
            audit.record(action, actor=by, request=request, obj=posting, changes=changes)
    return posting


def posting_publish(
    *,
    requisition: Requisition,
    channel: str,
    by: User | None,
    publish_at: datetime | None = None,
    expires_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> JobPosting:
    """Publish on `channel` now, or from `publish_at`; until `expires_at` (or open-ended)."""
    return posting_save(
        requisition=requisition,
        channel=channel,
        by=by,
        status=JobPosting.Status.PUBLISHED,
        publish_at=publish_at or timezone.now(),
        expires_at=expires_at,
        clear_expiry=True,
        request=request,
    )


def posting_withdraw(
    *, posting: JobPosting, by: User | None, request: HttpRequest | None = None
) -> JobPosting:
    return posting_save(
        requisition=posting.requisition,
        channel=posting.channel,
        by=by,
        status=JobPosting.Status.WITHDRAWN,
        request=request,
    )


def career_site_save(
    *, client: Client, fields: dict, by: User | None, request: HttpRequest | None = None
) -> CareerSite:
    site = CareerSite.objects.filter(client=client).first() or CareerSite(client=client)
    before = {name: getattr(site, name) for name in fields}
    for name, value in fields.items():
        setattr(site, name, value)
    site.updated_at = timezone.now()
    site.updated_by = by
    site.full_clean()
    site.save()
    changes = audit.diff(before, fields)
    if changes:
        audit.record("career_site.updated", actor=by, request=request, obj=site, changes=changes)
    return site
