"""Requisitions, their approvals and stages in the JSON API.

Scoped as the pages are: a client's token or user sees that client's requisitions only, and
the provider-internal fields (recruiters, active applications, pipeline template) come back as
null for them. A draft is raised, edited and submitted by provider staff or by the client's
admins, recruiters and hiring managers (a hiring manager: their own; the provider is notified
of a client's submission); working it through the rest of its life (hold, resume, cancel) is
the provider's; an approval is given by the approver's own token. Who may take which action
from which status is the table in `requisitions.transitions`: a role that may not answers 403,
a status that does not allow it 409 (code `invalid_transition`).
"""

# No `from __future__ import annotations` here: django-ninja builds its query-parameter models
# from the annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.api.errors import ErrorOut
from outhire.lib.api.fields import Id, IsoDate, Version
from outhire.lib.api.pagination import Pagination
from outhire.requisitions import services
from outhire.requisitions.forms import assigned_staff, client_users
from outhire.requisitions.models import Approval, Requisition, Stage
from outhire.requisitions.transitions import Action, TransitionRefused
from outhire.requisitions.views import requisitions_for_list

# A requisition out of reach is a 404 before the body is validated (see accounts.api_auth).
router = Router(
    tags=["requisitions"],
    auth=api_auth.path_checked_auth({"requisition_id": api_auth.visible(Requisition)}),
)


def _is_staff(context: Any) -> bool:
    request = (context or {}).get("request")
    return bool(request is not None and request.access.is_provider_staff)


class RequisitionOut(Schema):
    id: int
    client_id: int
    reference: str
    title: str
    department: str
    location: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the job's country, or empty")
    remote_policy: str
    employment_type: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    salary_currency: str
    openings: int
    priority: str
    status: str
    hiring_manager: str | None = Field(description="The hiring manager's e-mail address")
    recruiters: list[str] | None = Field(description="E-mails; null for the client's principals")
    active_applications: int | None = Field(description="Null for the client's principals")
    target_start: date | None
    time_zone: str = Field(description="IANA name of the job's zone; empty when not set")
    description: str
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    created_at: datetime
    approved_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None
    version: int

    @staticmethod
    def resolve_hiring_manager(obj: Requisition) -> str | None:
        return obj.hiring_manager.email if obj.hiring_manager else None

    @staticmethod
    def resolve_recruiters(obj: Requisition, context) -> list[str] | None:
        if not _is_staff(context):
            return None
        return [u.email for u in obj.recruiters.all()]

    @staticmethod
    def resolve_active_applications(obj: Requisition, context) -> int | None:
        if not _is_staff(context):
            return None
        return getattr(obj, "active_applications", None)


class ConflictOut(ErrorOut):
    current: RequisitionOut


class RequisitionPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(None, min_length=1, max_length=200)
    department: str = Field(None, max_length=120)
    location: str = Field(None, max_length=200)
    country: str = Field(
        None,
        pattern=r"^([A-Za-z]{2})?$",
        description=(
            "ISO 3166-1 alpha-2 code of the job's country, such as US or DE; empty for none. "
            "It decides the self-identification questions applicants are asked."
        ),
    )
    remote_policy: Literal["on_site", "hybrid", "remote"] = None
    employment_type: Requisition.EmploymentType = None
    salary_min: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    salary_max: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    salary_currency: str = Field(None, pattern=r"^[A-Za-z]{3}$")
    openings: int = Field(None, ge=1, le=1000)
    priority: Requisition.Priority = None
    hiring_manager: str | None = Field(None, description="E-mail of a user of the client")
    recruiters: list[str] = Field(None, description="E-mails of provider staff (staff only)")
    target_start: IsoDate | None = None
    time_zone: str = Field(None, max_length=64, description="IANA name, such as Europe/Berlin")
    description: str = None
    must_have_skills: list[str] = None
    nice_to_have_skills: list[str] = None


class RequisitionUpdateIn(RequisitionPatchIn):
    version: Version = Field(description="The version you read; a stale one answers 409")


class RequisitionIn(RequisitionPatchIn):
    client_id: Id
    title: str = Field(min_length=1, max_length=200)


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=2000)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["approve", "send_back"]
    comment: str = Field("", max_length=2000)


class ApprovalOut(Schema):
    id: int
    round: int
    position: int
    approver: str
    decision: str
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_approver(obj: Approval) -> str:
        return obj.approver.email


