"""Offers, hires and post-hire checkpoints in the staff app and the client portal, and the
candidate's and hiring manager's public pages reached by signed links.

Everything signed-in is fetched through `get_visible_or_404`: out of reach is 404, a write by a
role that may only read is 403. Interviewers do not see pay: offers and hires are hidden from
them. The public pages work without JavaScript and reveal nothing to a forged link (404).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.branding import brand_context
from outhire.accounts.models import Client
from outhire.accounts.tenancy import client_to_set_up_or_404, get_visible_or_404, public_page
from outhire.approvals import chain
from outhire.approvals.forms import DecisionForm
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate, user_language
from outhire.lib.security import client_ip
from outhire.offers import hires, services, tokens
from outhire.offers.forms import (
    AcceptForm,
    DeclineForm,
    LeftForm,
    OfferForm,
    ReasonForm,
    ReviewForm,
    SetupForm,
)
from outhire.offers.models import (
    HandOff,
    Hire,
    Offer,
    OfferApproval,
    OfferSettings,
    PostHireReview,
)
from outhire.pipeline.models import Application
from outhire.requisitions.models import StageKind

PER_PAGE = 50
OFFER_RELATED = (
    "client",
    "application__candidate",
    "application__requisition__hiring_manager",
    "application__stage",
    "created_by",
)


def _offer(request: HttpRequest, offer_id: int, *, write: bool = False) -> Offer:
    return get_visible_or_404(
        request.access, Offer.objects.select_related(*OFFER_RELATED), write=write, pk=offer_id
    )


def _to_offer(offer: Offer) -> HttpResponse:
    return redirect("offers:offer_detail", offer_id=offer.pk)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Offers ----------------------------------------------------------------------------------


@login_required
@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    access = request.access
    status = request.GET.get("status", "")
    offers = (
        Offer.objects.visible_to(access)
        .latest_versions()
        .select_related("client", "application__candidate", "application__requisition")
        .order_by("-created_at", "-id")
    )
    if status in Offer.Status.values:
        offers = offers.filter(status=status)
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("page"))
    waiting = (
        OfferApproval.objects.visible_to(access)
        .awaiting(request.user)
        .filter(waits=False)
        .select_related("offer__application__requisition", "offer__application__candidate")
    )
    writable = [cid for cid in access.client_ids if access.can_write(cid)]
    ready = (
        Application.objects.visible_to(access)
        .filter(
            client_id__in=writable,
            status=Application.Status.ACTIVE,
            stage__kind=StageKind.OFFER,
        )
        .exclude(Exists(Offer.objects.filter(application_id=OuterRef("pk"), status__in=Offer.OPEN)))
        .select_related("candidate", "requisition")
        .order_by("-moved_at")[:PER_PAGE]
    )
    setup_ids = [
        cid
        for cid in access.client_ids
        if access.can_manage(cid) or (access.is_provider_staff and access.can_write(cid))
    ]
    setup = [
        (client, access.can_manage(client.pk))
        for client in Client.objects.filter(pk__in=setup_ids).order_by("name")
    ]
    return render(
        request,
        "offers/offer_list.html",
        {
            "setup": setup,
            "page": page,
            "status": status,
            "statuses": Offer.Status.choices,
            "waiting": list(waiting),
            "ready": list(ready),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition", "stage"),
        write=True,
        pk=application_id,
    )
    requisition = application.requisition
    initial = {"currency": requisition.salary_currency, "start_date": requisition.target_start}
    form = OfferForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.offer_create(
                    application=application,
                    fields=form.cleaned_data,
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The offer is drafted."))
                return _to_offer(offer)
        status = 400
    return render(
        request,
        "offers/offer_form.html",
        {"form": form, "application": application, "requisition": requisition},
        status=status,
    )


@login_required
@require_GET
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    access = request.access
    versions = services.offer_versions(offer)
    approvals = list(
        OfferApproval.objects.filter(offer=offer)
        .select_related("approver")
        .order_by("-round", "position")
    )
    step = chain.waiting_step(approvals) if offer.status == Offer.Status.PENDING_APPROVAL else None
    requisition = offer.application.requisition
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "application": offer.application,
            "requisition": requisition,
            "versions": versions,
            "approvals": approvals,
            "my_turn": step is not None and step.approver_id == request.user.pk,
            "can_write": access.can_write(offer.client_id),
            "decision_form": DecisionForm(),
            "reason_form": ReasonForm(),
            "band": (requisition.salary_min, requisition.salary_max),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id, write=True)
    if offer.status != Offer.Status.DRAFT:
        messages.error(
            request, _("Only a draft can be changed; renegotiate to make a new version.")
        )
        return _to_offer(offer)
    form = OfferForm(request.POST if request.method == "POST" else None, instance=offer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.offer_update(
                    offer=offer,
                    fields={name: form.cleaned_data[name] for name in services.TERMS},
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The offer is changed."))
                return _to_offer(offer)
        status = 400
    return render(
        request,
        "offers/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "application": offer.application,
            "requisition": offer.application.requisition,
        },
        status=status,
    )


def _action(request: HttpRequest, offer_id: int, action, success: str) -> HttpResponse:
    offer = _offer(request, offer_id, write=True)
    try:
        action(offer)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, success)
    return _to_offer(offer)


@login_required
@require_POST
def offer_submit(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _action(
        request,
        offer_id,
        lambda o: services.offer_submit(offer=o, by=request.user, request=request),
        _("The offer is submitted for approval."),
    )


@login_required
@require_POST
def offer_send(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _action(
        request,
        offer_id,
        lambda o: services.offer_send(offer=o, by=request.user, request=request),
        _("The offer is e-mailed to the candidate."),
    )


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, offer_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:2000]
    return _action(
        request,
        offer_id,
        lambda o: services.offer_withdraw(offer=o, by=request.user, reason=reason, request=request),
        _("The offer is withdrawn."),
    )


@login_required
@require_POST
def offer_renegotiate(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id, write=True)
    try:
        new = services.offer_renegotiate(offer=offer, by=request.user, request=request)
    except ValidationError as error:
        _refused(request, error)
        return _to_offer(offer)
    messages.success(
        request, _("Version %(version)s is drafted: change its terms.") % {"version": new.version}
    )
    return redirect("offers:offer_edit", offer_id=new.pk)


@login_required
@require_POST
def offer_decide(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to send back."))
        return _to_offer(offer)
    approve = form.approve
    try:
        services.offer_decide(
            offer=offer,
            by=request.user,
            approve=approve,
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Approved.") if approve else _("Sent back to the recruiter."))
    return _to_offer(offer)


@login_required
@require_GET
def offer_letter(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    response = HttpResponse(services.letter_pdf(offer), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="offer-{offer.pk}-v{offer.version}.pdf"'
    return response


# --- Per-client set-up ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def offer_setup(request: HttpRequest, slug: str) -> HttpResponse:
    client = client_to_set_up_or_404(request.access, slug)
    current = OfferSettings.for_client(client)
    initial = {
        "letter_template": current.letter_template,
        "above_band_approver": current.above_band_approver_id,
        "checkpoint_days": ", ".join(map(str, current.days)),
        **{f"letter_{code}": text for code, text in services.letters_of(current).items()},
    }
    form = SetupForm(
        request.POST if request.method == "POST" else None, initial=initial, client=client
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.offer_settings_save(
                    client=client,
                    letter_template=form.cleaned_data["letter_template"],
                    above_band_approver=form.cleaned_data["above_band_approver"],
                    checkpoint_days=form.cleaned_data["checkpoint_days"],
                    by=request.user,
                    request=request,
                    letters=form.letters(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The offer set-up is saved."))
                return redirect("offers:offer_setup", slug=client.slug)
        status = 400
    return render(
        request,
        "offers/setup.html",
        {"client": client, "form": form, "can_manage": request.access.can_manage(client.pk)},
        status=status,
    )


# --- Hires and checkpoints ---------------------------------------------------------------------


def _hire(request: HttpRequest, hire_id: int) -> Hire:
    return get_visible_or_404(
        request.access,
        Hire.objects.select_related(
            "client",
            "application__candidate",
            "requisition__hiring_manager",
            "offer",
            "preboarding",
        ),
        pk=hire_id,
    )


def may_download_handoff(access, client_id: int) -> bool:
    """Client admins, and provider staff of the client: the record holds contact data."""
    return access.can_manage(client_id) or (access.is_provider_staff and access.can_read(client_id))


def may_record_leaving(access, hire: Hire) -> bool:
    return access.can_write(hire.client_id) or (
        access.is_authenticated and hire.requisition.hiring_manager_id == access.user.pk
    )


@login_required
@require_GET
def hire_list(request: HttpRequest) -> HttpResponse:
    hires = (
        Hire.objects.visible_to(request.access)
        .select_related("client", "application__candidate", "requisition")
        .order_by("-hired_at", "-id")
    )
    page = Paginator(hires, PER_PAGE).get_page(request.GET.get("page"))
    due = (
        PostHireReview.objects.visible_to(request.access)
        .filter(due_on__lte=timezone.localdate(), submitted_at__isnull=True, closed_at__isnull=True)
        .filter(
            Q(hire__requisition__hiring_manager=request.user)
            | Q(
                client_id__in=[
                    cid for cid in request.access.client_ids if request.access.can_write(cid)
                ]
            )
        )
        .select_related("hire__application__candidate", "hire__requisition")
        .order_by("due_on")[:PER_PAGE]
    )
    return render(request, "offers/hire_list.html", {"page": page, "due": list(due)})


@login_required
@require_GET
def hire_detail(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    access = request.access
    return render(
        request,
        "offers/hire_detail.html",
        {
            "hire": hire,
            "reviews": list(hire.reviews.all()),
            "has_handoff": HandOff.objects.filter(hire=hire).exists(),
            # The preboarding app's checklist, by its reverse name (that app sits above this).
            "preboarding": getattr(hire, "preboarding", None),
            "can_download": may_download_handoff(access, hire.client_id),
            "can_record_leaving": may_record_leaving(access, hire),
            "can_answer": may_record_leaving(access, hire),
            "left_form": LeftForm(),
        },
    )


@login_required
@require_GET
def hire_handoff(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    if not may_download_handoff(request.access, hire.client_id):
        raise PermissionDenied
    payload = hires.handoff_export(hire=hire, by=request.user, request=request)
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="handoff-{hire.pk}.json"'
    return response


@login_required
@require_POST
def hire_left(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    if not may_record_leaving(request.access, hire):
        raise PermissionDenied
    form = LeftForm(request.POST)
    if form.is_valid():
        try:
            hires.hire_record_leaving(
                hire=hire,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The departure is recorded."))
            return redirect("offers:hire_detail", hire_id=hire.pk)
    return render(
        request,
        "offers/hire_left.html",
        {"hire": hire, "form": form},
        status=400,
    )


def _review_page(request, review: PostHireReview, *, by, action: str, public: bool):
    form = ReviewForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                hires.review_submit(review=review, by=by, request=request, **form.answers())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if public:
                    return render(request, "offers/review_thanks.html", {"review": review})
                messages.success(request, _("Thank you: the checkpoint is recorded."))
                return redirect("offers:hire_detail", hire_id=review.hire_id)
        status = 400
    return render(
        request,
        "offers/review_form.html",
        {"review": review, "hire": review.hire, "form": form, "action": action, "public": public},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest, hire_id: int, review_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    review = get_visible_or_404(
        request.access,
        PostHireReview.objects.select_related("hire__requisition", "hire__application__candidate"),
        pk=review_id,
        hire=hire,
    )
    if not hires.may_answer_review(request.access, review):
        raise PermissionDenied
    return _review_page(request, review, by=request.user, action="", public=False)


# --- Public pages reached by signed links ------------------------------------------------------


def _offer_by_token(token: str) -> Offer:
    offer_id = tokens.offer_from_token(token)
    offer = (
        Offer.objects.select_related(*OFFER_RELATED).filter(pk=offer_id).first()
        if offer_id
        else None
    )
    if offer is None or offer.status in {
        Offer.Status.DRAFT,
        Offer.Status.PENDING_APPROVAL,
        Offer.Status.APPROVED,
    }:
        raise Http404
    return offer


@public_page
@require_http_methods(["GET", "POST"])
def offer_respond(request: HttpRequest, token: str) -> HttpResponse:
    offer = _offer_by_token(token)
    activate_for_candidate(request, offer.application.candidate)
    accept_form = AcceptForm(request.POST if request.POST.get("action") == "accept" else None)
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    status = 200
    if request.method == "POST":
        ip = client_ip(request)
        agent = request.META.get("HTTP_USER_AGENT", "")
        form = accept_form if request.POST.get("action") == "accept" else decline_form
        if form.is_valid():
            try:
                if form is accept_form:
                    services.offer_accept(
                        offer=offer,
                        typed_name=form.cleaned_data["full_name"],
                        ip=ip,
                        user_agent=agent,
                        request=request,
                    )
                else:
                    services.offer_decline(
                        offer=offer,
                        reason=form.cleaned_data["reason"],
                        ip=ip,
                        user_agent=agent,
                        request=request,
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("offers:offer_respond", token=token)
        status = 400
    offer.refresh_from_db()
    answerable = (
        offer.status == Offer.Status.SENT
        and not offer.superseded
        and offer.expires_on >= timezone.localdate()
    )
    return render(
        request,
        "offers/respond.html",
        {
            "offer": offer,
            "token": token,
            "answerable": answerable,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "requisition": offer.application.requisition,
            **brand_context(offer.client),
            # In the candidate's language, as e-mailed to them.
            "letter": services.letter_text(offer),
        },
        status=status,
    )


@public_page
@require_GET
def offer_respond_letter(request: HttpRequest, token: str) -> HttpResponse:
    offer = _offer_by_token(token)
    response = HttpResponse(services.letter_pdf(offer), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offer-v{offer.version}.pdf"'
    return response


@public_page
@require_http_methods(["GET", "POST"])
def review_survey(request: HttpRequest, token: str) -> HttpResponse:
    review_id = tokens.review_from_token(token)
    review = (
        PostHireReview.objects.select_related(
            "client", "hire__requisition__hiring_manager", "hire__application__candidate"
        )
        .filter(pk=review_id)
        .first()
        if review_id
        else None
    )
    if review is None:
        raise Http404
    if not review.is_open:
        return render(request, "offers/review_thanks.html", {"review": review, "closed": True})
    recipients = hires.review_recipients(review)
    by = recipients[0] if len(recipients) == 1 else None
    if by is not None and by.language:
        # The manager the survey was e-mailed to reads it in their own language.
        translation.activate(user_language(by))
    return _review_page(
        request,
        review,
        by=by,
        action=reverse("offers:review_survey", args=[token]),
        public=True,
    )
