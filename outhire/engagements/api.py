"""Engagements and intakes in the JSON API, scoped exactly as the staff app and client portal.

Provider staff read the engagements of their clients, provider admins write them; staff who may
write for a client create, edit and submit its intakes. A client's admins and hiring managers
(and their tokens) read their own client's, without the fees. Anything out of reach is 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.models import Client
from outhire.engagements import selectors, services
from outhire.engagements.models import (
    Engagement,
    Function,
    GuaranteeRemedy,
    Intake,
    JobFamily,
    SlaTerm,
)
from outhire.lib.api.fields import Count, Id, IsoDate, StrictBool
from outhire.lib.api.pagination import Pagination

# An engagement or intake out of reach is a 404, before the body is validated (api_auth).
router = Router(
    tags=["engagements"],
    auth=api_auth.path_checked_auth(
        {"engagement_id": selectors.get_engagement, "intake_id": selectors.get_intake}
    ),
)


def _is_staff(request: HttpRequest) -> bool:
    return request.access.is_authenticated and request.access.user.is_provider_staff


# --- Schemas --------------------------------------------------------------------------------


class PhaseOut(Schema):
    starts_on: date
    functions: list[str]
    note: str


class EngagementOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    name: str
    status: str
    functions: list[str] = Field(description="The functions outsourced now (see phases)")
    phases: list[PhaseOut]
    starts_on: date
    ends_on: date | None
    account_lead: str | None = Field(description="The account lead's e-mail")
    fee_model: str | None = Field(description="Fees are shown to provider staff only")
    currency: str
    monthly_fee: Decimal | None
    per_hire_fee: Decimal | None
    salary_percent: Decimal | None
    per_submission_fee: Decimal | None
    project_fee: Decimal | None
    sla_days_to_first_shortlist: int | None
    sla_days_to_fill: int | None
    sla_feedback_hours: int | None
    sla_min_offer_acceptance: Decimal | None
    sla_min_candidate_nps: int | None
    sla_min_manager_satisfaction: Decimal | None
    guarantee_days: int | None = Field(
        description="Replacement guarantee in days from the start date, 0 for none "
        "(provider staff only, as the fees)"
    )
    guarantee_remedy: str | None = Field(description="credit_full, credit_prorata or withhold")
    guarantee_replacement: bool | None = Field(
        description="Whether a free replacement requisition is opened"
    )
    created_at: datetime

    @staticmethod
    def resolve_client(obj: Engagement) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_functions(obj: Engagement) -> list[str]:
        return obj.current_functions

    @staticmethod
    def resolve_phases(obj: Engagement) -> list:
        return list(obj.phases.all())

    @staticmethod
    def resolve_account_lead(obj: Engagement) -> str | None:
        return obj.account_lead.email if obj.account_lead else None

    @staticmethod
    def resolve_fee_model(obj: Engagement, context) -> str | None:
        return obj.fee_model if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_monthly_fee(obj: Engagement, context) -> Decimal | None:
        return obj.monthly_fee if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_per_hire_fee(obj: Engagement, context) -> Decimal | None:
        return obj.per_hire_fee if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_salary_percent(obj: Engagement, context) -> Decimal | None:
        return obj.salary_percent if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_per_submission_fee(obj: Engagement, context) -> Decimal | None:
        return obj.per_submission_fee if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_project_fee(obj: Engagement, context) -> Decimal | None:
        return obj.project_fee if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_guarantee_days(obj: Engagement, context) -> int | None:
        return obj.guarantee_days if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_guarantee_remedy(obj: Engagement, context) -> str | None:
        return obj.guarantee_remedy if _is_staff(context["request"]) else None

    @staticmethod
    def resolve_guarantee_replacement(obj: Engagement, context) -> bool | None:
        return obj.guarantee_replacement if _is_staff(context["request"]) else None


class EngagementPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # A field may be left out; null clears only the fields that may be empty
    name: str = Field(None, min_length=1, max_length=200)
    status: Engagement.Status = None
    functions: list[Function] = None
    starts_on: IsoDate = None
    ends_on: IsoDate | None = None
    account_lead: str | None = Field(None, description="E-mail of a provider staff member")
    fee_model: Engagement.FeeModel = None
    currency: str = Field(None, pattern=r"^[A-Za-z]{3}$")
    monthly_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    per_hire_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    salary_percent: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)
    per_submission_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    project_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    sla_days_to_first_shortlist: int | None = Field(None, ge=0, le=32767)
    sla_days_to_fill: int | None = Field(None, ge=0, le=32767)
    sla_feedback_hours: int | None = Field(None, ge=0, le=32767)
    sla_min_offer_acceptance: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)
    sla_min_candidate_nps: int | None = Field(None, ge=-100, le=100)
    sla_min_manager_satisfaction: Decimal | None = Field(None, ge=1, le=5, decimal_places=2)
    guarantee_days: int = Field(None, ge=0, le=730)
    guarantee_remedy: GuaranteeRemedy = None
    guarantee_replacement: StrictBool = None
    notes: str = None


class EngagementIn(EngagementPatchIn):
    client: str = Field(description="The client's slug")
    name: str = Field(min_length=1, max_length=200)
    starts_on: IsoDate
    fee_model: Engagement.FeeModel
    functions: list[Function] = []


class IntakeOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    engagement: int | None
    template: int | None
    status: str
    job_title: str
    job_family: str
    department: str
    hiring_manager: str | None = Field(description="The hiring manager's e-mail")
    purpose: str
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    competencies: list[str]
    motivators: str
    culture_and_values: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    salary_currency: str
    location: str
    remote_policy: str
    headcount: int
    target_start: date | None
    interview_plan: str
    sourcing_channels: list[str]
    answers: dict[str, str]
    baseline_days_to_fill: int | None
    baseline_cost_per_hire: Decimal | None
    baseline_yearly_hires: int | None
    created_at: datetime
    submitted_at: datetime | None
    requisition: int | None = Field(description="The requisition drafted when submitted")

    @staticmethod
    def resolve_client(obj: Intake) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_engagement(obj: Intake) -> int | None:
        return obj.engagement_id

    @staticmethod
    def resolve_template(obj: Intake) -> int | None:
        return obj.template_id

    @staticmethod
    def resolve_hiring_manager(obj: Intake) -> str | None:
        return obj.hiring_manager.email if obj.hiring_manager else None

    @staticmethod
    def resolve_requisition(obj: Intake) -> int | None:
        requisition = getattr(obj, "requisition", None)
        return requisition.pk if requisition is not None else None


class IntakePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    engagement: Id | None = Field(None, description="An engagement id of the same client")
    job_title: str = Field(None, min_length=1, max_length=200)
    job_family: JobFamily = None
    department: str = Field(None, max_length=120)
    hiring_manager: str | None = Field(None, description="E-mail of the client's manager")
    purpose: str = Field(None, min_length=1)
    must_have_skills: list[str] = None
    nice_to_have_skills: list[str] = None
    allow_unknown_skills: StrictBool = Field(
        False, description="Keep skills not in the taxonomy as free text (otherwise 422)"
    )
    competencies: list[str] = None
    motivators: str = None
    culture_and_values: str = None
    salary_min: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    salary_max: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    salary_currency: str = Field(None, pattern=r"^[A-Za-z]{3}$")
    location: str = Field(None, max_length=200)
    remote_policy: Intake.RemotePolicy = None
    headcount: int = Field(None, ge=1, le=32767)
    target_start: IsoDate | None = None
    interview_plan: str = None
    sourcing_channels: list[str] = None
    answers: dict[str, str] = None
    baseline_days_to_fill: int | None = Field(None, ge=0, le=32767)
    baseline_cost_per_hire: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    baseline_yearly_hires: Count | None = None


class IntakeIn(IntakePatchIn):
    client: str = Field(description="The client's slug")
    template: Id | None = Field(
        None, description="An intake template to pre-fill competencies, plan and questions"
    )
    job_title: str = Field(min_length=1, max_length=200)
    job_family: JobFamily
    purpose: str = Field(min_length=1)


class SubmittedOut(Schema):
    intake: int
    requisition: int
    reference: str


# --- Helpers ---------------------------------------------------------------------------------


def _client(request: HttpRequest, slug: str) -> Client:
    client = Client.objects.filter(
        slug=slug, pk__in=selectors.readable_client_ids(request.access)
    ).first()
    if client is None:
        raise DjangoValidationError({"client": _("No client with this slug is in your reach.")})
    return client


def _engagement_fields(client: Client, data: dict) -> dict:
    if "account_lead" in data and data["account_lead"] is not None:
        lead = selectors.account_leads(client).filter(email__iexact=data["account_lead"]).first()
        if lead is None:
            raise DjangoValidationError(
                {"account_lead": _("No provider staff member of this client has this e-mail.")}
            )
        data["account_lead"] = lead
    if "currency" in data:
        data["currency"] = data["currency"].upper()
    if "functions" in data:
        data["functions"] = [Function(f).value for f in data["functions"]]
    for name in ("status", "fee_model", "guarantee_remedy"):
        if name in data:
            data[name] = str(getattr(data[name], "value", data[name]))
    return data


def _intake_fields(client: Client, data: dict, *, allow_unknown: bool) -> dict:
    if data.get("engagement") is not None:
        engagement = Engagement.objects.filter(client=client, pk=data["engagement"]).first()
        if engagement is None:
            raise DjangoValidationError(
                {"engagement": _("No engagement of this client has this id.")}
            )
        data["engagement"] = engagement
    if data.get("hiring_manager") is not None:
        manager = selectors.hiring_managers(client).filter(email__iexact=data["hiring_manager"])
        if not manager.exists():
            raise DjangoValidationError(
                {"hiring_manager": _("No manager or admin of this client has this e-mail.")}
            )
        data["hiring_manager"] = manager.first()
    errors = {}
    for name in ("must_have_skills", "nice_to_have_skills"):
        if name in data:
            try:
                data[name] = services.skills_clean(data[name], allow_unknown=allow_unknown)
            except DjangoValidationError as error:
                errors[name] = error.messages
    if errors:
        raise DjangoValidationError(errors)
    for name in ("competencies", "sourcing_channels"):
        if name in data:
            data[name] = [v.strip() for v in data[name] if v.strip()]
    if "salary_currency" in data:
        data["salary_currency"] = data["salary_currency"].upper()
    for name in ("job_family", "remote_policy"):
        if name in data:
            data[name] = str(getattr(data[name], "value", data[name]))
    return data


def _require_draft(intake: Intake) -> None:
    if intake.status != Intake.Status.DRAFT:
        raise HttpError(409, _("This intake was already submitted; it can no longer change."))


def _engagement_out(engagement_id: int) -> Engagement:
    return (
        Engagement.objects.select_related("client", "account_lead")
        .prefetch_related("phases")
        .get(pk=engagement_id)
    )


def _intake_out(intake_id: int) -> Intake:
    return Intake.objects.select_related(
        "client", "hiring_manager", "requisition", "engagement"
    ).get(pk=intake_id)


# --- Engagements -----------------------------------------------------------------------------


@router.get("/engagements", response=list[EngagementOut], summary="Engagements in reach")
@paginate(Pagination)
def engagement_list(request: HttpRequest, client: str = "", status: str = ""):
    """`client`: a client's slug; `status`: draft, active or ended."""
    engagements = (
        selectors.engagements_visible(request.access)
        .select_related("client", "account_lead")
        .prefetch_related("phases")
        .order_by("client__name", "-starts_on", "id")
    )
    if client:
        engagements = engagements.filter(client__slug=client)
    if status:
        engagements = engagements.filter(status=status)
    return engagements


