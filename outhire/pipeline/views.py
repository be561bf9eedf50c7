"""The pipeline board and application pages for provider staff, and the client portal.

Provider staff assigned to a requisition's client work on the board; anyone else gets 404 from
every staff page. The client's hiring team sees, per requisition, only the applications
shortlisted to it (kind `submitted` onwards) and may advance or decline them; interviewers read.

Every move works without JavaScript (a form POST, then a redirect back); the board's drag and
drop only fills in and submits the same forms. Sent by htmx (`HX-Request`), a move of one
application answers with its card instead, put at the top of its new column, with the columns'
counts and the messages out of band, so the board updates in place. A move made on a stale page
(someone moved the application since) is refused: the page answers 409 with who moved it and
the current state (htmx: the card where it is now, saying so).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.candidates.search import search_candidates
from outhire.lib.ids import is_id
from outhire.pipeline import board as selectors
from outhire.pipeline import confirming, services
from outhire.pipeline.communication import messaging
from outhire.pipeline.communication.messaging import Draft, templates_for_move
from outhire.pipeline.forms import (
    AdvanceForm,
    BoardFilterForm,
    BulkForm,
    CloseForm,
    DeclineForm,
    MoveForm,
    ReopenForm,
    draft_formset,
)
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import DispositionReason, Requisition, Stage, StageKind
from outhire.requisitions.services import StaleVersion

Kind = DispositionReason.AppliesTo
SEARCH_LIMIT = 20


def _require_staff(request: HttpRequest) -> None:
    # Not 403: to a client's user the board does not exist.
    if not request.access.is_provider_staff:
        raise Http404


def _requisition(request: HttpRequest, requisition_id: int, *, write: bool = False) -> Requisition:
    _require_staff(request)
    return get_visible_or_404(request.access, Requisition, write=write, pk=requisition_id)


def _application(request: HttpRequest, application_id: int, *, write: bool = False) -> Application:
    _require_staff(request)
    return get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition", "stage"),
        write=write,
        pk=application_id,
    )


def _stages(requisition_id: int):
    return Stage.objects.filter(requisition_id=requisition_id, archived=False)


def _dispositions(client_id: int, kind: str):
    return DispositionReason.objects.filter(client_id=client_id, applies_to=kind, is_active=True)


def _board_url(requisition_id: int) -> str:
    return reverse("pipeline:board", args=[requisition_id])


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Where the form came from (the board with its filters, or the application page)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return redirect(target or default)


def _errors(form) -> str:
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return " ".join(errors) or _("The form is not valid.")


def _form_error(request: HttpRequest, form) -> None:
    messages.error(request, _errors(form))


# --- The board --------------------------------------------------------------------------------

CARD_ACTIONS = ("detail", "move", "move_preview", "reopen")


def _card_urls() -> dict[str, str]:
    """Each card action's URL for application 0, to fill in per card without reversing."""
    return {name: reverse(f"pipeline:application_{name}", args=[0]) for name in CARD_ACTIONS}


def _options(objects, *, selected: int | None = None, disabled: int | None = None) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}{}>{}</option>',
        (
            (
                o.pk,
                mark_safe(" selected") if o.pk == selected else "",  # noqa: S308 (constant)
                mark_safe(" disabled") if o.pk == disabled else "",  # noqa: S308 (constant)
                o.name,
            )
            for o in objects
        ),
    )


