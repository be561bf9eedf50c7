"""Requisition workflows: create, approve through the client's chain, open, hold, cancel, fill.

Every status change is an action of the one table in `transitions`: each function checks who
may take it (PermissionDenied) and whether the status allows it (TransitionRefused, a
ValidationError with a message for people), then writes a RequisitionEvent and an audit event;
nothing is written when it is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.approvals.chain import Outcome
from outhire.approvals.kinds import ChainKind
from outhire.approvals.services import (
    chain_decide,
    chain_notify_next,
    chain_submit,
)
from outhire.requisitions import notices, transitions
from outhire.requisitions.models import (
    CLIENT_VISIBLE_KINDS,
    Approval,
    ApprovalRule,
    Competency,
    DispositionReason,
    Opening,
    PipelineTemplate,
    Requisition,
    RequisitionEvent,
    Stage,
    StageKind,
    TemplateStage,
)
from outhire.requisitions.signals import requisition_stopped
from outhire.requisitions.transitions import Action, Actor, TransitionRefused
from outhire.webhooks.services import event_emit

Status = Requisition.Status

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


# What only the provider sets on a requisition: who works it and how. A client's people
# (raising or editing a draft) set everything else: the role, its pay band, openings, priority,
# hiring manager, start date, description and skills.
PROVIDER_FIELDS = frozenset(
    {"recruiters", "pipeline_template", "engagement", "intake", "is_replacement"}
)


def requisition_may_raise(access: Access, client_id: int) -> bool:
    """Whether `access` may raise (create) a requisition for the client: its provider staff
    with write rights, its client admins, client recruiters and hiring managers (not read-only).
    """
    role = access.role(client_id)
    if access.read_only or role is None:
        return False
    if role.is_provider:
        return access.is_provider_staff and access.can_write(client_id)
    return role in transitions.CLIENT_REQUESTERS


def _own(access: Access, requisition: Requisition) -> bool:
    """A hiring manager works on the requisitions they raised or manage, not on others'."""
    if access.role(requisition.client_id) != Role.HIRING_MANAGER:
        return True
    user_id = access.user.pk if access.user is not None else None
    return user_id is not None and user_id in {
        requisition.created_by_id,
        requisition.hiring_manager_id,
    }


def requisition_may_edit(access: Access, requisition: Requisition) -> bool:
    """Provider staff edit until it closes; the client's requesters shape a draft (a hiring
    manager only their own) until it is submitted."""
    if requisition.is_closed:
        return False
    if access.is_provider_staff:
        return access.can_write(requisition.client_id) and not access.read_only
    return (
        requisition.status == Status.DRAFT
        and requisition_may_raise(access, requisition.client_id)
        and _own(access, requisition)
    )


def requisition_may(access: Access, requisition: Requisition, action: Action) -> bool:
    """Whether `access` may take `action` on `requisition` by hand (the table's "who").

    Staff actions need provider staff with write rights for the client (not a token limited
    to one client, not a read-only one); a submission, anyone who may raise the requisition
    (a hiring manager: one they raised or manage); an approver's decision needs any role of
    the client and a token that may write (the chain itself says whose turn it is).
    """
    role = access.role(requisition.client_id)
    if access.read_only or not transitions.role_may(role, action):
        return False
    actor = transitions.ACTORS[Action(action)]
    if actor == Actor.STAFF:
        return access.is_provider_staff and access.can_write(requisition.client_id)
    if actor == Actor.REQUESTER:
        return requisition_may_raise(access, requisition.client_id) and _own(access, requisition)
    return True


def _check_fields(fields: dict, access: Access | None) -> None:
    """Refuse the provider's own fields from a client's user (pages drop them, the API says)."""
    if access is None or access.is_provider_staff:
        return
    refused = sorted(PROVIDER_FIELDS & set(fields))
    if refused:
        raise ValidationError(
            {name: _("Only the provider sets this on a requisition.") for name in refused}
        )


def _check_may(requisition: Requisition, action: Action, *, access: Access | None) -> None:
    """Refuse `action` to a request's `access` the table does not allow it to.

    Pages and the API pass the request's access (with its token's limits). Without one the
    caller is trusted code acting for `by` (a demo seed, a fixture): only the status is checked.
    """
    if access is not None and not requisition_may(access, requisition, action):
        raise PermissionDenied(_("You may not do this to this requisition."))