@router.post(
    "/engagements",
    response={201: EngagementOut},
    summary="Create an engagement (provider admins)",
)
def engagement_create(request: HttpRequest, payload: EngagementIn) -> Status:
    data = payload.model_dump(exclude_unset=True)
    client = _client(request, data.pop("client"))
    if not selectors.can_edit_engagement(request.access, client.pk):
        raise PermissionDenied
    fields = _engagement_fields(client, data)
    engagement = services.engagement_create(
        client=client, by=request.user, fields=fields, request=request
    )
    return Status(201, _engagement_out(engagement.pk))


class SlaTermOut(Schema):
    id: int
    metric: str = Field(description="fill, shortlist or offer_acceptance_pct")
    period: str = Field(description="quarter or month")
    comparison: str = Field(description="below or at_least (the threshold)")
    threshold: Decimal = Field(description="In per cent")
    adjustment: str = Field(description="credit or bonus")
    amount_kind: str = Field(description="percent (of the period's fees) or fixed")
    amount: Decimal
    starts_on: date
    ends_on: date | None = Field(
        description="Set when the term was ended: periods that begin after it are not evaluated"
    )
    description: str

    @staticmethod
    def resolve_description(obj: SlaTerm) -> str:
        return obj.describe()


@router.get(
    "/engagements/{engagement_id}/sla-terms",
    response=list[SlaTermOut],
    summary="The engagement's SLA-linked credits and bonuses (provider staff)",
)
def sla_term_list(request: HttpRequest, engagement_id: Id) -> list[SlaTerm]:
    """Read-only: terms are managed on the engagement page (docs/billing.md)."""
    engagement = selectors.get_engagement(request.access, engagement_id)
    if not _is_staff(request):
        raise HttpError(403, _("SLA-linked fees are shown to provider staff only."))
    terms = list(engagement.sla_terms.all())
    for term in terms:
        term.engagement = engagement
    return terms


