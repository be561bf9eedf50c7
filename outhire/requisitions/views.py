"""Requisitions in the staff app and the client portal (one set of pages, scoped by role).

Provider staff see the requisitions of the clients they are assigned to and work them through
their life; a client's users see their own client's requisitions, raise new ones as drafts, and
give their approvals. Per-client set-up and a requisition's own stages are in setup_views.
Every object is fetched through `get_visible_or_404`: out of reach is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import get_visible_or_404
from outhire.approvals import chain
from outhire.approvals.forms import DecisionForm
from outhire.lib.forms import apply_errors, split_values
from outhire.lib.navigation import safe_next
from outhire.pipeline.models import Application
from outhire.requisitions import services, skills, transitions
from outhire.requisitions.forms import (
    ReasonForm,
    RequisitionFilterForm,
    RequisitionForm,
)
from outhire.requisitions.models import (
    Approval,
    Requisition,
    RequisitionEvent,
)
from outhire.requisitions.transitions import Action

PER_PAGE = 50
Status = Requisition.Status


def _requisition(request: HttpRequest, requisition_id: int, *, write: bool = False) -> Requisition:
    return get_visible_or_404(
        request.access,
        Requisition.objects.select_related("client", "hiring_manager", "created_by"),
        write=write,
        pk=requisition_id,
    )


def _require_staff_writer(request: HttpRequest, client_id: int) -> None:
    """Working a requisition (transitions, stages, set-up) is the provider's job."""
    if not (request.access.is_provider_staff and request.access.can_write(client_id)):
        raise PermissionDenied


def _staff_client(request: HttpRequest, slug: str) -> Client:
    client = get_visible_or_404(request.access, Client, slug=slug)
    _require_staff_writer(request, client.pk)
    return client