def requisition_payload(requisition: Requisition, *, from_status: str = "") -> dict:
    """What webhooks say about a requisition (docs/webhooks.md)."""
    data = {
        "id": requisition.pk,
        "reference": requisition.reference,
        "title": requisition.title,
        "status": requisition.status,
        "department": requisition.department,
        "location": requisition.location,
        "country": requisition.country,
        "employment_type": requisition.employment_type,
        "openings": requisition.openings,
        "target_start": requisition.target_start,
        "opened_at": requisition.opened_at,
        "closed_at": requisition.closed_at,
    }
    if from_status:
        data["from_status"] = from_status
    return data


# The webhook event of each status a requisition moves to (none for a draft sent back).
EVENT_OF_STATUS = {
    Status.PENDING_APPROVAL: "requisition.submitted",
    Status.OPEN: "requisition.opened",
    Status.ON_HOLD: "requisition.on_hold",
    Status.FILLED: "requisition.filled",
    Status.CANCELLED: "requisition.cancelled",
}


def _transition(
    requisition: Requisition,
    action: Action,
    *,
    by: User | None,
    reason: str = "",
    request: HttpRequest | None = None,
    expected_version: int | None = None,
) -> Requisition:
    """Take `action` on `requisition` (locked first), or raise; the caller holds a transaction.

    Where it leads comes from `transitions.TRANSITIONS` and the status read under the lock, so
    two people acting at once cannot both pass the check.
    """
    current = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    to = transitions.target(current.status, action)
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
        if current.opened_at is None:
            # Here rather than in _open, so that the webhook of this very change carries it.
            fields["opened_at"] = now
    Requisition.objects.filter(pk=current.pk).update(**fields)
    audit.record(
        "requisition.status_changed",
        actor=by,
        request=request,
        obj=current,
        changes={"from": current.status, "to": to},
    )
    requisition.refresh_from_db()
    if to in EVENT_OF_STATUS:
        event_emit(
            client=requisition.client_id,
            event=EVENT_OF_STATUS[to],
            payload=lambda: requisition_payload(requisition, from_status=current.status),
        )
    if to in {Status.ON_HOLD, Status.CANCELLED}:
        # In the same transaction: interviews called off commit or roll back with it.
        requisition_stopped.send(
            sender=Requisition, requisition=requisition, by=by, request=request
        )
    return requisition


def requisition_create(
    *,
    client,
    by: User | None,
    fields: dict,
    intake=None,
    access: Access | None = None,
    request: HttpRequest | None = None,
) -> Requisition:
    """A new draft of `client`. `access`: the request's, when a person raises it: a client's
    user may not set the provider's fields (PROVIDER_FIELDS)."""
    if access is not None and not requisition_may_raise(access, client.pk):
        raise PermissionDenied(_("You may not raise requisitions for this client."))
    _check_fields(fields, access)
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
        if by is not None and not by.is_provider_staff:
            notices.requisition_raised(requisition, by=by)
    return requisition


def requisition_update(
    *,
    requisition: Requisition,
    fields: dict,
    by: User,
    expected_version: int | None = None,
    access: Access | None = None,
    request: HttpRequest | None = None,
) -> Requisition:
    """Change the requisition's fields. `access`: the request's, when a person edits it (a
    client's user: a draft only, without the provider's fields)."""
    _check_fields(fields, access)
    recruiters = fields.pop("recruiters", None)
    with transaction.atomic():
        current = Requisition.objects.select_for_update().get(pk=requisition.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current)
        if current.is_closed:
            raise ValidationError(_("A filled or cancelled requisition cannot be edited."))
        if access is not None and not requisition_may_edit(access, current):
            raise PermissionDenied(_("Only a draft can be changed from the client's side."))
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
    *,
    requisition: Requisition,
    by: User,
    access: Access | None = None,
    request: HttpRequest | None = None,
) -> Requisition:
    """Send a draft for approval by the client's chain; without a chain, it opens at once.

    A resubmission (after a send-back) starts a new round. `access`: the request's, when a
    person asks (see `_check_may`).
    """
    _check_may(requisition, Action.SUBMIT, access=access)
    with transaction.atomic():
        _transition(requisition, Action.SUBMIT, by=by, request=request)
        if not chain_submit(kind=CHAIN, subject=requisition):
            _open(requisition, by=by, request=request, reason=gettext_noop("No approval chain"))
            notices.requisition_approved(requisition, by=by, by_chain=False)
            if not by.is_provider_staff:
                notices.requisition_submitted(requisition, by=by, opened=True)
            return requisition
        notices.requisition_submitted(requisition, by=by)
    return requisition