@router.get("/engagements/{engagement_id}", response=EngagementOut, summary="One engagement")
def engagement_detail(request: HttpRequest, engagement_id: int) -> Engagement:
    return selectors.get_engagement(request.access, engagement_id)


@router.patch(
    "/engagements/{engagement_id}",
    response=EngagementOut,
    summary="Change an engagement (provider admins)",
)
def engagement_update(
    request: HttpRequest, engagement_id: int, payload: EngagementPatchIn
) -> Engagement:
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    fields = _engagement_fields(engagement.client, payload.model_dump(exclude_unset=True))
    services.engagement_update(
        engagement=engagement, by=request.user, fields=fields, request=request
    )
    return _engagement_out(engagement.pk)


# --- Intakes ---------------------------------------------------------------------------------


@router.get("/intakes", response=list[IntakeOut], summary="Intakes in reach, newest first")
@paginate(Pagination)
def intake_list(request: HttpRequest, client: str = "", status: str = ""):
    """`client`: a client's slug; `status`: draft or submitted."""
    intakes = (
        selectors.intakes_visible(request.access)
        .select_related("client", "hiring_manager", "requisition")
        .order_by("-created_at", "-id")
    )
    if client:
        intakes = intakes.filter(client__slug=client)
    if status:
        intakes = intakes.filter(status=status)
    return intakes


