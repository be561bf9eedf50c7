"""Requisition workflows: create, approve through the client's chain, open, hold, cancel, fill.

Each function checks the transition, writes a RequisitionEvent and an audit event, and raises
ValidationError with a message for people when the move is not allowed; nothing is written then.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.requisitions.models import (
    Approval,
    ApprovalRule,
    Competency,
    Opening,
    PipelineTemplate,
    Requisition,
    RequisitionEvent,
    Stage,
    StageKind,
    TemplateStage,
)

Status = Requisition.Status

# The moves a person may make by hand; filled comes from hires, pending approval from submit.
ALLOWED = {
    Status.DRAFT: {Status.PENDING_APPROVAL, Status.CANCELLED},
    Status.PENDING_APPROVAL: {Status.DRAFT, Status.OPEN, Status.CANCELLED},
    Status.OPEN: {Status.ON_HOLD, Status.CANCELLED, Status.FILLED},
    Status.ON_HOLD: {Status.OPEN, Status.CANCELLED},
    Status.FILLED: {Status.OPEN},  # a hire fell through: reopened when an opening is freed
    Status.CANCELLED: set(),
}

DEFAULT_STAGES = [
    ("Sourced", StageKind.SOURCED),
    ("Applied", StageKind.APPLIED),
    ("Phone screen", StageKind.SCREEN),
    ("Submitted to hiring manager", StageKind.SUBMITTED),
    ("Assessment", StageKind.ASSESSMENT),
    ("Interviews", StageKind.INTERVIEW),
    ("Offer", StageKind.OFFER),
    ("Hired", StageKind.HIRED),
]


class StaleVersion(Exception):
    """The object changed since the page was loaded; `current` is what it is now."""

    def __init__(self, current) -> None:
        super().__init__("Someone else changed this in the meantime.")
        self.current = current


def _transition(
    requisition: Requisition,
    to: str,
    *,
    by: User | None,
    reason: str = "",
    request: HttpRequest | None = None,
    expected_version: int | None = None,
) -> Requisition:
    """Move `requisition` to status `to`, or raise; the caller holds a transaction."""
    current = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    if to not in ALLOWED[Status(current.status)]:
        raise ValidationError(
            f"A requisition that is {current.get_status_display().lower()} cannot become "
            f"{Status(to).label.lower()}."
        )
    now = timezone.now()
    RequisitionEvent.objects.create(
        client_id=current.client_id,
        requisition=current,
        from_status=current.status,
        to_status=to,
        at=now,
        by=by,
        reason=reason,
    )
    fields = {"status": to, "version": F("version") + 1}
    if to in {Status.FILLED, Status.CANCELLED}:
        fields["closed_at"] = now
    elif to == Status.OPEN:
        fields["closed_at"] = None
    Requisition.objects.filter(pk=current.pk).update(**fields)
    audit.record(
        "requisition.status_changed",
        actor=by,
        request=request,
        obj=current,
        changes={"from": current.status, "to": to},
    )
    requisition.refresh_from_db()
    return requisition


def requisition_create(
    *, client, by: User | None, fields: dict, intake=None, request: HttpRequest | None = None
) -> Requisition:
    recruiters = fields.pop("recruiters", None)
    competencies = fields.pop("competencies", [])
    requisition = Requisition(client=client, created_by=by, intake=intake, **fields)
    if requisition.pipeline_template_id is None:
        requisition.pipeline_template = (
            PipelineTemplate.objects.filter(client=client).order_by("-is_default", "id").first()
        )
    requisition.full_clean(exclude=["reference"])
    with transaction.atomic():
        requisition.save()
        requisition.reference = f"{client.slug.upper()[:8]}-{requisition.pk:05d}"
        requisition.save(update_fields=["reference"])
        if recruiters is not None:
            requisition.recruiters.set(recruiters)
        Competency.objects.bulk_create(
            Competency(client=client, requisition=requisition, name=name[:120], position=n)
            for n, name in enumerate(dict.fromkeys(c.strip() for c in competencies if c.strip()))
        )
        RequisitionEvent.objects.create(
            client=client, requisition=requisition, to_status=requisition.status, by=by
        )
        audit.record("requisition.created", actor=by, request=request, obj=requisition)
    return requisition


def requisition_update(
    *,
    requisition: Requisition,
    fields: dict,
    by: User,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Requisition:
    recruiters = fields.pop("recruiters", None)
    with transaction.atomic():
        current = Requisition.objects.select_for_update().get(pk=requisition.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current)
        if current.is_closed:
            raise ValidationError("A filled or cancelled requisition cannot be edited.")
        before = {name: str(getattr(current, name)) for name in fields}
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        if recruiters is not None:
            current.recruiters.set(recruiters)
        changed = audit.diff(before, {name: str(getattr(current, name)) for name in before})
        if changed:
            audit.record(
                "requisition.updated", actor=by, request=request, obj=current, changes=changed
            )
        if "openings" in fields:
            _sync_openings(current)
    requisition.refresh_from_db()
    return requisition


def requisition_submit(
    *, requisition: Requisition, by: User, request: HttpRequest | None = None
) -> Requisition:
    """Send a draft for approval by the client's chain; without a chain, it opens at once."""
    with transaction.atomic():
        rules = list(ApprovalRule.objects.filter(client_id=requisition.client_id))
        if not rules:
            _transition(requisition, Status.PENDING_APPROVAL, by=by, request=request)
            return _open(requisition, by=by, request=request, reason="No approval chain")
        _transition(requisition, Status.PENDING_APPROVAL, by=by, request=request)
        round_ = (
            max((a.round for a in requisition.approvals.all()), default=0) + 1
        )  # a resubmission starts a new round; old decisions stay as history
        Approval.objects.bulk_create(
            Approval(
                client_id=requisition.client_id,
                requisition=requisition,
                round=round_,
                position=n,
                approver_id=rule.approver_id,
            )
            for n, rule in enumerate(rules, start=1)
        )
    return requisition