def _board_response(
    request: HttpRequest, requisition: Requisition, *, status: int = 200
) -> HttpResponse:
    params = request.GET.copy() if request.method == "GET" else QueryDict(mutable=True)
    # Active applications unless another status (or "any", an empty one) is asked for.
    params.setdefault("status", Application.Status.ACTIVE)
    owners = selectors.board_owners(requisition)
    sources = selectors.board_sources(requisition)
    form = BoardFilterForm(params, sources=sources, owners=owners)
    filters = selectors.BoardFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.BoardFilters(
            text=data["q"], source=data["source"], owner_id=data["owner"], status=data["status"]
        )
    show = params.get("show", "")
    # A stage id to show in full; anything else (or an id past the database range) is ignored
    expand = int(show) if is_id(show) else None
    columns = selectors.board_columns(requisition, filters, expand_stage_id=expand)
    stages = [c.stage for c in columns]
    urls = _card_urls()
    for n, column in enumerate(columns):
        column.next_stage = columns[n + 1].stage if n + 1 < len(columns) else None
        # Rendered once per column, not once per card: 2,000 cards stay cheap to draw.
        column.move_options = _options(
            stages,
            selected=column.next_stage.pk if column.next_stage else None,
            disabled=column.stage.pk,
        )
        for card in column.cards:
            card.urls = {name: url.replace("/0/", f"/{card.pk}/") for name, url in urls.items()}
    query = request.GET.copy()
    query.pop("show", None)
    # Filters and bulk actions fold away so the cards are above the fold; a filter in use
    # keeps its panel open, so one sees why cards are missing.
    filtering = form.is_valid() and (
        filters.text or filters.source or filters.owner_id or filters.status != "active"
    )
    context = {
        "requisition": requisition,
        "columns": columns,
        "stages": stages,
        "form": form,
        "filtering": filtering,
        "filter_query": query.urlencode(),
        "board_url": request.get_full_path() if request.method == "GET" else "",
        **_card_context(request, requisition),
    }
    return render(request, "pipeline/board.html", context, status=status)


def _card_context(request: HttpRequest, requisition: Requisition) -> dict:
    """What every card of the board is drawn with besides itself."""
    dispositions = DispositionReason.objects.filter(
        client_id=requisition.client_id, applies_to=Kind.REJECTED, is_active=True
    )
    return {
        "reject_options": _options(dispositions),
        "can_write": request.access.can_write(requisition.client_id),
    }