@router.post("/intakes", response={201: IntakeOut}, summary="Start an intake (a draft)")
def intake_create(request: HttpRequest, payload: IntakeIn) -> Status:
    data = payload.model_dump(exclude_unset=True)
    allow_unknown = data.pop("allow_unknown_skills", False)
    client = _client(request, data.pop("client"))
    if not selectors.can_edit_intake(request.access, client.pk):
        raise PermissionDenied
    template_id = data.pop("template", None)
    fields: dict = {}
    if template_id is not None:
        template = selectors.templates_visible(request.access).filter(pk=template_id).first()
        if template is None or template.client_id not in (None, client.pk):
            raise DjangoValidationError({"template": _("No template in reach has this id.")})
        fields.update(services.intake_initial_from_template(template))
    fields.update(_intake_fields(client, data, allow_unknown=allow_unknown))
    intake = services.intake_create(client=client, by=request.user, fields=fields, request=request)
    return Status(201, _intake_out(intake.pk))


@router.get("/intakes/{intake_id}", response=IntakeOut, summary="One intake")
def intake_detail(request: HttpRequest, intake_id: int) -> Intake:
    selectors.get_intake(request.access, intake_id)
    return _intake_out(intake_id)


@router.patch("/intakes/{intake_id}", response=IntakeOut, summary="Change a draft intake")
def intake_update(request: HttpRequest, intake_id: int, payload: IntakePatchIn) -> Intake:
    intake = selectors.get_intake(request.access, intake_id, write=True)
    _require_draft(intake)
    data = payload.model_dump(exclude_unset=True)
    allow_unknown = data.pop("allow_unknown_skills", False)
    fields = _intake_fields(intake.client, data, allow_unknown=allow_unknown)
    services.intake_update(intake=intake, by=request.user, fields=fields, request=request)
    return _intake_out(intake.pk)


@router.post(
    "/intakes/{intake_id}/submit",
    response=SubmittedOut,
    summary="Submit an intake: drafts its requisition; 409 when already submitted",
)
def intake_submit(request: HttpRequest, intake_id: int) -> dict:
    intake = selectors.get_intake(request.access, intake_id, write=True)
    _require_draft(intake)
    requisition = services.intake_submit(intake=intake, by=request.user, request=request)
    return {"intake": intake.pk, "requisition": requisition.pk, "reference": requisition.reference}
