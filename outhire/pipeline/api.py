"""Applications and their moves in the JSON API.

Scoped like the staff app and the portal: provider staff (and provider tokens) see every
application of their clients and move them; a client's user or token reads only the
applications shortlisted to it (kind `submitted` onwards) and writes nothing here. A move made
with a stale `version` answers 409 with the application as it is now; a move the rules refuse
answers 422.
"""

# No `from __future__ import annotations` here: django-ninja builds its parameter models from
# the annotations of the views, which must then be real types, not strings.

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.lib.api.errors import ErrorOut
from outhire.lib.api.fields import Id, Version
from outhire.lib.api.pagination import Pagination
from outhire.pipeline import services
from outhire.pipeline.communication import messaging
from outhire.pipeline.communication.comments import sees_internal
from outhire.pipeline.models import Application, Message, MessageTemplate, StageEvent
from outhire.requisitions.models import DispositionReason, Requisition, Stage
from outhire.requisitions.services import StaleVersion

router = Router(tags=["applications"])


# --- Schemas --------------------------------------------------------------------------------
# Fields are listed one by one so a new model field never leaks by accident; a client sees a
# candidate's profile summary only, never contact data.


class ApplicationStageOut(Schema):
    id: int
    name: str
    kind: str


class CandidateSummaryOut(Schema):
    id: int
    full_name: str
    current_title: str
    current_employer: str
    location: str


class ApplicationOut(Schema):
    id: int
    requisition_id: int
    candidate: CandidateSummaryOut
    stage: ApplicationStageOut
    status: str
    disposition: str | None = Field(description="Why it was rejected or withdrawn")
    source: str
    version: int = Field(description="Send it back with a move; a stale one answers 409")
    created_at: datetime
    moved_at: datetime
    reached_client_at: datetime | None

    @staticmethod
    def resolve_disposition(obj: Application) -> str | None:
        return obj.disposition.name if obj.disposition_id else None


class EventOut(Schema):
    kind: str
    from_stage: ApplicationStageOut | None
    to_stage: ApplicationStageOut
    from_status: str
    to_status: str
    at: datetime
    by: str | None = Field(description="Who made the move (full name)")
    reason: str
    disposition: str | None

    @staticmethod
    def resolve_by(obj: StageEvent) -> str | None:
        return (obj.by.full_name or obj.by.email) if obj.by_id else None

    @staticmethod
    def resolve_disposition(obj: StageEvent) -> str | None:
        return obj.disposition.name if obj.disposition_id else None


class ApplicationDetailOut(ApplicationOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Application) -> list[StageEvent]:
        return obj.visible_events


class ApplicationConflictOut(ErrorOut):
    current: ApplicationOut = Field(description="The application as it is now")


class ApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    candidate_id: Id
    stage_id: Id | None = Field(None, description="Default: sourced (applied for careers_site)")
    source: Candidate.Source | None = None


class MoveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    stage_id: Id
    version: Version
    reason: str = Field("", max_length=2000)


class RejectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    disposition_id: Id
    version: Version
    reason: str = Field("", max_length=2000, description="Stored on the stage event")


class ReopenIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: Version
    reason: str = Field("", max_length=2000)


# --- Helpers ----------------------------------------------------------------------------------


def _applications():
    # A function, not a module-level queryset: the tenant scope is taken when it is called.
    return Application.objects.select_related("candidate", "stage", "disposition")


def _application(request: HttpRequest, application_id: int, *, write: bool = False):
    application = get_visible_or_404(
        request.access, _applications(), write=write, pk=application_id
    )
    if write and not request.access.is_provider_staff:
        # The client's hiring team decides in the portal; the API moves are the provider's.
        raise PermissionDenied
    return application


def _detail(request: HttpRequest, application: Application) -> Application:
    application = _applications().get(pk=application.pk)
    # The client sees the history from the shortlist on: StageEvent's row rule, in the scope.
    events = StageEvent.objects.filter(application=application).select_related(
        "from_stage", "to_stage", "by", "disposition"
    )
    application.visible_events = list(events)
    return application


def _conflict(stale: StaleVersion) -> Status:
    current = _applications().get(pk=stale.current.pk)
    return Status(
        409,
        {
            "message": _(
                "Someone else changed this application in the meantime; here it is as it is now."
            ),
            "code": "conflict",
            "current": current,
        },
    )


