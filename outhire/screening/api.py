"""Screening in the JSON API: match scores, the AI decision log, assessments, the bias audit.

Scoped exactly as the pages, whose checks are reused here. Matches and the decision log are for
provider staff only (to a client's users they do not exist: 404); adding a best match to the
pipeline needs write access (403 for a reader). Every score returned is logged as shown to the
caller, as on the match page. An application's assessments are read by whoever may see the
application. The bias audit (aggregates only, each read audited) is for provider admins and
the client's admins. Anything out of reach is 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from outhire.accounts import api_auth, audit
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.lib.api.fields import Id, IsoDate
from outhire.lib.api.pagination import Pagination
from outhire.pipeline.models import Application
from outhire.requisitions.models import Requisition, StageKind
from outhire.screening import audit_report, ranking, selectors
from outhire.screening.forms import BiasAuditForm
from outhire.screening.matcher import MATCHER_VERSION
from outhire.screening.models import AssessmentSitting, ScoreLog, ScreeningSettings
from outhire.screening.templatetags.screening import blind

# An object out of reach is a 404 before anything else is looked at (see accounts.api_auth).
router = Router(
    tags=["screening"],
    auth=api_auth.path_checked_auth(
        {
            "requisition_id": api_auth.visible(Requisition),
            "application_id": api_auth.visible(Application),
            "sitting_id": api_auth.visible(AssessmentSitting),
        }
    ),
)


# --- Schemas ---------------------------------------------------------------------------------


class RankedOut(Schema):
    candidate: int = Field(description="The candidate's id")
    name: str | None = Field(
        description="The candidate's full name; null while the client's blind review hides it"
    )
    application: int | None = Field(description="The application's id (applicants only)")
    stage: str | None = Field(description="The application's stage (applicants only)")
    score: float = Field(
        description="0-100 for this job and candidate alone (not relative to the others ranked)"
    )
    reasons: list[dict] = Field(description="The matcher's reasons, one object per `kind`")
    reason_lines: list[str] = Field(description="The reasons in words, as the match page shows")


class MatchesOut(Schema):
    requisition: int
    matcher_version: str
    applicants: list[RankedOut] = Field(description="The active applications, best first")
    matches: list[RankedOut] = Field(
        description="The talent network's best matches not yet in the pipeline, best first"
    )


class AddedOut(Schema):
    application: int = Field(description="The new application's id")
    requisition: int
    candidate: int
    stage: str
    decision_recorded: bool = Field(
        description="Whether a score shown earlier now carries the decision"
    )


class ScoreLogOut(Schema):
    id: int
    requisition: int
    candidate: int
    application: int | None
    matcher_version: str
    input_digest: str = Field(description="sha256 of the inputs the score was computed from")
    score: float
    reasons: list[dict]
    reason_lines: list[str]
    shown_to: str | None = Field(description="The e-mail of the person shown the score")
    shown_at: datetime
    decision: str = Field(description="What a person then decided; empty while undecided")
    decided_by: str | None = Field(description="The e-mail of the person who decided")
    decided_at: datetime | None

    @staticmethod
    def resolve_requisition(obj: ScoreLog) -> int:
        return obj.requisition_id

    @staticmethod
    def resolve_candidate(obj: ScoreLog) -> int:
        return obj.candidate_id

    @staticmethod
    def resolve_application(obj: ScoreLog) -> int | None:
        return obj.application_id

    @staticmethod
    def resolve_reason_lines(obj: ScoreLog) -> list[str]:
        return ranking.reasons_in_words(obj.reasons)

    @staticmethod
    def resolve_shown_to(obj: ScoreLog) -> str | None:
        return obj.shown_to.email if obj.shown_to else None

    @staticmethod
    def resolve_decided_by(obj: ScoreLog) -> str | None:
        return obj.decided_by.email if obj.decided_by else None


class SittingOut(Schema):
    id: int
    assessment: int
    assessment_name: str
    status: str = Field(description="sent, started, submitted (awaiting review), scored, expired")
    sent_at: datetime
    expires_at: datetime
    submitted_at: datetime | None
    points: float | None = Field(description="Points scored so far; null until submitted")
    possible_points: float
    percent: int | None = Field(description="Points of the possible, in percent, once submitted")
    needs_review: bool = Field(description="Free-text answers await a reviewer")
    flagged: bool = Field(description="An answer tripped a flag rule; a person confirms")
    flag_reasons: list[str]
    reviewed_at: datetime | None

    @staticmethod
    def resolve_assessment(obj: AssessmentSitting) -> int:
        return obj.assessment_id

    @staticmethod
    def resolve_assessment_name(obj: AssessmentSitting) -> str:
        return obj.assessment.name

    @staticmethod
    def resolve_points(obj: AssessmentSitting) -> float | None:
        return obj.total_points if obj.submitted_at else None


class BiasAuditIn(Schema):
    measure: Literal["selection", "scoring"] = Field(
        "selection",
        description="selection: reached `to_kind` among those who reached `from_kind`; "
        "scoring: share above the median of the scores shown",
    )
    from_kind: StageKind = StageKind.SCREEN
    to_kind: StageKind = StageKind.INTERVIEW
    requisitions: list[Id] = Field(
        default_factory=list, description="Requisition ids of the client; none: all of them"
    )
    start: IsoDate | None = Field(None, description="Applications added from this day")
    end: IsoDate | None = Field(None, description="Applications added until this day, included")


class GroupOut(Schema):
    category: str
    count: int
    favourable: int = Field(description="Selected, or scored above the median")
    rate: float | None
    impact_ratio: float | None = Field(description="rate / the highest rate compared")
    below_four_fifths: bool
    excluded: bool = Field(description="Under 2% of those assessed: left out of the ratios")


class AuditTableOut(Schema):
    dimension: str = Field(description="sex, race or intersection")
    measure: str
    groups: list[GroupOut]
    unknown: int = Field(description="Assessed without a category on this dimension")
    total: int
    median_score: float | None


class BiasAuditOut(Schema):
    client: str
    measure: str
    from_kind: str
    to_kind: str
    requisitions: list[int]
    start: date | None
    end: date | None
    assessed: int
    with_self_id: int
    tables: list[AuditTableOut]


# --- Matches ---------------------------------------------------------------------------------


def _ranked_out(request: HttpRequest, row: ranking.Ranked) -> dict:
    application = row.application
    # The same test as the pipeline pages' {% blind_name %}, cached on the request likewise
    hidden = application is not None and blind({"request": request}, application)
    return {
        "candidate": row.candidate.pk,
        "name": None if hidden else row.candidate.full_name,
        "application": application.pk if application else None,
        "stage": application.stage.name if application else None,
        "score": row.score,
        "reasons": row.reasons,
        "reason_lines": row.reason_lines,
    }


@router.get(
    "/requisitions/{requisition_id}/matches",
    response=MatchesOut,
    summary="Applicants ranked and the talent network's best matches (every score is logged)",
)
def requisition_matches(request: HttpRequest, requisition_id: int) -> dict:
    """409 while AI-assisted ranking is switched off for the client."""
    requisition = selectors.staff_requisition(request.access, requisition_id)
    screening = ScreeningSettings.for_client(requisition.client_id)
    if not screening.ai_ranking_enabled:
        raise HttpError(
            409,
            f"AI-assisted ranking is switched off for {requisition.client.name}: "
            "no scores are computed or shown.",
        )
    weights = screening.matcher_weights()
    applicants = ranking.rank_applicants(requisition, weights)
    matches = ranking.best_matches(requisition, weights)
    ranking.log_shown(requisition, applicants + matches, request.user)
    return {
        "requisition": requisition.pk,
        "matcher_version": MATCHER_VERSION,
        "applicants": [_ranked_out(request, row) for row in applicants],
        "matches": [_ranked_out(request, row) for row in matches],
    }


@router.post(
    "/requisitions/{requisition_id}/matches/{candidate_id}/add",
    response={201: AddedOut},
    summary="Add a candidate to the pipeline as sourced, noted beside the score shown",
)
def requisition_matches_add(request: HttpRequest, requisition_id: int, candidate_id: int):
    """409 when the candidate is already in this requisition's pipeline; 422 when the
    requisition takes no candidates."""
    requisition = selectors.staff_requisition(request.access, requisition_id, write=True)
    candidate = get_visible_or_404(request.access, Candidate.objects.active(), pk=candidate_id)
    if Application.objects.filter(requisition=requisition, candidate=candidate).exists():
        raise DjangoValidationError(
            _("%(name)s is already in the pipeline of this requisition.")
            % {"name": candidate.full_name},
            code="unique",
        )
    application, log = ranking.match_add(
        requisition=requisition, candidate=candidate, by=request.user, request=request
    )
    return Status(
        201,
        {
            "application": application.pk,
            "requisition": requisition.pk,
            "candidate": candidate.pk,
            "stage": application.stage.name,
            "decision_recorded": log is not None,
        },
    )


@router.get(
    "/requisitions/{requisition_id}/score-log",
    response=list[ScoreLogOut],
    summary="The AI decision log: every score shown, newest first, beside the decision taken",
)
@paginate(Pagination)
def score_log(request: HttpRequest, requisition_id: int):
    return selectors.score_logs(selectors.staff_requisition(request.access, requisition_id))


# --- Assessments -----------------------------------------------------------------------------


@router.get(
    "/applications/{application_id}/assessments",
    response=list[SittingOut],
    summary="The assessments sent to an application's candidate, newest first",
)
def application_assessments(request: HttpRequest, application_id: int):
    application = get_visible_or_404(request.access, Application, pk=application_id)
    return list(
        AssessmentSitting.objects.filter(
            client_id=application.client_id, application=application
        ).select_related("assessment")
    )


# --- Bias audit ------------------------------------------------------------------------------


@router.get(
    "/clients/{slug}/bias-audit",
    response=BiasAuditOut,
    summary="Selection or scoring rates and impact ratios by category (aggregates; audited)",
)
def bias_audit(request: HttpRequest, slug: str, filters: Query[BiasAuditIn]) -> dict:
    """The inputs of the bias audit page; 422 for choices the page would refuse."""
    client = selectors.audit_client(request.access, slug)
    data = {
        "measure": filters.measure,
        "from_kind": filters.from_kind.value,
        "to_kind": filters.to_kind.value,
        "requisitions": filters.requisitions,
        "start": filters.start,
        "end": filters.end,
    }
    form = BiasAuditForm(data, client_id=client.pk)
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    query = form.query()
    result = audit_report.report(query)
    audit.record(
        "screening.bias_audit_viewed", request=request, obj=client, changes=query.describe()
    )
    return {
        "client": client.slug,
        "measure": query.measure,
        "from_kind": query.from_kind,
        "to_kind": query.to_kind,
        "requisitions": query.requisition_ids,
        "start": query.start,
        "end": query.end,
        "assessed": result.assessed,
        "with_self_id": result.with_self_id,
        "tables": result.tables,
    }