def _to_detail(requisition: Requisition, anchor: str = "") -> HttpResponse:
    url = reverse("requisitions:requisition_detail", args=[requisition.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _is_hiring_manager_only(access) -> bool:
    roles = set(access.roles.values())
    return bool(roles) and roles <= {Role.HIRING_MANAGER, Role.INTERVIEWER}


# --- List, create, edit ----------------------------------------------------------------------


def requisitions_for_list(access):
    """Requisitions `access` sees, with what the list shows, in a fixed number of queries."""
    active = (
        Application.objects.filter(requisition=OuterRef("pk"), status=Application.Status.ACTIVE)
        .order_by()
        .values("requisition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Requisition.objects.visible_to(access)
        .select_related("client", "hiring_manager")
        .prefetch_related("recruiters")
        .annotate(active_applications=Coalesce(Subquery(active, output_field=IntegerField()), 0))
    )


@login_required
@require_GET
def requisition_list(request: HttpRequest) -> HttpResponse:
    access = request.access
    data = request.GET.copy()
    if not data and _is_hiring_manager_only(access):
        data["mine"] = "on"  # a hiring manager starts from the requisitions they manage
    form = RequisitionFilterForm(data or None, access=access)
    requisitions = requisitions_for_list(access)
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["client"]:
            requisitions = requisitions.filter(client=f["client"])
        if f["status"]:
            requisitions = requisitions.filter(status=f["status"])
        if f["priority"]:
            requisitions = requisitions.filter(priority=f["priority"])
        if f.get("recruiter"):
            requisitions = requisitions.filter(recruiters=f["recruiter"])
        if f["mine"]:
            if access.is_provider_staff:
                requisitions = requisitions.filter(recruiters=request.user)
            else:
                requisitions = requisitions.filter(
                    Q(hiring_manager=request.user) | Q(created_by=request.user)
                )
    page = Paginator(requisitions, PER_PAGE).get_page(request.GET.get("page"))
    params = data.copy()
    params.pop("page", None)
    clients = list(Client.objects.visible_to(access))
    return render(
        request,
        "requisitions/requisition_list.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "is_staff": access.is_provider_staff,
            "can_create": any(services.requisition_may_raise(access, c.pk) for c in clients),
            "setup_clients": [
                {
                    "client": c,
                    "chain": access.can_manage(c.pk),
                    "staff": access.is_provider_staff and access.can_write(c.pk),
                }
                for c in clients
                if access.can_manage(c.pk) or (access.is_provider_staff and access.can_write(c.pk))
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def requisition_create(request: HttpRequest) -> HttpResponse:
    access = request.access
    if not any(services.requisition_may_raise(access, cid) for cid in access.client_ids):
        raise PermissionDenied
    initial = {}
    if Role.HIRING_MANAGER in access.roles.values():
        initial["hiring_manager"] = request.user.pk  # they usually raise it for themselves
    # A link may name the client (the set-up checklist does): it is chosen already.
    chosen = Client.objects.filter(
        slug=request.GET.get("client", ""),
        pk__in=[cid for cid in access.client_ids if services.requisition_may_raise(access, cid)],
    ).first()
    if chosen:
        initial["client"] = chosen
    if request.method == "POST" and "propose" in request.POST:
        form, proposed = _with_proposed_skills(request, access=access)
        context = {"form": form, "proposed": proposed}
        return render(request, "requisitions/requisition_form.html", context)
    form = RequisitionForm(
        request.POST if request.method == "POST" else None, access=access, initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            client = form.cleaned_data["client"]
            try:
                requisition = services.requisition_create(
                    client=client,
                    by=request.user,
                    fields=form.requisition_fields(),
                    access=access,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Requisition %(reference)s is created.")
                    % {"reference": requisition.reference},
                )
                if safe_next(request):
                    return redirect(safe_next(request))
                return _to_detail(requisition)
        return render(request, "requisitions/requisition_form.html", {"form": form}, status=400)
    return render(request, "requisitions/requisition_form.html", {"form": form})


def _with_proposed_skills(
    request: HttpRequest, **form_kwargs
) -> tuple[RequisitionForm, skills.Proposal]:
    """The form as posted, unsaved, with skills proposed from its title and description written
    into the skill lists left empty, for the person to check and then save.

    The form is unbound again (what was typed becomes its initial values), so asking for a
    proposal does not flag the fields not filled in yet as errors.
    """
    posted = RequisitionForm(request.POST, **form_kwargs)
    typed = {
        name: field.widget.value_from_datadict(posted.data, posted.files, posted.add_prefix(name))
        for name, field in posted.fields.items()
    }
    proposal = skills.proposal_for(
        title=typed.get("title") or "",
        description=typed.get("description") or "",
        must_have=split_values(typed.get("must_have_skills") or ""),
        nice_to_have=split_values(typed.get("nice_to_have_skills") or ""),
    )
    if proposal.must_have:
        typed["must_have_skills"] = "\n".join(proposal.must_have)
    if proposal.nice_to_have:
        typed["nice_to_have_skills"] = "\n".join(proposal.nice_to_have)
    return RequisitionForm(None, initial=typed, **form_kwargs), proposal


def _may_edit(request: HttpRequest, requisition: Requisition) -> bool:
    # A client's people shape their request until it is submitted for approval.
    return services.requisition_may_edit(request.access, requisition)


@login_required
@require_http_methods(["GET", "POST"])
def requisition_edit(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _requisition(request, requisition_id)
    if not _may_edit(request, requisition):
        raise PermissionDenied
    initial = {"version": requisition.version}
    if request.access.is_provider_staff:
        initial["recruiters"] = list(requisition.recruiters.all())
    if request.method == "POST" and "propose" in request.POST:
        form, proposed = _with_proposed_skills(
            request, access=request.access, client=requisition.client, instance=requisition
        )
        context = {"form": form, "requisition": requisition, "proposed": proposed}
        return render(request, "requisitions/requisition_form.html", context)
    form = RequisitionForm(
        request.POST if request.method == "POST" else None,
        access=request.access,
        client=requisition.client,
        instance=requisition,
        initial=initial,
    )
    context = {
        "form": form,
        "requisition": requisition,
        "skills_proposal": skills.requisition_proposal(requisition),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                services.requisition_update(
                    requisition=requisition,
                    fields=form.requisition_fields(),
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    access=request.access,
                    request=request,
                )
            except services.StaleVersion as stale:
                # Keep what this person typed, and let them save it over the current version.
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = RequisitionForm(
                    data, access=request.access, client=requisition.client, instance=stale.current
                )
                form.is_valid()
                context.update(form=form, stale=stale.current)
                return render(request, "requisitions/requisition_form.html", context, status=409)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Requisition saved."))
                return _to_detail(requisition)
        return render(request, "requisitions/requisition_form.html", context, status=400)
    return render(request, "requisitions/requisition_form.html", context)


# --- Detail and transitions ------------------------------------------------------------------


def _detail_context(request: HttpRequest, requisition: Requisition, **forms) -> dict:
    access = request.access
    requisition = (
        Requisition.objects.select_related(
            "client", "hiring_manager", "created_by", "pipeline_template"
        )
        .prefetch_related(
            "recruiters",
            "competencies",
            "opening_set",
            Prefetch("events", queryset=RequisitionEvent.objects.select_related("by")),
            Prefetch("approvals", queryset=Approval.objects.select_related("approver")),
            "stages",
        )
        .get(pk=requisition.pk)
    )
    is_staff = access.is_provider_staff
    staff_writer = is_staff and access.can_write(requisition.client_id)
    status = Status(requisition.status)
    allowed = {
        action
        for action in transitions.actions_from(status)
        if services.requisition_may(access, requisition, action)
    }
    approvals = list(requisition.approvals.all())
    step = chain.waiting_step(approvals) if status == Status.PENDING_APPROVAL else None
    rounds = sorted({a.round for a in approvals}, reverse=True)
    context = {
        "requisition": requisition,
        "is_staff": is_staff,
        "can_edit": _may_edit(request, requisition),
        "can_submit": Action.SUBMIT in allowed,
        "can_hold": Action.HOLD in allowed,
        "can_resume": Action.RESUME in allowed,
        "can_cancel": Action.CANCEL in allowed,
        "can_edit_stages": staff_writer and not requisition.is_closed,
        "step": step,
        "my_turn": step is not None and step.approver_id == request.user.pk,
        "events": [
            (e, Status(e.from_status).label if e.from_status else "", Status(e.to_status).label)
            for e in requisition.events.all()
        ],
        "approval_rounds": [(r, [a for a in approvals if a.round == r]) for r in rounds],
        "stages": [s for s in requisition.stages.all() if not s.archived],
        "archived_stages": [s for s in requisition.stages.all() if s.archived],
        "hold_form": forms.get("hold_form") or ReasonForm(auto_id=_REASON_IDS["hold_form"]),
        "cancel_form": forms.get("cancel_form") or ReasonForm(auto_id=_REASON_IDS["cancel_form"]),
        "decision_form": forms.get("decision_form") or DecisionForm(),
    }
    context.update(skills_context(request, requisition))
    if is_staff:
        context["active_applications"] = Application.objects.filter(
            requisition=requisition, status=Application.Status.ACTIVE
        ).count()
    return context


def skills_context(request: HttpRequest, requisition: Requisition, next_url: str = "") -> dict:
    """What the skills block (`requisitions/_skills.html`) needs, on any page that shows it."""
    return {
        "skills_proposal": skills.requisition_proposal(requisition),
        "may_confirm_skills": _may_edit(request, requisition),
        "skills_next": next_url,
    }


@login_required
@require_POST
def requisition_skills_confirm(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """Save the skills proposed from the description, as shown, into the lists still empty."""
    requisition = _requisition(request, requisition_id)
    if not _may_edit(request, requisition):
        raise PermissionDenied
    back = safe_next(request) or (
        reverse("requisitions:requisition_detail", args=[requisition.pk]) + "#skills"
    )
    must_have = split_values(request.POST.get("must_have_skills", ""))
    nice_to_have = split_values(request.POST.get("nice_to_have_skills", ""))
    if not must_have and not nice_to_have:
        messages.error(request, _("No skills were sent to save."))
        return redirect(back)
    try:
        saved = skills.requisition_skills_confirm(
            requisition=requisition,
            must_have=must_have,
            nice_to_have=nice_to_have,
            by=request.user,
            access=request.access,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if saved:
        messages.success(request, _("The proposed skills are saved; matching uses them now."))
    else:
        messages.info(request, _("The skills were already chosen: nothing was changed."))
    return redirect(back)


def _detail_with_errors(request: HttpRequest, requisition: Requisition, **forms) -> HttpResponse:
    context = _detail_context(request, requisition, **forms)
    return render(request, "requisitions/requisition_detail.html", context, status=400)


@login_required
@require_GET
def requisition_detail(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _requisition(request, requisition_id)
    context = _detail_context(request, requisition)
    return render(request, "requisitions/requisition_detail.html", context)


def _transition_target(request: HttpRequest, requisition_id: int, action: Action) -> Requisition:
    """The requisition, when the table lets the signed-in person take `action` on it (else 403);
    whether its status allows it now is the service's check, said in a message."""
    requisition = _requisition(request, requisition_id)
    if not services.requisition_may(request.access, requisition, action):
        raise PermissionDenied
    return requisition


@login_required
@require_POST
def requisition_submit(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _transition_target(request, requisition_id, Action.SUBMIT)
    try:
        services.requisition_submit(
            requisition=requisition, by=request.user, access=request.access, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_detail(requisition)
    requisition.refresh_from_db()
    services.approval_notify_next(requisition=requisition)
    told = (
        " " + _("Your recruiters have been told.") if not request.access.is_provider_staff else ""
    )
    if requisition.status == Status.OPEN:
        messages.success(
            request, _("The client has no approval chain: the requisition is open.") + told
        )
    else:
        messages.success(request, _("Submitted for approval.") + told)
    return _to_detail(requisition)


# The hold and cancel forms share a field name and a page: their own ids keep the error
# summary's links apart.
_REASON_IDS = {"hold_form": "hold-%s", "cancel_form": "cancel-%s"}


def _reason_transition(
    request, requisition_id: int, action: Action, service, form_name: str, done: str
):
    requisition = _transition_target(request, requisition_id, action)
    form = ReasonForm(request.POST, auto_id=_REASON_IDS[form_name])
    if form.is_valid():
        try:
            service(
                requisition=requisition,
                by=request.user,
                reason=form.cleaned_data["reason"],
                access=request.access,
                request=request,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # The status does not allow it (the page was stale): there is no form to fix.
                messages.error(request, " ".join(error.messages))
                return _to_detail(requisition)
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return _to_detail(requisition)
    return _detail_with_errors(request, requisition, **{form_name: form})


@login_required
@require_POST
def requisition_hold(request: HttpRequest, requisition_id: int) -> HttpResponse:
    return _reason_transition(
        request,
        requisition_id,
        Action.HOLD,
        services.requisition_hold,
        "hold_form",
        _("Put on hold."),
    )


@login_required
@require_POST
def requisition_resume(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _transition_target(request, requisition_id, Action.RESUME)
    try:
        services.requisition_resume(
            requisition=requisition,
            by=request.user,
            reason=request.POST.get("reason", "")[:2000],
            access=request.access,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The requisition is open again."))
    return _to_detail(requisition)


@login_required
@require_POST
def requisition_cancel(request: HttpRequest, requisition_id: int) -> HttpResponse:
    return _reason_transition(
        request,
        requisition_id,
        Action.CANCEL,
        services.requisition_cancel,
        "cancel_form",
        _("Cancelled."),
    )


# --- Approvals ---------------------------------------------------------------------------------


@login_required
@require_POST
def requisition_approve(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """An approver's decision. Not an approver: 403; not now (twice, out of turn): a message."""
    requisition = _requisition(request, requisition_id)
    if request.access.read_only:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.approve
        try:
            services.approval_decide(
                requisition=requisition,
                by=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
                access=request.access,
                request=request,
            )
        except PermissionDenied as denied:
            return render(
                request,
                "requisitions/not_an_approver.html",
                {"requisition": requisition, "message": str(denied)},
                status=403,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            services.approval_notify_next(requisition=requisition)
            if not approve:
                messages.success(request, _("Sent back to the recruiter with your comment."))
            elif requisition.status == Status.OPEN:
                messages.success(request, _("Approved: the requisition is open."))
            else:
                messages.success(request, _("Approved: the next approver has been told."))
            return _to_detail(requisition)
    return _detail_with_errors(request, requisition, decision_form=form)


@login_required
@require_GET
def approval_list(request: HttpRequest) -> HttpResponse:
    """Approvals waiting for the signed-in person now, and those that will come to them."""
    mine = (
        Approval.objects.visible_to(request.access)
        .awaiting(request.user)
        .select_related("requisition", "requisition__client", "requisition__hiring_manager")
        .order_by("requisition__created_at")
    )
    rows = list(mine)
    return render(
        request,
        "requisitions/approval_list.html",
        {"now": [a for a in rows if not a.waits], "later": [a for a in rows if a.waits]},
    )