def _disposition(application: Application, disposition_id: int) -> DispositionReason:
    disposition = DispositionReason.objects.filter(
        pk=disposition_id, client_id=application.client_id, is_active=True
    ).first()
    if disposition is None:
        raise DjangoValidationError(
            {"disposition_id": _("Choose a reason from the client's list.")}
        )
    return disposition


# --- Endpoints --------------------------------------------------------------------------------


@router.get(
    "/requisitions/{requisition_id}/applications",
    response=list[ApplicationOut],
    summary="Applications of a requisition",
)
@paginate(Pagination)
def application_list(
    request: HttpRequest, requisition_id: int, stage: Id | None = None, status: str = ""
):
    """Most recently moved first. `stage`: a stage id; `status`: active, hired, rejected or
    withdrawn. A client's token sees only the applications shortlisted to the client."""
    requisition = get_visible_or_404(request.access, Requisition, pk=requisition_id)
    applications = _applications().visible_to(request.access).filter(requisition=requisition)
    if stage is not None:
        applications = applications.filter(stage_id=stage)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("-moved_at", "-id")


@router.post(
    "/requisitions/{requisition_id}/applications",
    response={201: ApplicationDetailOut},
    summary="Add a candidate of the talent network to a requisition",
)
def application_create(request: HttpRequest, requisition_id: int, payload: ApplicationIn):
    requisition = get_visible_or_404(request.access, Requisition, write=True, pk=requisition_id)
    if not request.access.is_provider_staff:
        raise PermissionDenied
    candidate = get_visible_or_404(
        request.access, Candidate.objects.active(), pk=payload.candidate_id
    )
    stage = None
    if payload.stage_id is not None:
        stage = Stage.objects.filter(
            pk=payload.stage_id, requisition=requisition, archived=False
        ).first()
        if stage is None:
            raise DjangoValidationError(
                {"stage_id": _("That stage is not one of this requisition's.")}
            )
    application = services.application_create(
        requisition=requisition,
        candidate=candidate,
        by=request.user,
        stage=stage,
        source=payload.source.value if payload.source else "",
        request=request,
    )
    return Status(201, _detail(request, application))


@router.get(
    "/applications/{application_id}",
    response=ApplicationDetailOut,
    summary="One application, with its stage history",
)
def application_detail(request: HttpRequest, application_id: int):
    return _detail(request, _application(request, application_id))


@router.post(
    "/applications/{application_id}/move",
    response={200: ApplicationDetailOut, 409: ApplicationConflictOut},
    summary="Move an application to another stage of its requisition",
)
def application_move(request: HttpRequest, application_id: int, payload: MoveIn):
    """A move to the `hired` stage is a hire: it fills an opening (the last one fills the
    requisition). 409 with the current application when `version` is stale; 422 when refused."""
    application = _application(request, application_id, write=True)
    stage = Stage.objects.filter(pk=payload.stage_id, requisition_id=application.requisition_id)
    stage = stage.first()
    if stage is None:
        raise DjangoValidationError({"stage_id": _("That stage is not one of this requisition's.")})
    try:
        services.application_move(
            application=application,
            to_stage=stage,
            by=request.user,
            expected_version=payload.version,
            reason=payload.reason,
            request=request,
        )
    except StaleVersion as stale:
        return _conflict(stale)
    return _detail(request, application)


def _close(request: HttpRequest, application_id: int, payload: RejectIn, *, withdrawn: bool):
    application = _application(request, application_id, write=True)
    try:
        services.application_reject(
            application=application,
            by=request.user,
            disposition=_disposition(application, payload.disposition_id),
            reason=payload.reason,
            expected_version=payload.version,
            withdrawn=withdrawn,
            request=request,
        )
    except StaleVersion as stale:
        return _conflict(stale)
    return _detail(request, application)


@router.post(
    "/applications/{application_id}/reject",
    response={200: ApplicationDetailOut, 409: ApplicationConflictOut},
    summary="Reject an application with a reason from the client's list",
)
def application_reject(request: HttpRequest, application_id: int, payload: RejectIn):
    return _close(request, application_id, payload, withdrawn=False)


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: ApplicationDetailOut, 409: ApplicationConflictOut},
    summary="Record that the candidate withdrew, with a reason from the client's list",
)
def application_withdraw(request: HttpRequest, application_id: int, payload: RejectIn):
    return _close(request, application_id, payload, withdrawn=True)


