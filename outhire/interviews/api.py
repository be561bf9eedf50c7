"""Interviews in the JSON API: an application's interviews, scorecards, a requisition's plan.

Scoped like the pages: provider staff (and provider tokens) read their clients' interviews and
plans and add to plans; a client's user reads only the interviews they sit on, of applications
shown to the client. Scorecards of an interview are read by those who may see it, except that an
interviewer sees the others' only once their own is submitted (403 before). Each person submits
only their own scorecard.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.tenancy import get_visible_or_404
from outhire.interviews import services
from outhire.interviews.models import Interview, InterviewPlan, Kind, Recommendation, Scorecard
from outhire.interviews.services import in_sentence
from outhire.lib.api.fields import Id, IsoDateTime
from outhire.pipeline.models import Application
from outhire.requisitions.models import Competency, Requisition, Stage

# An object out of reach is a 404 before the body is validated (see accounts.api_auth).
router = Router(
    tags=["interviews"],
    auth=api_auth.path_checked_auth(
        {
            "application_id": api_auth.visible(Application),
            "interview_id": api_auth.visible(Interview),
            "requisition_id": api_auth.visible(Requisition),
        }
    ),
)


# --- Schemas ------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str
    email: str


class ScorecardStateOut(Schema):
    interviewer: PersonOut
    due_at: datetime | None
    submitted_at: datetime | None


class InterviewOut(Schema):
    id: int
    application_id: int
    plan_id: int | None
    title: str
    kind: str
    duration_minutes: int
    status: str
    starts_at: datetime | None
    ends_at: datetime | None
    time_zone: str
    location: str
    video_url: str
    sequence: int = Field(description="The iCalendar SEQUENCE of the latest invitation")
    interviewers: list[ScorecardStateOut]

    @staticmethod
    def resolve_interviewers(obj: Interview) -> list:
        return list(obj.scorecards.all())


class RatingOut(Schema):
    competency_id: int
    competency: str
    score: int
    note: str

    @staticmethod
    def resolve_competency(obj) -> str:
        return obj.competency.name


class ScorecardOut(Schema):
    id: int
    interviewer: PersonOut
    due_at: datetime | None
    submitted_at: datetime | None
    recommendation: str
    notes: str
    ratings: list[RatingOut]

    @staticmethod
    def resolve_ratings(obj: Scorecard) -> list:
        return list(obj.ratings.all())


class RatingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    competency_id: Id
    score: int = Field(ge=1, le=4)
    note: str = Field("", max_length=2000)


class ScorecardIn(Schema):
    model_config = ConfigDict(extra="forbid")

    ratings: list[RatingIn] = Field(max_length=100)
    recommendation: Recommendation
    notes: str = Field("", max_length=10000)


class PlanOut(Schema):
    id: int
    stage_id: int
    stage: str
    name: str
    kind: str
    duration_minutes: int
    interviewers: list[PersonOut]
    competencies: list[str]
    questions: list[str]
    location: str
    video_url: str

    @staticmethod
    def resolve_stage(obj: InterviewPlan) -> str:
        return obj.stage.name

    @staticmethod
    def resolve_interviewers(obj: InterviewPlan) -> list:
        return list(obj.interviewers.all())

    @staticmethod
    def resolve_competencies(obj: InterviewPlan) -> list[str]:
        return [c.name for c in obj.competencies.all()]


class PlanIn(Schema):
    model_config = ConfigDict(extra="forbid")

    stage_id: Id
    name: str = Field(min_length=1, max_length=120)
    kind: Kind = Kind.VIDEO
    duration_minutes: int = Field(45, ge=10, le=480)
    interviewers: list[str] = Field([], max_length=50, description="E-mails")
    competency_ids: list[Id] = Field([], max_length=50)
    questions: list[str] = Field([], max_length=50)
    location: str = Field("", max_length=300)
    video_url: str = Field("", max_length=500)


# --- Endpoints ----------------------------------------------------------------------------------


def _interviews():
    return Interview.objects.prefetch_related("scorecards__interviewer")


@router.get(
    "/applications/{application_id}/interviews",
    response=list[InterviewOut],
    summary="Interviews of an application",
)
def application_interviews(request: HttpRequest, application_id: int):
    application = get_visible_or_404(request.access, Application, pk=application_id)
    return _interviews().visible_to(request.access).filter(application=application)


@router.get("/interviews/{interview_id}", response=InterviewOut, summary="One interview")
def interview_detail(request: HttpRequest, interview_id: int):
    return get_visible_or_404(request.access, _interviews(), pk=interview_id)


@router.get(
    "/interviews/{interview_id}/scorecards",
    response=list[ScorecardOut],
    summary="Scorecards of an interview (an interviewer's own first)",
)
def interview_scorecards(request: HttpRequest, interview_id: int):
    interview = get_visible_or_404(request.access, Interview, pk=interview_id)
    cards = list(
        Scorecard.objects.filter(interview=interview)
        .select_related("interviewer")
        .prefetch_related("ratings__competency")
    )
    user_id = request.access.user.pk
    if not services.may_read_scorecards(request.access, interview):
        # Their own (still empty) scorecard only: the others stay hidden until it is in.
        return [c for c in cards if c.interviewer_id == user_id]
    return cards


@router.post(
    "/interviews/{interview_id}/scorecard",
    response={201: ScorecardOut},
    summary="Submit one's own scorecard",
)
def scorecard_submit(request: HttpRequest, interview_id: int, payload: ScorecardIn):
    interview = get_visible_or_404(
        request.access, Interview.objects.select_related("plan", "application"), pk=interview_id
    )
    if request.access.read_only:
        raise PermissionDenied
    own = Scorecard.objects.filter(interview=interview, interviewer=request.user).first()
    if own is None:
        raise HttpError(403, _("You are not an interviewer of this interview."))
    if own.submitted_at is not None:
        raise HttpError(409, _("Your scorecard was already submitted."))
    ratings = {r.competency_id: (r.score, r.note) for r in payload.ratings}
    if len(ratings) != len(payload.ratings):
        raise DjangoValidationError({"ratings": _("Rate each competency once.")})
    services.scorecard_submit(
        scorecard=own,
        ratings=ratings,
        recommendation=str(payload.recommendation.value),
        notes=payload.notes,
        by=request.user,
        request=request,
    )
    return Status(
        201,
        Scorecard.objects.select_related("interviewer")
        .prefetch_related("ratings__competency")
        .get(pk=own.pk),
    )


class SlotsOut(Schema):
    interview_id: int
    slots: list[datetime] = Field(
        description="Starts the whole panel is free for (UTC), 12 hours to 3 weeks ahead"
    )


class BookIn(Schema):
    model_config = ConfigDict(extra="forbid")
    starts_at: IsoDateTime = Field(
        description="One of the interview's slots (ISO 8601 with its offset)"
    )


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=300, description="Told to everyone taking part")


def _staff_interview(request: HttpRequest, interview_id: int, *, write: bool) -> Interview:
    """The interview, for provider staff (who schedule interviews); 403 for anyone else."""
    interview = get_visible_or_404(request.access, _interviews(), write=write, pk=interview_id)
    if not request.access.is_provider_staff:
        raise PermissionDenied
    return interview


@router.get(
    "/interviews/{interview_id}/slots",
    response=SlotsOut,
    summary="Times the interview can be booked at (provider staff)",
)
def interview_slots(request: HttpRequest, interview_id: int):
    interview = _staff_interview(request, interview_id, write=False)
    return {
        "interview_id": interview.pk,
        "slots": services.available_slots(interview) if interview.is_open else [],
    }


@router.post(
    "/interviews/{interview_id}/book",
    response=InterviewOut,
    summary="Book (or move) the interview at one of its slots (provider staff)",
)
def interview_book(request: HttpRequest, interview_id: int, payload: BookIn):
    interview = _staff_interview(request, interview_id, write=True)
    if payload.starts_at.tzinfo is None:
        raise DjangoValidationError({"starts_at": _("Give the time with its offset, e.g. +00:00.")})
    if not interview.is_open:
        raise HttpError(
            409,
            _("This interview is %(status)s.")
            % {"status": in_sentence(interview.get_status_display())},
        )
    if payload.starts_at not in set(services.available_slots(interview)):
        raise DjangoValidationError(
            {"starts_at": _("Not one of the interview's free slots: read them from /slots.")}
        )
    try:
        services.interview_book(
            interview=interview, start=payload.starts_at, by=request.user, request=request
        )
    except DjangoValidationError as error:
        # Taken by someone else between the slots and this request.
        raise HttpError(409, " ".join(error.messages)) from None
    return _interviews().get(pk=interview.pk)


@router.post(
    "/interviews/{interview_id}/cancel",
    response=InterviewOut,
    summary="Call the interview off; a booked one sends everyone the cancellation",
)
def interview_cancel(request: HttpRequest, interview_id: int, payload: CancelIn):
    interview = _staff_interview(request, interview_id, write=True)
    if not interview.is_open:
        raise HttpError(
            409,
            _("This interview is %(status)s.")
            % {"status": in_sentence(interview.get_status_display())},
        )
    services.interview_cancel(
        interview=interview, by=request.user, reason=payload.reason.strip(), request=request
    )
    return _interviews().get(pk=interview.pk)


def _plans(requisition: Requisition):
    return (
        InterviewPlan.objects.filter(requisition=requisition)
        .select_related("stage")
        .prefetch_related("interviewers", "competencies")
    )


@router.get(
    "/requisitions/{requisition_id}/interview-plan",
    response=list[PlanOut],
    summary="A requisition's interview plan (provider staff)",
)
def plan_list(request: HttpRequest, requisition_id: int):
    requisition = get_visible_or_404(request.access, Requisition, pk=requisition_id)
    if not request.access.is_provider_staff:
        raise PermissionDenied
    return _plans(requisition)


@router.post(
    "/requisitions/{requisition_id}/interview-plan",
    response={201: PlanOut},
    summary="Add an interview to a requisition's plan (provider staff)",
)
def plan_create(request: HttpRequest, requisition_id: int, payload: PlanIn):
    requisition = get_visible_or_404(request.access, Requisition, write=True, pk=requisition_id)
    if not request.access.is_provider_staff:
        raise PermissionDenied
    stage = Stage.objects.filter(requisition=requisition, pk=payload.stage_id).first()
    if stage is None:
        raise DjangoValidationError({"stage_id": _("No stage of this requisition has this id.")})
    people = list(
        services.interviewer_choices(requisition.client).filter(
            email__in=[e.lower() for e in payload.interviewers]
        )
    )
    if len(people) != len({e.lower() for e in payload.interviewers}):
        raise DjangoValidationError(
            {"interviewers": _("Each interviewer must be someone who works with this client.")}
        )
    competencies = list(
        Competency.objects.filter(requisition=requisition, pk__in=payload.competency_ids)
    )
    if len(competencies) != len(set(payload.competency_ids)):
        raise DjangoValidationError({"competency_ids": _("Use competencies of this requisition.")})
    plan = services.plan_save(
        requisition=requisition,
        fields={
            "stage": stage,
            "name": payload.name,
            "kind": str(payload.kind.value),
            "duration_minutes": payload.duration_minutes,
            "questions": payload.questions,
            "location": payload.location,
            "video_url": payload.video_url,
        },
        interviewers=people,
        competencies=competencies,
        by=request.user,
        request=request,
    )
    return Status(201, _plans(requisition).get(pk=plan.pk))