def approval_decide(
    *,
    requisition: Requisition,
    by: User,
    approve: bool,
    comment: str = "",
    access: Access | None = None,
    request: HttpRequest | None = None,
) -> Approval:
    """Record `by`'s decision on the step waiting for them; the last approval opens it.

    Refused with a clear message when the requisition is not waiting for approval
    (TransitionRefused), when it is not `by`'s turn (or `by` is not an approver at all:
    PermissionDenied), and when `by` already decided (see `chain_decide`).
    """
    action = Action.APPROVE if approve else Action.SEND_BACK
    _check_may(requisition, action, access=access)
    with transaction.atomic():
        current = Requisition.objects.select_for_update().get(pk=requisition.pk)
        if (Status(current.status), action) not in transitions.TRANSITIONS:
            raise TransitionRefused(
                current.status,
                action,
                message=_("This requisition is %(status)s, not waiting for approval.")
                % {"status": transitions.status_word(Status(current.status))},
            )
        step, outcome = chain_decide(
            kind=CHAIN, subject=current, by=by, approve=approve, comment=comment, request=request
        )
        if outcome is Outcome.SENT_BACK:
            _transition(current, Action.SEND_BACK, by=by, reason=step.comment, request=request)
            notices.requisition_sent_back(current, by=by)
        elif outcome is Outcome.APPROVED:
            event_emit(
                client=current.client_id,
                event="requisition.approved",
                payload=lambda: requisition_payload(current),
            )
            _open(current, by=by, request=request, reason=gettext_noop("Approved"))
            notices.requisition_approved(current, by=by)
    requisition.refresh_from_db()
    return step


def _open(
    requisition: Requisition, *, by: User | None, request=None, reason: str = ""
) -> Requisition:
    now = timezone.now()
    _transition(requisition, Action.APPROVE, by=by, reason=reason, request=request)
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


def requisition_hold(
    *,
    requisition: Requisition,
    by: User,
    reason: str,
    access: Access | None = None,
    request=None,
):
    _check_may(requisition, Action.HOLD, access=access)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the requisition is put on hold.")})
    with transaction.atomic():
        return _transition(requisition, Action.HOLD, by=by, reason=reason, request=request)


def requisition_resume(
    *,
    requisition: Requisition,
    by: User,
    reason: str = "",
    access: Access | None = None,
    request=None,
):
    """Open a requisition on hold again; one waiting for approval opens only by approval."""
    _check_may(requisition, Action.RESUME, access=access)
    with transaction.atomic():
        return _transition(requisition, Action.RESUME, by=by, reason=reason, request=request)