class StageOut(Schema):
    id: int
    position: int
    name: str
    kind: str
    archived: bool


def _fields(payload: RequisitionPatchIn, client: Client, request: HttpRequest) -> dict:
    data = payload.model_dump(exclude_unset=True, exclude={"client_id", "version"})
    if "hiring_manager" in data:
        email = data["hiring_manager"]
        manager = None
        if email is not None:
            manager = client_users([client.pk]).filter(email__iexact=email).first()
            if manager is None:
                raise DjangoValidationError({"hiring_manager": _("No user of this client has it.")})
        data["hiring_manager"] = manager
    if "recruiters" in data:
        if not request.access.is_provider_staff:
            raise DjangoValidationError({"recruiters": _("Recruiters are the provider's choice.")})
        emails = {e.lower() for e in data["recruiters"]}
        staff = list(assigned_staff([client.pk]).filter(email__in=emails))
        if len(staff) != len(emails):
            raise DjangoValidationError(
                {"recruiters": _("Each must be provider staff assigned to this client.")}
            )
        data["recruiters"] = staff
    if data.get("salary_currency"):
        data["salary_currency"] = data["salary_currency"].upper()
    if data.get("country"):
        data["country"] = data["country"].upper()
    for name in ("must_have_skills", "nice_to_have_skills"):
        if name in data:
            data[name] = list(dict.fromkeys(s.strip() for s in data[name] if s.strip()))
    for name in ("remote_policy", "employment_type", "priority"):
        if name in data and data[name] is not None:
            data[name] = str(getattr(data[name], "value", data[name]))
    for name in ("title", "department", "location", "country", "description", "time_zone"):
        if name in data and data[name] is None:
            raise DjangoValidationError({name: _("This field may not be null.")})
    return data


def _get(request: HttpRequest, requisition_id: int, *, write: bool = False) -> Requisition:
    return get_visible_or_404(
        request.access,
        requisitions_for_list(request.access),
        write=write,
        pk=requisition_id,
    )


def _transition_target(request: HttpRequest, requisition_id: int, action: Action) -> Requisition:
    requisition = _get(request, requisition_id)
    if not services.requisition_may(request.access, requisition, action):
        raise PermissionDenied
    return requisition


def _refused(error: TransitionRefused) -> Status:
    return Status(409, {"message": error.messages[0], "code": "invalid_transition"})


TRANSITION_RESPONSES = {200: RequisitionOut, 409: ErrorOut}


@router.get("/requisitions", response=list[RequisitionOut], summary="Requisitions")
@paginate(Pagination)
def requisition_list(
    request: HttpRequest,
    client_id: Id | None = None,
    status: Requisition.Status | None = None,
    priority: Requisition.Priority | None = None,
    mine: bool = False,
):
    """Newest first. `mine`: those you recruit for (provider staff) or manage (client users)."""
    requisitions = requisitions_for_list(request.access)
    if client_id is not None:
        requisitions = requisitions.filter(client_id=client_id)
    if status is not None:
        requisitions = requisitions.filter(status=status)
    if priority is not None:
        requisitions = requisitions.filter(priority=priority)
    if mine:
        if request.access.is_provider_staff:
            requisitions = requisitions.filter(recruiters=request.user)
        else:
            requisitions = requisitions.filter(hiring_manager=request.user)
    return requisitions


@router.post(
    "/requisitions", response={201: RequisitionOut}, summary="Raise a requisition (a draft)"
)
def requisition_create(request: HttpRequest, payload: RequisitionIn) -> Status:
    """Provider staff, and the client's admins, recruiters and hiring managers, raise drafts."""
    client = get_visible_or_404(request.access, Client, pk=payload.client_id)
    if not services.requisition_may_raise(request.access, client.pk):
        raise PermissionDenied
    fields = _fields(payload, client, request)
    requisition = services.requisition_create(
        client=client, by=request.user, fields=fields, access=request.access, request=request
    )
    return Status(201, _get(request, requisition.pk))


@router.get("/requisitions/{requisition_id}", response=RequisitionOut, summary="One requisition")
def requisition_detail(request: HttpRequest, requisition_id: int):
    return _get(request, requisition_id)