def _card_response(
    request: HttpRequest,
    application: Application,
    *,
    moved: bool,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """htmx's answer to a move of one card. `moved`: the card left its column on the page (a
    move done, or one refused because someone else moved it first): the old card is deleted and
    the card as it is now goes to the top of its column, unless it is closed (the board shows
    active applications). Otherwise the card is redrawn in place, with `error` on it. The
    columns' counts and the messages come along out of band."""
    requisition = application.requisition
    card = selectors.board_card(application.pk, requisition)
    if moved and card.status != Application.Status.ACTIVE:
        card = None
    stages = list(_stages(requisition.pk))
    following = None
    if card is not None:
        card.urls = {name: url.replace("/0/", f"/{card.pk}/") for name, url in _card_urls().items()}
        card.error = error
        positions = [s.pk for s in stages]
        if card.stage_id in positions and positions.index(card.stage_id) + 1 < len(stages):
            following = stages[positions.index(card.stage_id) + 1]
    context = {
        "card": card,
        "moved": moved,
        "counts": selectors.column_counts(requisition),
        "move_options": _options(
            stages,
            selected=following.pk if following else None,
            disabled=card.stage_id if card else None,
        ),
        "board_url": request.POST.get("next", ""),
        "can_write": request.access.can_write(requisition.client_id),
    }
    response = HttpResponse(
        render_to_string("pipeline/_card_response.html", context, request=request), status=status
    )
    if moved:
        response["HX-Reswap"] = "delete"
    return response


@login_required
@require_GET
def board(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _requisition(request, requisition_id)
    return _board_response(request, requisition)


def _conflict(request: HttpRequest, stale: StaleVersion) -> HttpResponse:
    """Nothing was written: say who moved it, and show the board as it is now."""
    current = Application.objects.select_related("candidate", "requisition").get(
        pk=stale.current.pk
    )
    if request.htmx:
        message = selectors.conflict_message(current)
        return _card_response(request, current, moved=True, error=message, status=409)
    messages.warning(request, selectors.conflict_message(current))
    return _board_response(request, current.requisition, status=409)


@login_required
@require_POST
def board_bulk(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """Move or reject the ticked applications; each is done or refused on its own."""
    requisition = _requisition(request, requisition_id, write=True)
    form = BulkForm(
        request.POST,
        stages=_stages(requisition.pk),
        dispositions=_dispositions(requisition.client_id, Kind.REJECTED),
    )
    if not form.is_valid():
        if "applications" in form.errors:
            messages.error(request, _("Tick the applications to move or reject first."))
        else:
            _form_error(request, form)
        return _back(request, _board_url(requisition.pk))
    data = form.cleaned_data
    applications = list(
        Application.objects.filter(requisition=requisition, pk__in=data["applications"])
        .select_related("candidate", "stage")
        .order_by("pk")
    )
    confirmation = _bulk_confirmation(request, requisition, applications, data)
    emails, confirmation_page = confirming.settle(request, confirmation)
    if confirmation_page is not None:
        return confirmation_page
    result = services.applications_bulk(
        applications=applications,
        by=request.user,
        to_stage=data["stage"] if data["action"] == "move" else None,
        disposition=data["disposition"] if data["action"] == "reject" else None,
        reason=data["reason"],
        request=request,
        emails=emails,
    )
    if result.done:
        count = len(result.done)
        if data["action"] == "move":
            # English keeps its "(s)"; the plural forms are for the other languages.
            text = ngettext(
                "%(count)s application(s) moved to %(stage)s.",
                "%(count)s application(s) moved to %(stage)s.",
                count,
            ) % {"count": count, "stage": data["stage"].name}
        else:
            text = ngettext(
                "%(count)s application(s) rejected.", "%(count)s application(s) rejected.", count
            ) % {"count": count}
        messages.success(request, text)
        _send_personal_message(request, result.done, data["message"])
    for application, why in result.refused:
        messages.error(request, f"{application.candidate.full_name}: {why}")
    return _back(request, _board_url(requisition.pk))


def _bulk_confirmation(request, requisition, applications, data) -> confirming.Confirmation:
    """A bulk move's confirmation: the client's e-mails for it with their merge fields (each
    candidate gets their own), who skips which stages, whether it shares anyone."""
    active = [a for a in applications if a.status == Application.Status.ACTIVE]
    stage = data["stage"] if data["action"] == "move" else None
    if stage is None:
        kind, to_kind = StageEvent.Kind.REJECTED, ""
    else:
        kind, to_kind = _move_kind(stage), stage.kind
    templates = templates_for_move(requisition.client_id, kind=kind, to_kind=to_kind)
    skipping, shares = [], False
    if stage is not None:
        stages = list(_stages(requisition.pk))
        skipping = [
            (a, skipped) for a in active if (skipped := selectors.skipped_stages(a, stage, stages))
        ]
        shares = stage.client_visible and any(a.reached_client_at is None for a in active)
    count = len(active)
    if stage is not None:
        heading = ngettext(
            "Move %(count)s application to %(stage)s?",
            "Move %(count)s applications to %(stage)s?",
            count,
        ) % {"count": count, "stage": stage.name}
    else:
        heading = ngettext(
            "Reject %(count)s application?", "Reject %(count)s applications?", count
        ) % {"count": count}
    plan = selectors.MovePlan(
        kind=kind,
        to_stage=stage,
        shares=shares,
        drafts=[
            Draft(
                t.pk,
                t.name,
                t.subject,
                t.body,
                translated=tuple(tr.language for tr in t.translations.all()),
            )
            for t in templates
        ]
        if active
        else [],
    )
    confirmation = confirming.Confirmation(
        plan=plan,
        heading=heading,
        action=reverse("pipeline:board_bulk", args=[requisition.pk]),
        back=_back(request, _board_url(requisition.pk)).url,
        applications=active,
        skipping=skipping,
        merge=True,
        client_name=requisition.client.name,
    )
    return confirmation


# --- Moves of one application -------------------------------------------------------------------


def _move_kind(stage: Stage) -> str:
    return StageEvent.Kind.HIRED if stage.kind == StageKind.HIRED else StageEvent.Kind.MOVED


def _move_confirmation(request: HttpRequest, application: Application, stage: Stage):
    plan = selectors.move_plan(
        application,
        kind=_move_kind(stage),
        to_stage=stage,
        stages=list(_stages(application.requisition_id)),
        by=request.user,
    )
    return confirming.Confirmation(
        plan=plan,
        heading="",
        action=reverse("pipeline:application_move", args=[application.pk]),
        back=_back(request, _board_url(application.requisition_id)).url,
        application=application,
        client_name=application.requisition.client.name,
    )


@login_required
@require_POST
def application_move(request: HttpRequest, application_id: int) -> HttpResponse:
    """Move one application; first a confirmation when it would e-mail or skip stages."""
    application = _application(request, application_id, write=True)
    default = _board_url(application.requisition_id)
    form = MoveForm(request.POST, stages=_stages(application.requisition_id))
    if not form.is_valid():
        if request.htmx:
            return _card_response(
                request, application, moved=False, error=_errors(form), status=422
            )
        _form_error(request, form)
        return _back(request, default)
    stage = form.cleaned_data["stage"]
    emails, confirmation_page = confirming.settle(
        request, _move_confirmation(request, application, stage), fragment=bool(request.htmx)
    )
    if confirmation_page is not None:
        if request.htmx:
            return _confirmation_dialog(confirmation_page)
        return confirmation_page
    try:
        services.application_move(
            application=application,
            to_stage=stage,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            request=request,
            emails=emails,
        )
    except StaleVersion as stale:
        return _conflict(request, stale)
    except ValidationError as error:
        if request.htmx:
            return _card_response(
                request, application, moved=False, error=" ".join(error.messages), status=422
            )
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s moved to %(stage)s.") % {
            "name": application.candidate.full_name,
            "stage": stage.name,
        }
        if emails:
            text += " " + ngettext(
                "%(count)s e-mail(s) to the candidate queued.",
                "%(count)s e-mail(s) to the candidate queued.",
                len(emails),
            ) % {"count": len(emails)}
        messages.success(request, text)
        if request.htmx:
            return _card_response(request, application, moved=True)
    return _back(request, default)


def _confirmation_dialog(confirmation_page: HttpResponse) -> HttpResponse:
    """A move sent by htmx that must be confirmed first (the board's preview said there was
    nothing to confirm, and then something changed): the confirmation goes to the board's
    dialog, which board.js opens, instead of over the card."""
    response = confirmation_page
    response["HX-Retarget"] = "#move-dialog"
    response["HX-Reswap"] = "innerHTML"
    response["HX-Trigger-After-Swap"] = "outhire:confirm-move"
    return response


@login_required
@require_GET
def application_move_preview(request: HttpRequest, application_id: int) -> HttpResponse:
    """For the board's drag and drop: the confirmation the move would ask for, as a fragment
    for a dialog; 204 when there is nothing to confirm (or the move itself will say what is
    wrong: a stale version, a closed application), and the board posts the move as it is."""
    application = _application(request, application_id)
    if not request.access.can_write(application.client_id):
        raise PermissionDenied
    form = MoveForm(request.GET, stages=_stages(application.requisition_id))
    if (
        not form.is_valid()
        or application.status != Application.Status.ACTIVE
        or form.cleaned_data["version"] != application.version
        or form.cleaned_data["stage"].pk == application.stage_id
    ):
        return HttpResponse(status=204)
    confirmation = _move_confirmation(request, application, form.cleaned_data["stage"])
    if not confirmation.needs_confirmation:
        return HttpResponse(status=204)
    formset = draft_formset(drafts=confirmation.plan.drafts)
    return confirming.page(request, confirmation, formset, data=request.GET, fragment=True)


def _send_personal_message(request: HttpRequest, applications: list, text: str) -> None:
    """E-mail the recruiter's own words to each candidate; say who could not be reached."""
    if not text.strip():
        return
    unreachable = []
    for application in applications:
        try:
            messaging.message_custom(
                application=application, body=text, by=request.user, request=request
            )
        except ValidationError:
            unreachable.append(application.candidate.full_name)
    if unreachable:
        messages.warning(
            request,
            _("No e-mail address, so no message for: %(names)s.")
            % {"names": ", ".join(unreachable)},
        )


def _close(request: HttpRequest, application_id: int, *, withdrawn: bool) -> HttpResponse:
    application = _application(request, application_id, write=True)
    default = _board_url(application.requisition_id)
    kind = Kind.WITHDRAWN if withdrawn else Kind.REJECTED
    form = CloseForm(request.POST, dispositions=_dispositions(application.client_id, kind))
    if not form.is_valid():
        if "disposition" in form.errors:
            messages.error(request, _("Choose a reason from the list."))
        else:
            _form_error(request, form)
        return _back(request, default)
    name = "application_withdraw" if withdrawn else "application_reject"
    confirmation = confirming.Confirmation(
        plan=selectors.move_plan(application, kind=str(kind)),
        heading="",
        action=reverse(f"pipeline:{name}", args=[application.pk]),
        back=_back(request, default).url,
        application=application,
        client_name=application.requisition.client.name,
    )
    emails, confirmation_page = confirming.settle(request, confirmation)
    if confirmation_page is not None:
        return confirmation_page
    try:
        services.application_reject(
            application=application,
            by=request.user,
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            withdrawn=withdrawn,
            request=request,
            emails=emails,
        )
    except StaleVersion as stale:
        return _conflict(request, stale)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if withdrawn:
            text = _("%(name)s: application withdrawn.")
        else:
            text = _("%(name)s: application rejected.")
        messages.success(request, text % {"name": application.candidate.full_name})
        _send_personal_message(request, [application], form.cleaned_data["message"])
    return _back(request, default)


@login_required
@require_POST
def application_reject(request: HttpRequest, application_id: int) -> HttpResponse:
    return _close(request, application_id, withdrawn=False)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    return _close(request, application_id, withdrawn=True)


@login_required
@require_POST
def application_reopen(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id, write=True)
    default = _board_url(application.requisition_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, default)
    try:
        services.application_reopen(
            application=application,
            by=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except StaleVersion as stale:
        return _conflict(request, stale)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: application reopened.") % {"name": application.candidate.full_name},
        )
    return _back(request, default)


@login_required
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    application = Application.objects.select_related(
        "candidate", "requisition", "stage", "owner", "disposition"
    ).get(pk=application.pk)
    events = StageEvent.objects.filter(application=application).select_related(
        "from_stage", "to_stage", "by", "disposition"
    )
    stages = list(_stages(application.requisition_id))
    dispositions = list(
        DispositionReason.objects.filter(client_id=application.client_id, is_active=True)
    )
    return render(
        request,
        "pipeline/application_detail.html",
        {
            "application": application,
            "candidate": application.candidate,
            "events": events,
            "stages": stages,
            "next_stage": selectors.next_stage(application, stages),
            "reject_reasons": [d for d in dispositions if d.applies_to == Kind.REJECTED],
            "withdraw_reasons": [d for d in dispositions if d.applies_to == Kind.WITHDRAWN],
            "can_write": request.access.can_write(application.client_id),
            "here": request.get_full_path(),
        },
    )


# --- Adding candidates ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """GET: search the talent network by name; POST: add `candidate` to the requisition."""
    requisition = _requisition(request, requisition_id, write=request.method == "POST")
    if request.method == "POST":
        candidate_id = request.POST.get("candidate") or request.GET.get("candidate") or ""
        if not candidate_id.isdigit():
            messages.error(request, _("Choose a candidate to add."))
            return _back(request, _board_url(requisition.pk))
        candidate = get_visible_or_404(
            request.access, Candidate.objects.active(), pk=int(candidate_id)
        )
        if not request.access.can_write_provider_data:
            raise PermissionDenied
        try:
            services.application_create(
                requisition=requisition, candidate=candidate, by=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is added to the pipeline.") % {"name": candidate.full_name}
            )
        return _back(request, _board_url(requisition.pk))
    query = request.GET.get("q", "").strip()[:100]
    hits = []
    if query:
        hits = search_candidates(
            Candidate.objects.visible_to(request.access), query, limit=SEARCH_LIMIT
        ).hits
    already = set(
        Application.objects.filter(
            requisition=requisition, candidate_id__in=[h.candidate.pk for h in hits]
        ).values_list("candidate_id", flat=True)
    )
    return render(
        request,
        "pipeline/application_new.html",
        {
            "requisition": requisition,
            "query": query,
            "hits": hits,
            "already": already,
            "can_write": request.access.can_write(requisition.client_id),
        },
    )


# --- The client portal --------------------------------------------------------------------------


def _portal_requisition(request: HttpRequest, requisition_id: int) -> Requisition:
    return get_visible_or_404(request.access, Requisition, pk=requisition_id)


def _portal_application(request: HttpRequest, application_id: int) -> Application:
    """A shortlisted application the caller may decide on: 404 out of reach, 403 read-only."""
    application = get_visible_or_404(
        request.access,
        Application.objects.filter(reached_client_at__isnull=False).select_related(
            "candidate", "requisition", "stage"
        ),
        pk=application_id,
    )
    if not selectors.can_decide_in_portal(request.access, application.client_id):
        raise PermissionDenied
    return application


def _portal_url(requisition_id: int) -> str:
    return reverse("pipeline:portal_candidates", args=[requisition_id])


def _portal_response(
    request: HttpRequest, requisition: Requisition, *, status: int = 200
) -> HttpResponse:
    applications = list(selectors.portal_applications(request.access, requisition))
    stages = list(_stages(requisition.pk))
    for application in applications:
        application.next_stage = selectors.next_stage(application, stages)
    return render(
        request,
        "pipeline/portal_candidates.html",
        {
            "requisition": requisition,
            "applications": applications,
            "decline_reasons": list(_dispositions(requisition.client_id, Kind.REJECTED)),
            "can_decide": selectors.can_decide_in_portal(request.access, requisition.client_id),
        },
        status=status,
    )


@login_required
@require_GET
def portal_candidates(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _portal_requisition(request, requisition_id)
    return _portal_response(request, requisition)


def _portal_conflict(request: HttpRequest, stale: StaleVersion) -> HttpResponse:
    current = Application.objects.select_related("candidate", "requisition").get(
        pk=stale.current.pk
    )
    # No name in messages of the portal: blind review may hide it from the client.
    messages.warning(
        request,
        _(
            "This candidate was changed by someone else in the meantime: the list shows the "
            "current state."
        ),
    )
    return _portal_response(request, current.requisition, status=409)


def _portal_confirmation(request, application, plan, name: str) -> confirming.Confirmation:
    """The client's people see the e-mails a decision sends, to send or hold back, not to
    edit: they are the provider's words to the candidate."""
    return confirming.Confirmation(
        plan=plan,
        heading="",
        action=reverse(f"pipeline:{name}", args=[application.pk]),
        back=f"{_portal_url(application.requisition_id)}#application-{application.pk}",
        application=application,
        locked=True,
        client_name=application.requisition.client.name,
    )


@login_required
@require_POST
def portal_advance(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _portal_application(request, application_id)
    default = f"{_portal_url(application.requisition_id)}#application-{application.pk}"
    form = AdvanceForm(request.POST)
    stages = list(_stages(application.requisition_id))
    stage = selectors.next_stage(application, stages)
    if not form.is_valid():
        _form_error(request, form)
    elif stage is None:
        messages.error(request, _("This application is at the last stage already."))
    elif stage.kind == StageKind.HIRED:
        messages.error(
            request,
            _(
                "A candidate is hired when they accept the offer: your recruiters prepare and "
                "send it."
            ),
        )
    else:
        plan = selectors.move_plan(
            application, kind=StageEvent.Kind.MOVED, to_stage=stage, stages=stages
        )
        emails, confirmation_page = confirming.settle(
            request, _portal_confirmation(request, application, plan, "portal_advance")
        )
        if confirmation_page is not None:
            return confirmation_page
        try:
            services.application_move(
                application=application,
                to_stage=stage,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
                emails=emails,
            )
        except StaleVersion as stale:
            return _portal_conflict(request, stale)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Moved on to %(stage)s.") % {"stage": stage.name})
    return redirect(default)


@login_required
@require_POST
def portal_decline(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _portal_application(request, application_id)
    default = f"{_portal_url(application.requisition_id)}#application-{application.pk}"
    form = DeclineForm(
        request.POST, dispositions=_dispositions(application.client_id, Kind.REJECTED)
    )
    if not form.is_valid():
        if "disposition" in form.errors:
            messages.error(request, _("Choose a reason from the list."))
        if "reason" in form.errors:
            messages.error(request, _("Add a comment for the recruiter."))
        if "version" in form.errors:
            _form_error(request, form)
        return redirect(default)
    plan = selectors.move_plan(application, kind=StageEvent.Kind.REJECTED)
    emails, confirmation_page = confirming.settle(
        request, _portal_confirmation(request, application, plan, "portal_decline")
    )
    if confirmation_page is not None:
        return confirmation_page
    try:
        services.application_reject(
            application=application,
            by=request.user,
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            request=request,
            emails=emails,
        )
    except StaleVersion as stale:
        return _portal_conflict(request, stale)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Declined, with your reason for the recruiters."))
    return redirect(default)