@router.post(
    "/applications/{application_id}/reopen",
    response={200: ApplicationDetailOut, 409: ApplicationConflictOut},
    summary="Make a rejected, withdrawn or hired application active again",
)
def application_reopen(request: HttpRequest, application_id: int, payload: ReopenIn):
    application = _application(request, application_id, write=True)
    try:
        services.application_reopen(
            application=application,
            by=request.user,
            reason=payload.reason,
            expected_version=payload.version,
            request=request,
        )
    except StaleVersion as stale:
        return _conflict(stale)
    return _detail(request, application)


# --- Messages to and from the candidate (provider staff of the client) --------------------------


class MessageOut(Schema):
    id: int
    direction: str = Field(
        description="outbound (sent by Outhire) or inbound (a reply received or logged)"
    )
    status: str = Field(
        description="queued, sent, failed or bounced (outbound); logged (by hand), received "
        "(by e-mail) or auto_reply (an out-of-office or other machine answer)"
    )
    subject: str
    body: str
    template_id: int | None
    sent_by: str | None = Field(description="Who sent or logged it (full name)")
    created_at: datetime
    sent_at: datetime | None
    error: str
    from_address: str = Field(description="Who a received e-mail came from")
    excerpt: str = Field(description="A received e-mail's new text, without the quoted message")
    documents: list[int] = Field(
        description="Attachments of a received e-mail kept as the candidate's documents (ids)"
    )
    attachments_refused: list[dict[str, str]] = Field(
        description="Attachments not kept: `name` and `reason`"
    )

    @staticmethod
    def resolve_documents(obj: Message) -> list[int]:
        return [document.pk for document in obj.documents.all()]

    @staticmethod
    def resolve_sent_by(obj: Message) -> str | None:
        return (obj.sent_by.full_name or obj.sent_by.email) if obj.sent_by_id else None


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")
    template_id: Id | None = Field(
        None, description="Send one of the client's templates, merged for this candidate"
    )
    subject: str = Field("", max_length=200, description="Or write it: the subject...")
    body: str = Field("", max_length=20000, description="...and the plain-text body")


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field("", max_length=200)
    body: str = Field(min_length=1, max_length=20000)


def _messages_application(request: HttpRequest, application_id: int, *, write: bool):
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition__client"),
        write=write,
        pk=application_id,
    )
    if not sees_internal(request.access, application.client_id):
        # What the provider says to candidates is the provider's: not the client's people.
        raise PermissionDenied
    return application


@router.get(
    "/applications/{application_id}/messages",
    response=list[MessageOut],
    summary="E-mails sent to the candidate and replies logged (provider staff)",
)
@paginate(Pagination)
def message_list(request: HttpRequest, application_id: int):
    application = _messages_application(request, application_id, write=False)
    return (
        Message.objects.filter(application=application)
        .select_related("sent_by")
        .prefetch_related("documents")
    )


@router.post(
    "/applications/{application_id}/messages",
    response={201: MessageOut},
    summary="E-mail the candidate: a template of the client's, or a message written here",
)
def message_create(request: HttpRequest, application_id: int, payload: MessageIn):
    application = _messages_application(request, application_id, write=True)
    if payload.template_id is not None:
        if payload.subject or payload.body:
            raise DjangoValidationError(
                {"template_id": _("Send a template or write a message, not both.")}
            )
        template = MessageTemplate.objects.filter(
            pk=payload.template_id, client_id=application.client_id, is_active=True
        ).first()
        if template is None:
            raise DjangoValidationError({"template_id": _("No active template of the client.")})
        message = messaging.message_send(
            application=application, template=template, by=request.user, request=request
        )
    else:
        if not payload.subject.strip() or not payload.body.strip():
            raise DjangoValidationError(
                {"body": _("Give a template_id, or a subject and a body to send.")}
            )
        message = messaging.draft_send(
            application=application,
            draft=messaging.Draft(None, "", payload.subject, payload.body),
            by=request.user,
            request=request,
        )
    return Status(201, Message.objects.select_related("sent_by").get(pk=message.pk))


@router.post(
    "/applications/{application_id}/messages/replies",
    response={201: MessageOut},
    summary="Log a reply the candidate sent to someone's own mailbox",
)
def reply_create(request: HttpRequest, application_id: int, payload: ReplyIn):
    application = _messages_application(request, application_id, write=True)
    message = messaging.reply_log(
        application=application,
        subject=payload.subject,
        body=payload.body,
        by=request.user,
        request=request,
    )
    return Status(201, Message.objects.select_related("sent_by").get(pk=message.pk))