def requisition_cancel(
    *,
    requisition: Requisition,
    by: User,
    reason: str,
    access: Access | None = None,
    request=None,
):
    _check_may(requisition, Action.CANCEL, access=access)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the requisition is cancelled.")})
    with transaction.atomic():
        return _transition(requisition, Action.CANCEL, by=by, reason=reason, request=request)


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
        raise ValidationError(_("Every opening of this requisition is already filled."))
    opening.filled_at = timezone.now()
    opening.filled_by = application
    opening.save(update_fields=["filled_at", "filled_by"])
    if not Opening.objects.filter(requisition=requisition, filled_at__isnull=True).exists():
        _transition(
            requisition,
            Action.FILL,
            by=by,
            reason=gettext_noop("All openings filled"),
            request=request,
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
        _transition(
            requisition,
            Action.REOPEN,
            by=by,
            reason=gettext_noop("A hire fell through"),
            request=request,
        )


# --- Notifications, approval chains, pipeline templates, a requisition's own stages -----------


def _notice(requisition: Requisition) -> tuple[str, str]:
    text = f"Your approval is needed: {requisition.reference} {requisition.title}"
    return text, f"/requisitions/{requisition.pk}/"


# The client's requisition approval chain (outhire.approvals): its rows, words and set-up page.
CHAIN = ChainKind(
    noun="requisition",
    rule_model=ApprovalRule,
    step_model=Approval,
    approved_action="requisition.approved",
    sent_back_action="requisition.sent_back",
    notice=_notice,
    title=gettext_lazy("Approval chain"),
    setup_template="requisitions/approval_chain.html",
    setup_url="requisitions:approval_chain",
    move_url="requisitions:approval_rule_move",
    remove_url="requisitions:approval_rule_remove",
)


def approval_notify_next(*, requisition: Requisition) -> None:
    """Tell the approver whose turn it now is; nothing when no decision is waiting."""
    chain_notify_next(kind=CHAIN, subject=requisition)


def stage_rules_check(stages: list[tuple[str, str]]) -> list[str]:
    """What is wrong with a pipeline given as (name, kind) pairs, in order; [] when it is fine.

    The rules keep every client's pipeline comparable (DESIGN.md, Stages): a candidate enters
    before the client sees them, there is a place where they are shortlisted to the client,
    and one `hired` stage closes the pipeline.
    """
    problems = []
    names = [name.strip() for name, _kind in stages]
    kinds = [kind for _name, kind in stages]
    if len(stages) < 2:
        problems.append(_("A pipeline needs at least two stages."))
    if any(not name for name in names):
        problems.append(_("Every stage needs a name."))
    seen: set[str] = set()
    for name in names:
        if name and name.lower() in seen:
            problems.append(
                _("Two stages are called “%(name)s”: give each its own name.") % {"name": name}
            )
        seen.add(name.lower())
    hired = kinds.count(StageKind.HIRED)
    if hired != 1:
        problems.append(_("There must be exactly one stage of kind “Hired”."))
    elif kinds[-1] != StageKind.HIRED:
        problems.append(_("The “Hired” stage must be the last one."))
    if StageKind.SUBMITTED not in kinds:
        problems.append(
            _(
                "Add a stage of kind “Submitted to the client”: from there the client's hiring "
                "team sees the candidate."
            )
        )
    if kinds and kinds[0] in CLIENT_VISIBLE_KINDS:
        problems.append(
            _(
                "The first stage must come before “Submitted to the client” (sourced, applied or "
                "screen), so candidates are screened before the client sees them."
            )
        )
    return problems


def _check_stages(stages: list[tuple[str, str]]) -> None:
    problems = stage_rules_check(stages)
    if problems:
        raise ValidationError(problems)


def pipeline_template_save(
    *,
    client,
    name: str,
    is_default: bool,
    stages: list[tuple[str, str]],
    by: User,
    template: PipelineTemplate | None = None,
    request=None,
) -> PipelineTemplate:
    """Create or replace a template and its stages. Requisitions keep the copies they took."""
    _check_stages(stages)
    with transaction.atomic():
        if template is None:
            template = PipelineTemplate(client=client)
        template.name = name.strip()
        template.is_default = is_default
        template.full_clean(exclude=["client"])
        template.save()
        if is_default:
            PipelineTemplate.objects.filter(client=client).exclude(pk=template.pk).update(
                is_default=False
            )
        TemplateStage.objects.filter(template=template).delete()
        TemplateStage.objects.bulk_create(
            TemplateStage(
                client=client, template=template, position=n, name=stage_name.strip(), kind=kind
            )
            for n, (stage_name, kind) in enumerate(stages)
        )
        audit.record(
            "pipeline_template.saved",
            actor=by,
            request=request,
            obj=template,
            changes={"stages": [f"{n} ({k})" for n, k in stages]},
        )
    return template


def _active_stages(requisition: Requisition) -> list[Stage]:
    return list(Stage.objects.filter(requisition=requisition, archived=False))


def _check_requisition_stages(stages: list[Stage]) -> None:
    _check_stages([(s.name, s.kind) for s in stages])


def stage_add(
    *, requisition: Requisition, name: str, kind: str, after: Stage | None, by: User, request=None
) -> Stage:
    """Insert a stage after `after` (or first); later stages shift down one place."""
    with transaction.atomic():
        Requisition.objects.select_for_update().get(pk=requisition.pk)
        stages = _active_stages(requisition)
        index = next((i + 1 for i, s in enumerate(stages) if after and s.pk == after.pk), 0)
        new = Stage(client_id=requisition.client_id, requisition=requisition, name=name.strip())
        new.kind = kind
        stages.insert(index, new)
        _check_requisition_stages(stages)
        new.position = 0
        new.save()
        _reposition(requisition, stages)
        audit.record(
            "stage.added", actor=by, request=request, obj=requisition, changes={"stage": new.name}
        )
    return new


def _reposition(requisition: Requisition, stages: list[Stage]) -> None:
    """Number the active stages in order; archived ones keep their place after them."""
    archived = list(Stage.objects.filter(requisition=requisition, archived=True))
    for n, stage in enumerate([*stages, *archived]):
        if stage.position != n:
            stage.position = n
            stage.save(update_fields=["position"])


def stage_rename(*, stage: Stage, name: str, by: User, request=None) -> Stage:
    """Only the name changes: past StageEvents point at the stage and keep their kind."""
    with transaction.atomic():
        stages = _active_stages(stage.requisition)
        old = stage.name
        for s in stages:
            if s.pk == stage.pk:
                s.name = name.strip()
        _check_requisition_stages(stages)
        stage.name = name.strip()
        stage.full_clean(exclude=["client", "requisition"])
        stage.save(update_fields=["name"])
        audit.record(
            "stage.renamed",
            actor=by,
            request=request,
            obj=stage.requisition,
            changes={"name": [old, stage.name]},
        )
    return stage


def stage_move(*, stage: Stage, up: bool, by: User, request=None) -> Stage:
    with transaction.atomic():
        stages = _active_stages(stage.requisition)
        index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(stages):
            stages[index], stages[other] = stages[other], stages[index]
        _check_requisition_stages(stages)
        _reposition(stage.requisition, stages)
        audit.record(
            "stage.moved", actor=by, request=request, obj=stage.requisition, changes={"up": up}
        )
    return stage


def stage_archive(*, stage: Stage, by: User, request=None) -> Stage:
    """Retire a stage that no active application is at; its history stays as it was."""
    from outhire.pipeline.models import Application

    with transaction.atomic():
        active = Application.objects.filter(stage=stage, status=Application.Status.ACTIVE).count()
        if active:
            raise ValidationError(
                ngettext(
                    "%(n)s active application is at “%(stage)s”: move it first.",
                    "%(n)s active applications are at “%(stage)s”: move them first.",
                    active,
                )
                % {"n": active, "stage": stage.name}
            )
        stages = [s for s in _active_stages(stage.requisition) if s.pk != stage.pk]
        _check_requisition_stages(stages)
        stage.archived = True
        stage.save(update_fields=["archived"])
        _reposition(stage.requisition, stages)
        audit.record(
            "stage.archived",
            actor=by,
            request=request,
            obj=stage.requisition,
            changes={"stage": stage.name},
        )
    return stage


DEFAULT_DISPOSITIONS = [
    ("Skills or experience do not match", "rejected"),
    ("Salary expectations above the band", "rejected"),
    ("Not selected after interview", "rejected"),
    ("Position filled by another candidate", "rejected"),
    ("Failed assessment", "rejected"),
    ("Accepted another offer", "withdrawn"),
    ("No longer interested", "withdrawn"),
    ("No response from candidate", "withdrawn"),
]


def dispositions_ensure(client) -> None:
    """Give a client the standard disposition reasons if it has none yet."""
    if not DispositionReason.objects.filter(client=client).exists():
        DispositionReason.objects.bulk_create(
            DispositionReason(client=client, name=name, applies_to=applies_to, position=n)
            for n, (name, applies_to) in enumerate(DEFAULT_DISPOSITIONS)
        )


def disposition_add(*, client, name: str, applies_to: str, by: User, request=None):
    name = name.strip()
    if DispositionReason.objects.filter(client=client, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a reason with this name.")})
    last = DispositionReason.objects.filter(client=client).order_by("-position").first()
    reason = DispositionReason(
        client=client,
        name=name,
        applies_to=applies_to,
        position=(last.position + 1) if last else 0,
    )
    reason.full_clean()
    reason.save()
    audit.record("disposition.added", actor=by, request=request, obj=reason)
    return reason


def disposition_set_active(*, reason, active: bool, by: User, request=None):
    """Deactivated reasons leave the choice lists; applications closed with them keep them."""
    reason.is_active = active
    reason.save(update_fields=["is_active"])
    audit.record(
        "disposition.activated" if active else "disposition.deactivated",
        actor=by,
        request=request,
        obj=reason,
    )
    return reason
