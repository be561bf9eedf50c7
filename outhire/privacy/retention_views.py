"""The retention pages (policies, preview, runs) and legal holds: provider admins only.

Everyone else gets 403, also the provider's other staff: deciding how long people's data is
kept, and suspending that, is the data protection officer's (a provider admin's) call.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.lib.tasks import enqueue
from outhire.privacy import retention
from outhire.privacy.models import LegalHold, RetentionPolicy, RetentionRun
from outhire.privacy.retention_forms import LegalHoldForm, RetentionPolicyForm
from outhire.privacy.tasks import apply_retention
from outhire.requisitions.models import Requisition

RECENT_RUNS = 10
RECENT_RELEASES = 20


def _require_admin(request: HttpRequest) -> None:
    if not request.access.can_administer_provider:
        raise PermissionDenied


# --- Policies and runs ----------------------------------------------------------------------


@login_required
@require_GET
def retention_home(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    policies = list(
        RetentionPolicy.objects.select_related("client", "updated_by").order_by(
            "client__name", "country"
        )
    )
    # The policy for every client and every country first; then by client and country.
    policies.sort(
        key=lambda p: (p.client_id is not None, p.client.name if p.client else "", p.country)
    )
    runs = list(RetentionRun.objects.select_related("by")[:RECENT_RUNS])
    has_default = any(p.client_id is None and not p.country for p in policies)
    return render(
        request,
        "privacy/retention.html",
        {
            "policies": policies,
            "runs": runs,
            "has_default": has_default,
            "built_in": retention.BUILT_IN,
            "rules": retention.RULE_LABELS,
        },
    )


def _policy_form_page(request: HttpRequest, policy: RetentionPolicy) -> HttpResponse:
    form = RetentionPolicyForm(request.POST if request.method == "POST" else None, policy=policy)
    if request.method == "POST":
        if form.is_valid():
            try:
                retention.retention_policy_save(
                    policy=form.apply(), by=request.user, request=request
                )
            except (ValidationError, IntegrityError):
                # Someone saved the same client and country between the check and the save.
                form.add_error(None, _("There is already a policy for this client and country."))
            else:
                messages.success(request, _("Retention policy saved."))
                return redirect("privacy:retention")
        return render(
            request,
            "privacy/retention_policy_form.html",
            {"form": form, "policy": policy},
            status=400,
        )
    return render(request, "privacy/retention_policy_form.html", {"form": form, "policy": policy})


@login_required
@require_http_methods(["GET", "POST"])
def retention_policy_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return _policy_form_page(request, RetentionPolicy())


@login_required
@require_http_methods(["GET", "POST"])
def retention_policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    _require_admin(request)
    policy = get_visible_or_404(request.access, RetentionPolicy, pk=policy_id)
    return _policy_form_page(request, policy)


@login_required
@require_http_methods(["GET", "POST"])
def retention_policy_delete(request: HttpRequest, policy_id: int) -> HttpResponse:
    _require_admin(request)
    policy = get_visible_or_404(
        request.access, RetentionPolicy.objects.select_related("client"), pk=policy_id
    )
    if request.method == "POST":
        retention.retention_policy_delete(policy=policy, by=request.user, request=request)
        messages.success(request, _("Retention policy deleted."))
        return redirect("privacy:retention")
    return render(request, "privacy/retention_policy_delete.html", {"policy": policy})


@login_required
@require_POST
def retention_preview(request: HttpRequest) -> HttpResponse:
    """Count and list who a run would anonymise now; changes nothing but the run's record."""
    _require_admin(request)
    run = retention.retention_run(by=request.user, dry_run=True, request=request)
    return redirect("privacy:retention_run", run_id=run.pk)


@login_required
@require_http_methods(["GET", "POST"])
def retention_run_now(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    if request.method == "POST":
        enqueue(apply_retention, request.user.pk)
        messages.success(
            request,
            _(
                "The retention run has started. Its counts appear under “Last runs” when it "
                "is done."
            ),
        )
        return redirect("privacy:retention")
    last_preview = RetentionRun.objects.filter(dry_run=True).select_related("by").first()
    return render(
        request,
        "privacy/retention_run_confirm.html",
        {"preview": last_preview, "batch": settings.OUTHIRE_RETENTION_BATCH},
    )


@login_required
@require_GET
def retention_run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _require_admin(request)
    run = get_visible_or_404(request.access, RetentionRun.objects.select_related("by"), pk=run_id)
    listed = run.counts.get("records") or {}
    ids = {int(row[0]) for rows in listed.values() for row in rows}
    people = {
        c["pk"]: c
        for c in Candidate.objects.filter(pk__in=ids).values(
            "pk", "first_name", "last_name", "anonymised_at"
        )
    }
    sections = []
    for rule, label in retention.RULE_LABELS.items():
        rows = [
            {"id": int(cid), "due": due, "person": people.get(int(cid))}
            for cid, due in listed.get(rule, [])
        ]
        sections.append(
            {"rule": rule, "label": label, "count": run.counts.get(rule, 0), "rows": rows}
        )
    return render(
        request,
        "privacy/retention_run.html",
        {"run": run, "sections": sections, "limit": retention.PREVIEW_LIST_LIMIT},
    )


# --- Legal holds ----------------------------------------------------------------------------


@login_required
@require_GET
def hold_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    holds = LegalHold.objects.select_related(
        "candidate", "requisition", "requisition__client", "placed_by", "released_by"
    )
    return render(
        request,
        "privacy/hold_list.html",
        {
            "active": list(holds.filter(released_at__isnull=True)),
            "released": list(
                holds.filter(released_at__isnull=False).order_by("-released_at")[:RECENT_RELEASES]
            ),
        },
    )


def _hold_form_page(request: HttpRequest, **target) -> HttpResponse:
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    context = {"form": form, **target}
    if request.method == "POST":
        if form.is_valid():
            retention.legal_hold_place(
                reason=form.cleaned_data["reason"], by=request.user, request=request, **target
            )
            messages.success(
                request,
                _("Legal hold placed: retention and erasure are suspended until released."),
            )
            return redirect("privacy:hold_list")
        return render(request, "privacy/hold_form.html", context, status=400)
    return render(request, "privacy/hold_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hold_place_candidate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    _require_admin(request)
    candidate = get_visible_or_404(request.access, Candidate.objects.active(), pk=candidate_id)
    return _hold_form_page(request, candidate=candidate)


@login_required
@require_http_methods(["GET", "POST"])
def hold_place_requisition(request: HttpRequest, requisition_id: int) -> HttpResponse:
    _require_admin(request)
    requisition = get_visible_or_404(
        request.access, Requisition.objects.select_related("client"), pk=requisition_id
    )
    return _hold_form_page(request, requisition=requisition)


@login_required
@require_http_methods(["GET", "POST"])
def hold_release(request: HttpRequest, hold_id: int) -> HttpResponse:
    _require_admin(request)
    hold = get_visible_or_404(
        request.access,
        LegalHold.objects.select_related("candidate", "requisition", "requisition__client"),
        pk=hold_id,
    )
    if request.method == "POST":
        try:
            retention.legal_hold_release(hold=hold, by=request.user, request=request)
        except retention.HoldAlreadyReleased:
            messages.info(request, _("This hold had already been released."))
        else:
            messages.success(request, _("Legal hold released: retention applies again."))
        return redirect("privacy:hold_list")
    if not hold.is_active:
        messages.info(request, _("This hold has already been released."))
        return redirect("privacy:hold_list")
    return render(request, "privacy/hold_release.html", {"hold": hold})