def pending_approval(requisition: Requisition) -> Approval | None:
    """The step waiting for a decision now (the first pending one of the current round)."""
    return (
        Approval.objects.filter(requisition=requisition, decision=Approval.Decision.PENDING)
        .order_by("-round", "position")
        .first()
    )


def approval_decide(
    *,
    requisition: Requisition,
    by: User,
    approve: bool,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Approval:
    """Record `by`'s decision on the step waiting for them; the last approval opens it.

    Refused with a clear message when the requisition is not waiting for approval, when it is
    not `by`'s turn (or `by` is not an approver at all), and when `by` already decided.
    """
    with transaction.atomic():
        current = Requisition.objects.select_for_update().get(pk=requisition.pk)
        if current.status != Status.PENDING_APPROVAL:
            raise ValidationError(
                f"This requisition is {current.get_status_display().lower()}, "
                "not waiting for approval."
            )
        step = pending_approval(current)
        if step is None or step.approver_id != by.pk:
            mine = Approval.objects.filter(requisition=current, approver=by).order_by("-round")
            latest = mine.first()
            if latest is not None and latest.decision != Approval.Decision.PENDING:
                raise ValidationError("You have already given your decision on this requisition.")
            if latest is not None:
                raise ValidationError("An earlier approver has not decided yet.")
            raise PermissionDenied("You are not an approver of this requisition.")
        if not approve and not comment.strip():
            raise ValidationError({"comment": "Say why, so the recruiter can change it."})
        step.decision = Approval.Decision.APPROVED if approve else Approval.Decision.REJECTED
        step.comment = comment.strip()
        step.decided_at = timezone.now()
        step.save(update_fields=["decision", "comment", "decided_at"])
        audit.record(
            "requisition.approved" if approve else "requisition.sent_back",
            actor=by,
            request=request,
            obj=current,
            changes={"round": step.round, "step": step.position},
        )
        if not approve:
            # The rest of this round is moot; the recruiter edits and submits again.
            Approval.objects.filter(
                requisition=current, round=step.round, decision=Approval.Decision.PENDING
            ).delete()
            _transition(current, Status.DRAFT, by=by, reason=step.comment, request=request)
        elif pending_approval(current) is None:
            _open(current, by=by, request=request, reason="Approved")
    requisition.refresh_from_db()
    return step


def _open(
    requisition: Requisition, *, by: User | None, request=None, reason: str = ""
) -> Requisition:
    now = timezone.now()
    _transition(requisition, Status.OPEN, by=by, reason=reason, request=request)
    Requisition.objects.filter(pk=requisition.pk, approved_at__isnull=True).update(approved_at=now)
    Requisition.objects.filter(pk=requisition.pk, opened_at__isnull=True).update(opened_at=now)
    if not requisition.stages.exists():
        stages_copy(requisition)
    _sync_openings(requisition, now=now)
    requisition.refresh_from_db()
    return requisition


def stages_copy(requisition: Requisition) -> list[Stage]:
    """Give `requisition` its own copy of its pipeline template (or the default stages)."""
    template_stages = (
        list(TemplateStage.objects.filter(template_id=requisition.pipeline_template_id))
        if requisition.pipeline_template_id
        else []
    )
    rows = [(s.name, s.kind) for s in template_stages] or DEFAULT_STAGES
    return Stage.objects.bulk_create(
        Stage(
            client_id=requisition.client_id,
            requisition=requisition,
            position=n,
            name=name,
            kind=kind,
        )
        for n, (name, kind) in enumerate(rows)
    )


def _sync_openings(requisition: Requisition, now=None) -> None:
    """As many openings as the requisition asks for; filled ones are never removed."""
    if requisition.opened_at is None and now is None:
        return
    existing = list(requisition.opening_set.all())
    for n in range(len(existing) + 1, requisition.openings + 1):
        Opening.objects.create(
            client_id=requisition.client_id,
            requisition=requisition,
            number=n,
            opened_at=now or timezone.now(),
        )
    surplus = [o for o in existing if o.number > requisition.openings and o.filled_at is None]
    Opening.objects.filter(pk__in=[o.pk for o in surplus]).delete()


def requisition_hold(*, requisition: Requisition, by: User, reason: str, request=None):
    if not reason.strip():
        raise ValidationError({"reason": "Say why the requisition is put on hold."})
    with transaction.atomic():
        return _transition(requisition, Status.ON_HOLD, by=by, reason=reason, request=request)


def requisition_resume(*, requisition: Requisition, by: User, reason: str = "", request=None):
    with transaction.atomic():
        return _transition(requisition, Status.OPEN, by=by, reason=reason, request=request)


def requisition_cancel(*, requisition: Requisition, by: User, reason: str, request=None):
    if not reason.strip():
        raise ValidationError({"reason": "Say why the requisition is cancelled."})
    with transaction.atomic():
        return _transition(requisition, Status.CANCELLED, by=by, reason=reason, request=request)


def opening_fill(
    *, requisition: Requisition, application, by: User | None, request=None
) -> Opening:
    """Give the first free opening to `application`; the last one fills the requisition.

    The caller holds a transaction. Refused when every opening is already filled.
    """
    opening = (
        Opening.objects.select_for_update()
        .filter(requisition=requisition, filled_at__isnull=True)
        .order_by("number")
        .first()
    )
    if opening is None:
        raise ValidationError("Every opening of this requisition is already filled.")
    opening.filled_at = timezone.now()
    opening.filled_by = application
    opening.save(update_fields=["filled_at", "filled_by"])
    if not Opening.objects.filter(requisition=requisition, filled_at__isnull=True).exists():
        _transition(
            requisition, Status.FILLED, by=by, reason="All openings filled", request=request
        )
    return opening


def opening_release(*, application, by: User | None, request=None) -> None:
    """Free the opening a reopened hire held; a filled requisition opens again."""
    opening = Opening.objects.select_for_update().filter(filled_by=application).first()
    if opening is None:
        return
    opening.filled_at = None
    opening.filled_by = None
    opening.save(update_fields=["filled_at", "filled_by"])
    requisition = opening.requisition
    if requisition.status == Status.FILLED:
        _transition(requisition, Status.OPEN, by=by, reason="A hire fell through", request=request)
