"""Hires: the Hire made by an accepted offer, its hand-off record for the client's HR system,
early leavers, and the post-hire checkpoints (PostHireReview) with their answers.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.offers.models import HandOff, Hire, Offer, OfferSettings, PostHireReview
from outhire.offers.signals import HANDOFF_SECTIONS, hire_created, hire_left, hire_making
from outhire.webhooks.services import event_emit


def _today() -> date:
    return timezone.localdate()


def hire_create(*, offer: Offer, at) -> Hire:
    """The Hire of an accepted offer (offer_accept holds the transaction and has hired the
    application), its checkpoints, its hand-off record and their webhooks; `hire_created`
    follows commit.
    """
    application = offer.application
    hire = Hire.objects.create(
        client_id=offer.client_id,
        application=application,
        requisition=application.requisition,
        offer=offer,
        hired_at=at,
        start_date=offer.start_date,
        base_salary=offer.base_salary,
        currency=offer.currency,
    )
    days = OfferSettings.for_client(offer.client).days
    PostHireReview.objects.bulk_create(
        PostHireReview(
            client_id=offer.client_id,
            hire=hire,
            day=day,
            due_on=offer.start_date + timedelta(days=day),
        )
        for day in days
    )
    hire_making.send(sender=Hire, hire=hire)
    payload = handoff_payload(hire)
    HandOff.objects.create(
        client_id=offer.client_id,
        hire=hire,
        body=json.dumps(payload, cls=DjangoJSONEncoder),
        created_at=at,
    )
    audit.record("hire.created", obj=hire, actor_label="offer acceptance")
    event_emit(client=offer.client, event="hire.created", payload=hire_payload(hire))
    event_emit(client=offer.client, event="handoff.created", payload=payload)
    transaction.on_commit(
        lambda: hire_created.send(sender=Hire, hire=Hire.objects.get(pk=hire.pk)), robust=True
    )
    return hire


def hire_payload(hire: Hire) -> dict:
    requisition = hire.requisition
    return {
        "id": hire.pk,
        "application": hire.application_id,
        "offer": hire.offer_id,
        "candidate": hire.application.candidate.full_name,
        "requisition": {
            "id": requisition.pk,
            "reference": requisition.reference,
            "title": requisition.title,
        },
        "hired_at": hire.hired_at.isoformat(),
        "start_date": hire.start_date.isoformat(),
        "base_salary": str(hire.base_salary),
        "currency": hire.currency,
    }


def handoff_payload(hire: Hire) -> dict:
    """The new hire's profile for the client's HR system (docs/offers.md lists the fields)."""
    application = hire.application
    candidate = application.candidate
    requisition = hire.requisition
    offer = hire.offer
    manager = requisition.hiring_manager
    return {
        "hire_id": hire.pk,
        "client": hire.client.slug,
        "person": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "full_name": candidate.full_name,
            "email": candidate.email,
            "phone": candidate.phone,
            "address": candidate.address,
            "location": candidate.location,
        },
        "job": {
            "requisition_id": requisition.pk,
            "reference": requisition.reference,
            "title": requisition.title,
            "department": requisition.department,
            "location": requisition.location,
            "remote_policy": requisition.remote_policy,
            "employment_type": requisition.employment_type,
        },
        "pay": {
            "base_salary": str(offer.base_salary),
            "currency": offer.currency,
            "pay_period": offer.pay_period,
            "bonus": offer.bonus,
            "other_terms": offer.other_terms,
        },
        "start_date": hire.start_date.isoformat(),
        "hired_at": hire.hired_at.isoformat(),
        "manager": {"name": manager.full_name, "email": manager.email} if manager else None,
        # Sections of other apps: "preboarding", the checklist's state (docs/preboarding.md).
        **{key: section(hire) for key, section in HANDOFF_SECTIONS.items()},
    }


def handoff_export(*, hire: Hire, by: User | None, request: HttpRequest | None = None) -> dict:
    """The stored hand-off record, for download; the download is audited (personal data)."""
    record = HandOff.objects.filter(hire=hire).first()
    payload = record.payload if record else handoff_payload(hire)
    audit.record("hire.handoff_downloaded", actor=by, request=request, obj=hire)
    return payload


def hire_record_leaving(
    *,
    hire: Hire,
    left_on: date,
    reason: str,
    by: User | None,
    request: HttpRequest | None = None,
) -> Hire:
    """Record that the hire left on `left_on`; later open checkpoints close unanswered."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why they left (resigned, dismissed, contract ended...).")
    if left_on is None:
        errors["left_on"] = _("Give the last day.")
    elif left_on < hire.hired_at.date():
        errors["left_on"] = _("This is before the hire was made.")
    elif left_on > _today():
        errors["left_on"] = _("Record a departure once it has happened.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Hire.objects.select_for_update().get(pk=hire.pk)
        current.left_on = left_on
        current.leave_reason = reason[:2000]
        current.save(update_fields=["left_on", "leave_reason"])
        closed = PostHireReview.objects.filter(
            hire=current, due_on__gt=left_on, submitted_at__isnull=True, closed_at__isnull=True
        ).update(closed_at=timezone.now())
        audit.record(
            "hire.left",
            actor=by,
            request=request,
            obj=current,
            changes={"left_on": left_on.isoformat(), "checkpoints_closed": closed},
        )
        transaction.on_commit(
            lambda: hire_left.send(sender=Hire, hire=Hire.objects.get(pk=hire.pk), by=by),
            robust=True,
        )
    hire.refresh_from_db()
    return hire


def review_submit(
    *,
    review: PostHireReview,
    by: User | None,
    still_employed: bool,
    performance: int | None,
    satisfaction: int | None,
    would_hire_again: bool | None,
    comment: str = "",
    request: HttpRequest | None = None,
) -> PostHireReview:
    """The hiring manager's answer to one checkpoint; one answer per checkpoint."""
    errors = {}
    for name, value in (("performance", performance), ("satisfaction", satisfaction)):
        if still_employed and value is None or value is not None and not 1 <= int(value) <= 5:
            errors[name] = "Choose from 1 to 5."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = PostHireReview.objects.select_for_update().get(pk=review.pk)
        if current.submitted_at is not None:
            raise ValidationError(_("This checkpoint has already been answered."))
        if current.closed_at is not None:
            raise ValidationError(_("This checkpoint is closed: the hire had left before it."))
        current.still_employed = still_employed
        current.performance = performance
        current.satisfaction = satisfaction
        current.would_hire_again = would_hire_again
        current.comment = (comment or "").strip()[:2000]
        current.submitted_at = timezone.now()
        current.submitted_by = by
        current.save()
        audit.record(
            "hire.review_submitted",
            actor=by,
            request=request,
            obj=current,
            actor_label="" if by else "the survey link",
            changes={"day": current.day},
        )
    review.refresh_from_db()
    return review


def review_recipients(review: PostHireReview) -> list[User]:
    """Who answers a checkpoint: the requisition's hiring manager, else the client admins."""
    from outhire.accounts.roles import Role

    manager = review.hire.requisition.hiring_manager
    if manager is not None and manager.is_active:
        return [manager]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__client_id=review.client_id,
            memberships__role=Role.CLIENT_ADMIN,
        ).distinct()
    )


def may_answer_review(access, review: PostHireReview) -> bool:
    if access.can_write(review.client_id):
        return True
    manager_id = review.hire.requisition.hiring_manager_id
    return access.is_authenticated and manager_id == access.user.pk