@router.patch(
    "/requisitions/{requisition_id}",
    response={200: RequisitionOut, 409: ConflictOut},
    summary="Change a requisition; 409 with its current state when `version` is stale",
)
def requisition_update(request: HttpRequest, requisition_id: int, payload: RequisitionUpdateIn):
    requisition = _get(request, requisition_id)
    if not services.requisition_may_edit(request.access, requisition):
        raise PermissionDenied
    fields = _fields(payload, requisition.client, request)
    try:
        services.requisition_update(
            requisition=requisition,
            fields=fields,
            by=request.user,
            expected_version=payload.version,
            access=request.access,
            request=request,
        )
    except services.StaleVersion:
        return Status(
            409,
            {
                "message": _("Someone else changed this requisition; here is what it is now."),
                "code": "conflict",
                "current": _get(request, requisition_id),
            },
        )
    return _get(request, requisition_id)


@router.post(
    "/requisitions/{requisition_id}/submit",
    response=TRANSITION_RESPONSES,
    summary="Submit a draft for approval (it opens at once without an approval chain)",
)
def requisition_submit(request: HttpRequest, requisition_id: int):
    requisition = _transition_target(request, requisition_id, Action.SUBMIT)
    try:
        services.requisition_submit(
            requisition=requisition, by=request.user, access=request.access, request=request
        )
    except TransitionRefused as refused:
        return _refused(refused)
    requisition.refresh_from_db()
    services.approval_notify_next(requisition=requisition)
    return _get(request, requisition_id)


def _reason_transition(request: HttpRequest, requisition_id: int, action: Action, service, reason):
    requisition = _transition_target(request, requisition_id, action)
    try:
        service(
            requisition=requisition,
            by=request.user,
            reason=reason,
            access=request.access,
            request=request,
        )
    except TransitionRefused as refused:
        return _refused(refused)
    return _get(request, requisition_id)


@router.post(
    "/requisitions/{requisition_id}/hold",
    response=TRANSITION_RESPONSES,
    summary="Put an open requisition on hold (a reason is required)",
)
def requisition_hold(request: HttpRequest, requisition_id: int, payload: ReasonIn):
    return _reason_transition(
        request, requisition_id, Action.HOLD, services.requisition_hold, payload.reason
    )


@router.post(
    "/requisitions/{requisition_id}/resume",
    response=TRANSITION_RESPONSES,
    summary="Open a requisition on hold again (one pending approval opens only by approval)",
)
def requisition_resume(request: HttpRequest, requisition_id: int, payload: ReasonIn):
    return _reason_transition(
        request, requisition_id, Action.RESUME, services.requisition_resume, payload.reason
    )


@router.post(
    "/requisitions/{requisition_id}/cancel",
    response=TRANSITION_RESPONSES,
    summary="Cancel a requisition that is not filled (a reason is required)",
)
def requisition_cancel(request: HttpRequest, requisition_id: int, payload: ReasonIn):
    return _reason_transition(
        request, requisition_id, Action.CANCEL, services.requisition_cancel, payload.reason
    )


@router.get(
    "/requisitions/{requisition_id}/approvals",
    response=list[ApprovalOut],
    summary="Every approval round, oldest first",
)
def approval_list(request: HttpRequest, requisition_id: int):
    requisition = _get(request, requisition_id)
    return list(
        Approval.objects.filter(requisition=requisition)
        .select_related("approver")
        .order_by("round", "position")
    )


@router.post(
    "/requisitions/{requisition_id}/approve",
    response={200: ApprovalOut, 409: ErrorOut},
    summary="Approve or send back, as the approver whose turn it is",
)
def requisition_approve(request: HttpRequest, requisition_id: int, payload: DecisionIn):
    """403 for anyone not an approver of it; 409 when the requisition is not waiting for
    approval; 422 when deciding twice or out of turn. Sending back needs a comment."""
    requisition = _get(request, requisition_id)
    if request.access.read_only:
        raise PermissionDenied
    try:
        step = services.approval_decide(
            requisition=requisition,
            by=request.user,
            approve=payload.decision == "approve",
            comment=payload.comment,
            access=request.access,
            request=request,
        )
    except TransitionRefused as refused:
        return _refused(refused)
    services.approval_notify_next(requisition=requisition)
    return Approval.objects.select_related("approver").get(pk=step.pk)


@router.get(
    "/requisitions/{requisition_id}/stages",
    response=list[StageOut],
    summary="The requisition's own stages, in order (archived ones last)",
)
def stage_list(request: HttpRequest, requisition_id: int):
    requisition = _get(request, requisition_id)
    return list(Stage.objects.filter(requisition=requisition).order_by("archived", "position"))
