"""Match pages for provider staff: a requisition's applicants ranked, and the talent network's
best matches; and each client's screening settings.

Scores assist; people decide. Nothing here rejects or advances anyone: the only action is
"Add to pipeline", taken by a person, and it is recorded next to the score they were shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts import audit
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.pipeline.services import application_create
from outhire.requisitions.models import Requisition
from outhire.requisitions.views import skills_context
from outhire.screening import ranking, selectors
from outhire.screening.forms import ScreeningSettingsForm
from outhire.screening.models import WEIGHT_NAMES, ScreeningSettings


@login_required
@require_GET
def requisition_matches(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = selectors.staff_requisition(request.access, requisition_id)
    screening = ScreeningSettings.for_client(requisition.client_id)
    applicants: list[ranking.Ranked] = []
    matches: list[ranking.Ranked] = []
    if screening.ai_ranking_enabled:
        weights = screening.matcher_weights()
        applicants = ranking.rank_applicants(requisition, weights)
        matches = ranking.best_matches(requisition, weights)
        ranking.log_shown(requisition, applicants + matches, request.user)
    return render(
        request,
        "screening/matches.html",
        {
            "requisition": requisition,
            "enabled": screening.ai_ranking_enabled,
            "applicants": applicants,
            "matches": matches,
            "can_write": request.access.can_write(requisition.client_id),
            "can_manage": request.access.can_manage(requisition.client_id),
            **skills_context(request, requisition, next_url=request.get_full_path()),
        },
    )


@login_required
@require_POST
def requisition_matches_add(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = selectors.staff_requisition(request.access, requisition_id, write=True)
    url = reverse("screening:requisition_matches", args=[requisition.pk])
    raw = request.POST.get("candidate", "")
    if not raw.isdigit():
        messages.error(request, _("Choose a candidate to add."))
        return redirect(url)
    candidate = get_visible_or_404(request.access, Candidate.objects.active(), pk=int(raw))
    try:
        ranking.match_add(
            requisition=requisition, candidate=candidate, by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    messages.success(
        request, _("%(name)s was added to the pipeline.") % {"name": candidate.full_name}
    )
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def screening_settings(request: HttpRequest, slug: str) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, manage=True, slug=slug)
    screening = ScreeningSettings.for_client(client.pk)
    initial = {
        "ai_ranking_enabled": screening.ai_ranking_enabled,
        "blind_review": screening.blind_review,
        "blind_until_kind": screening.blind_until_kind or "interview",
    }
    initial.update({f"weight_{k}": v for k, v in screening.weights.items() if k in WEIGHT_NAMES})
    form = ScreeningSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        screening.ai_ranking_enabled = form.cleaned_data["ai_ranking_enabled"]
        screening.weights = form.weights()
        screening.blind_review = form.cleaned_data["blind_review"]
        screening.blind_until_kind = form.cleaned_data["blind_until_kind"] or "interview"
        screening.full_clean()
        screening.save()
        audit.record(
            "screening.settings_changed",
            actor=request.user,
            request=request,
            obj=screening,
            client=client,
            changes={
                "ai_ranking_enabled": screening.ai_ranking_enabled,
                "weights": screening.weights,
                "blind_review": screening.blind_review,
                "blind_until_kind": screening.blind_until_kind,
            },
        )
        messages.success(request, _("Screening settings saved."))
        return redirect("screening:settings", slug=client.slug)
    return render(
        request,
        "screening/settings.html",
        {
            "client": client,
            "form": form,
            "may_audit": selectors.may_audit(request.access, client.pk),
        },
    )


@login_required
@require_GET
def similar_candidates(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """The talent network's candidates most like this one, with reasons; add one to a pipeline."""
    if not request.access.is_provider_staff:
        raise Http404
    candidate = get_visible_or_404(request.access, Candidate.objects.active(), pk=candidate_id)
    try:
        rows = ranking.similar_candidates(candidate)
    except ValidationError as error:
        rows, refused = [], " ".join(error.messages)
    else:
        refused = ""
    ranking.log_similar_shown(candidate, rows, request.user)
    requisitions = [
        r
        for r in Requisition.objects.visible_to(request.access)
        .filter(status=Requisition.Status.OPEN)
        .select_related("client")
        .order_by("client__name", "title")
        if request.access.can_write(r.client_id)
    ]
    return render(
        request,
        "screening/similar.html",
        {"candidate": candidate, "rows": rows, "requisitions": requisitions, "refused": refused},
    )


@login_required
@require_POST
def similar_candidates_add(request: HttpRequest, candidate_id: int) -> HttpResponse:
    if not request.access.is_provider_staff:
        raise Http404
    origin = get_visible_or_404(request.access, Candidate.objects.active(), pk=candidate_id)
    url = reverse("screening:similar_candidates", args=[origin.pk])
    raw_candidate = request.POST.get("candidate", "")
    raw_requisition = request.POST.get("requisition", "")
    if not raw_candidate.isdigit() or not raw_requisition.isdigit():
        messages.error(request, _("Choose a requisition to add the candidate to."))
        return redirect(url)
    requisition = get_visible_or_404(
        request.access, Requisition, write=True, pk=int(raw_requisition)
    )
    candidate = get_visible_or_404(
        request.access, Candidate.objects.active(), pk=int(raw_candidate)
    )
    try:
        application = application_create(
            requisition=requisition,
            candidate=candidate,
            by=request.user,
            source=Candidate.Source.SOURCED,
            source_detail="similar candidates",
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    ranking.similar_decision_record(
        origin=origin, candidate=candidate, application=application, by=request.user
    )
    messages.success(
        request,
        _("%(name)s was added to the pipeline of %(job)s.")
        % {"name": candidate.full_name, "job": requisition.title},
    )
    return redirect(url)
