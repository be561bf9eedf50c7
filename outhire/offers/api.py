"""Offers, hires and post-hire reviews in the JSON API, scoped exactly as the pages.

Those who may write for a client (its recruiters, the provider's staff) draft, submit, send
offers; an approver approves or sends back the step waiting for them; interviewers see no pay,
so neither offers nor hires. The hand-off JSON is for client admins and provider staff, and
each download is audited. Anything out of reach is 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.api.fields import IsoDate, StrictBool
from outhire.lib.api.pagination import Pagination
from outhire.offers import hires, services
from outhire.offers.models import Hire, Offer, OfferApproval, PayPeriod, PostHireReview
from outhire.offers.views import may_download_handoff
from outhire.pipeline.models import Application

OFFER_RELATED = ("application__candidate", "application__requisition", "client")


# An object out of reach is a 404 before the body is validated (see accounts.api_auth).
router = Router(
    tags=["offers"],
    auth=api_auth.path_checked_auth(
        {
            "application_id": api_auth.visible(Application),
            "offer_id": api_auth.visible(Offer),
            "hire_id": api_auth.visible(Hire),
            "review_id": api_auth.visible(PostHireReview),
        }
    ),
)


# --- Schemas ---------------------------------------------------------------------------------


class OfferApprovalOut(Schema):
    round: int
    position: int
    approver: str = Field(description="The approver's e-mail")
    above_band: bool
    decision: str
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_approver(obj: OfferApproval) -> str:
        return obj.approver.email


class OfferOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    application: int
    requisition: int
    candidate: str = Field(description="The candidate's full name")
    version: int
    previous: int | None
    superseded: bool
    status: str
    base_salary: Decimal
    currency: str
    pay_period: str
    bonus: str
    other_terms: str
    start_date: date
    expires_on: date
    above_band: bool
    created_at: datetime
    submitted_at: datetime | None
    approved_at: datetime | None
    sent_at: datetime | None
    resolved_at: datetime | None
    decline_reason: str
    approvals: list[OfferApprovalOut]

    @staticmethod
    def resolve_client(obj: Offer) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_application(obj: Offer) -> int:
        return obj.application_id

    @staticmethod
    def resolve_requisition(obj: Offer) -> int:
        return obj.application.requisition_id

    @staticmethod
    def resolve_candidate(obj: Offer) -> str:
        return obj.application.candidate.full_name

    @staticmethod
    def resolve_previous(obj: Offer) -> int | None:
        return obj.previous_id

    @staticmethod
    def resolve_approvals(obj: Offer) -> list:
        return list(obj.approvals.all())


class OfferIn(Schema):
    model_config = ConfigDict(extra="forbid")

    base_salary: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Za-z]{3}$")
    pay_period: PayPeriod = PayPeriod.YEAR
    bonus: str = Field("", max_length=300)
    other_terms: str = Field("", max_length=10000)
    start_date: IsoDate
    expires_on: IsoDate


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    hire: int
    day: int
    due_on: date
    sent_at: datetime | None
    submitted_at: datetime | None
    closed_at: datetime | None
    still_employed: bool | None
    performance: int | None
    satisfaction: int | None
    would_hire_again: bool | None

    @staticmethod
    def resolve_hire(obj: PostHireReview) -> int:
        return obj.hire_id


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    still_employed: StrictBool
    performance: int | None = Field(None, ge=1, le=5)
    satisfaction: int | None = Field(None, ge=1, le=5)
    would_hire_again: StrictBool | None = None
    comment: str = Field("", max_length=2000)


class HireOut(Schema):
    id: int
    client: str
    application: int
    requisition: int
    offer: int
    candidate: str
    hired_at: datetime
    start_date: date
    base_salary: Decimal
    currency: str
    left_on: date | None
    leave_reason: str
    reviews: list[ReviewOut]

    @staticmethod
    def resolve_client(obj: Hire) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_application(obj: Hire) -> int:
        return obj.application_id

    @staticmethod
    def resolve_requisition(obj: Hire) -> int:
        return obj.requisition_id

    @staticmethod
    def resolve_offer(obj: Hire) -> int:
        return obj.offer_id

    @staticmethod
    def resolve_candidate(obj: Hire) -> str:
        return obj.application.candidate.full_name

    @staticmethod
    def resolve_reviews(obj: Hire) -> list:
        return list(obj.reviews.all())


class LeftIn(Schema):
    model_config = ConfigDict(extra="forbid")

    left_on: IsoDate
    reason: str = Field(min_length=1, max_length=2000)


# --- Helpers ---------------------------------------------------------------------------------


def _offer_out(offer_id: int) -> Offer:
    return (
        Offer.objects.select_related(*OFFER_RELATED)
        .prefetch_related("approvals__approver")
        .get(pk=offer_id)
    )


def _offer(request: HttpRequest, offer_id: int, *, write: bool = False) -> Offer:
    return get_visible_or_404(
        request.access, Offer.objects.select_related(*OFFER_RELATED), write=write, pk=offer_id
    )


def _offers(queryset):
    return queryset.select_related(*OFFER_RELATED).prefetch_related("approvals__approver")


def _terms(payload: OfferIn) -> dict:
    data = payload.model_dump()
    data["currency"] = data["currency"].upper()
    data["pay_period"] = str(getattr(data["pay_period"], "value", data["pay_period"]))
    return data


# --- Offers ----------------------------------------------------------------------------------


@router.get("/offers", response=list[OfferOut], summary="Offers in reach, newest first")
@paginate(Pagination)
def offer_list(request: HttpRequest, client: str = "", status: str = "", latest: bool = True):
    """`client`: a client's slug; `status`: one of the offer statuses; `latest=false` adds the
    versions replaced by renegotiation."""
    offers = Offer.objects.visible_to(request.access).order_by("-created_at", "-id")
    if latest:
        offers = offers.latest_versions()
    if client:
        offers = offers.filter(client__slug=client)
    if status:
        offers = offers.filter(status=status)
    return _offers(offers)


@router.get(
    "/applications/{application_id}/offers",
    response=list[OfferOut],
    summary="Every offer version of an application, newest first",
)
def application_offers(request: HttpRequest, application_id: int):
    application = get_visible_or_404(request.access, Application, pk=application_id)
    return list(
        _offers(
            Offer.objects.visible_to(request.access)
            .filter(application=application)
            .order_by("-version", "-id")
        )
    )


@router.post(
    "/applications/{application_id}/offers",
    response={201: OfferOut},
    summary="Draft an offer (the application must be at the offer stage)",
)
def offer_create(request: HttpRequest, application_id: int, payload: OfferIn) -> Status:
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("stage", "requisition"),
        write=True,
        pk=application_id,
    )
    offer = services.offer_create(
        application=application, fields=_terms(payload), by=request.user, request=request
    )
    return Status(201, _offer_out(offer.pk))


@router.get("/offers/{offer_id}", response=OfferOut, summary="One offer, with its approvals")
def offer_detail(request: HttpRequest, offer_id: int) -> Offer:
    _offer(request, offer_id)
    return _offer_out(offer_id)


@router.patch("/offers/{offer_id}", response=OfferOut, summary="Change a draft's terms")
def offer_update(request: HttpRequest, offer_id: int, payload: OfferIn) -> Offer:
    offer = _offer(request, offer_id, write=True)
    services.offer_update(offer=offer, fields=_terms(payload), by=request.user, request=request)
    return _offer_out(offer_id)


@router.post(
    "/offers/{offer_id}/submit",
    response=OfferOut,
    summary="Submit a draft to the approval chain (approved at once without one)",
)
def offer_submit(request: HttpRequest, offer_id: int) -> Offer:
    offer = _offer(request, offer_id, write=True)
    services.offer_submit(offer=offer, by=request.user, request=request)
    return _offer_out(offer_id)


@router.post(
    "/offers/{offer_id}/approve",
    response=OfferOut,
    summary="Approve the step waiting for you (403 when you are not an approver)",
)
def offer_approve(request: HttpRequest, offer_id: int, payload: CommentIn) -> Offer:
    offer = _offer(request, offer_id)
    if request.access.read_only:
        raise PermissionDenied
    services.offer_decide(
        offer=offer, by=request.user, approve=True, comment=payload.comment, request=request
    )
    return _offer_out(offer_id)


@router.post(
    "/offers/{offer_id}/reject",
    response=OfferOut,
    summary="Send the offer back to draft, with a comment (required)",
)
def offer_reject(request: HttpRequest, offer_id: int, payload: CommentIn) -> Offer:
    offer = _offer(request, offer_id)
    if request.access.read_only:
        raise PermissionDenied
    services.offer_decide(
        offer=offer, by=request.user, approve=False, comment=payload.comment, request=request
    )
    return _offer_out(offer_id)


@router.post(
    "/offers/{offer_id}/send",
    response=OfferOut,
    summary="E-mail an approved offer to the candidate with the signed answer link",
)
def offer_send(request: HttpRequest, offer_id: int) -> Offer:
    offer = _offer(request, offer_id, write=True)
    services.offer_send(offer=offer, by=request.user, request=request)
    return _offer_out(offer_id)


@router.post("/offers/{offer_id}/withdraw", response=OfferOut, summary="Withdraw an open offer")
def offer_withdraw(request: HttpRequest, offer_id: int, payload: CommentIn) -> Offer:
    offer = _offer(request, offer_id, write=True)
    services.offer_withdraw(offer=offer, by=request.user, reason=payload.comment, request=request)
    return _offer_out(offer_id)


@router.post(
    "/offers/{offer_id}/renegotiate",
    response={201: OfferOut},
    summary="A new draft version with new terms; an open offer is withdrawn as replaced",
)
def offer_renegotiate(request: HttpRequest, offer_id: int, payload: OfferIn) -> Status:
    offer = _offer(request, offer_id, write=True)
    new = services.offer_renegotiate(
        offer=offer, by=request.user, fields=_terms(payload), request=request
    )
    return Status(201, _offer_out(new.pk))


# --- Hires and reviews -----------------------------------------------------------------------


def _hires(queryset):
    return queryset.select_related("client", "application__candidate").prefetch_related("reviews")


@router.get("/hires", response=list[HireOut], summary="Hires in reach, newest first")
@paginate(Pagination)
def hire_list(request: HttpRequest, client: str = ""):
    hires = Hire.objects.visible_to(request.access).order_by("-hired_at", "-id")
    if client:
        hires = hires.filter(client__slug=client)
    return _hires(hires)


@router.get("/hires/{hire_id}", response=HireOut, summary="One hire with its checkpoints")
def hire_detail(request: HttpRequest, hire_id: int) -> Hire:
    get_visible_or_404(request.access, Hire, pk=hire_id)
    return _hires(Hire.objects.filter(pk=hire_id)).get()


@router.get(
    "/hires/{hire_id}/handoff",
    response=dict,
    summary="The hand-off record for the HR system (client admins, provider staff; audited)",
)
def hire_handoff(request: HttpRequest, hire_id: int) -> dict:
    hire = get_visible_or_404(request.access, Hire.objects.select_related("client"), pk=hire_id)
    if not may_download_handoff(request.access, hire.client_id):
        raise PermissionDenied
    return hires.handoff_export(hire=hire, by=request.user, request=request)


@router.post("/hires/{hire_id}/left", response=HireOut, summary="Record an early departure")
def hire_left(request: HttpRequest, hire_id: int, payload: LeftIn) -> Hire:
    hire = get_visible_or_404(
        request.access, Hire.objects.select_related("requisition"), pk=hire_id
    )
    from outhire.offers.views import may_record_leaving

    if request.access.read_only or not may_record_leaving(request.access, hire):
        raise PermissionDenied
    hires.hire_record_leaving(
        hire=hire, left_on=payload.left_on, reason=payload.reason, by=request.user, request=request
    )
    return _hires(Hire.objects.filter(pk=hire_id)).get()


@router.get("/reviews", response=list[ReviewOut], summary="Post-hire checkpoints in reach")
@paginate(Pagination)
def review_list(request: HttpRequest, client: str = "", open: bool = False):
    """`open=true`: only checkpoints neither answered nor closed."""
    reviews = PostHireReview.objects.visible_to(request.access).order_by("due_on", "id")
    if client:
        reviews = reviews.filter(client__slug=client)
    if open:
        reviews = reviews.filter(submitted_at__isnull=True, closed_at__isnull=True)
    return reviews


@router.post(
    "/reviews/{review_id}",
    response=ReviewOut,
    summary="Answer a checkpoint (the hiring manager, or those who write for the client)",
)
def review_submit(request: HttpRequest, review_id: int, payload: ReviewIn) -> PostHireReview:
    review = get_visible_or_404(
        request.access,
        PostHireReview.objects.select_related("hire__requisition"),
        pk=review_id,
    )
    if request.access.read_only or not hires.may_answer_review(request.access, review):
        raise PermissionDenied
    return hires.review_submit(
        review=review, by=request.user, request=request, **payload.model_dump()
    )
