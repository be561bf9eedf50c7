"""The data subject request log and each request's page (docs/privacy/requests.md).

Provider staff only: to anyone else these pages do not exist (404), as the talent network
does not. Any provider staff member may read the log and log a request they received (a
recruiter taking a call); a request's own page, where it is owned, extended, closed and acted
on (the export, the erasure, the restriction and objection flags), is for provider admins
(403 for other staff): the data protection work is theirs.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Candidate
from outhire.lib.formatting import calendar_date
from outhire.lib.forms import apply_errors
from outhire.privacy import selectors, services
from outhire.privacy.erasure import ErasureRefused, candidate_erase, verify_erasure
from outhire.privacy.export import export_zip
from outhire.privacy.forms import (
    AssignForm,
    CloseForm,
    EraseForm,
    ExtendForm,
    RequestCreateForm,
    RequestFilterForm,
)
from outhire.privacy.models import DataRequest

PER_PAGE = 50
Kind = DataRequest.Kind
EXPORT_KINDS = {Kind.ACCESS, Kind.PORTABILITY}
FLAG_OF_KIND = {Kind.RESTRICTION: "restriction", Kind.OBJECTION: "objection"}
# The request's history on its page, in words.
ACTIONS = {
    "privacy.request_opened": gettext_lazy("logged the request"),
    "privacy.request_assigned": gettext_lazy("changed the owner"),
    "privacy.request_extended": gettext_lazy("extended the deadline"),
    "privacy.request_done": gettext_lazy("closed it as done"),
    "privacy.request_refused": gettext_lazy("refused it"),
    "privacy.request_withdrawn": gettext_lazy("closed it as withdrawn by the person"),
    "privacy.request_reminded": gettext_lazy("reminded the owner of the deadline"),
    "privacy.export_downloaded": gettext_lazy("downloaded the export"),
    "privacy.erased": gettext_lazy("erased the person everywhere and closed the request"),
    "privacy.processing_restricted": gettext_lazy("restricted processing of the person's data"),
    "privacy.restriction_lifted": gettext_lazy("lifted the restriction"),
    "privacy.objection_recorded": gettext_lazy("recorded the objection and stopped processing"),
    "privacy.objection_lifted": gettext_lazy("lifted the objection"),
}
FLAG_ACTIONS = [action for _field, *actions in services.FLAGS.values() for action in actions]


def _require_staff(request: HttpRequest) -> None:
    # Not 403: to client users the provider's data protection work does not exist.
    if not request.access.is_provider_staff:
        raise Http404


def _require_admin(request: HttpRequest) -> None:
    _require_staff(request)
    if not request.access.can_administer_provider:
        raise PermissionDenied


def _data_request(request: HttpRequest, data_request_id: int) -> DataRequest:
    _require_admin(request)
    queryset = DataRequest.objects.select_related("candidate", "owner", "completed_by")
    return get_visible_or_404(request.access, queryset, pk=data_request_id)


def _to_detail(data_request: DataRequest) -> HttpResponse:
    return redirect(reverse("privacy:request_detail", args=[data_request.pk]))


def _live_candidate(data_request: DataRequest) -> Candidate | None:
    """The person while their record exists (not erased, not merged away)."""
    candidate = data_request.candidate
    if candidate is None or candidate.anonymised_at or candidate.merged_into_id:
        return None
    return candidate


# --- The log -----------------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request, open ones by nearest deadline: the proof that each was answered in time."""
    _require_staff(request)
    now = timezone.now()
    owners = list(services.request_owners())
    form = RequestFilterForm(request.GET or None, owners=owners)
    rows = selectors.request_log(now=now, **form.filters())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page:
        row.days_left = selectors.days_left(row.until, now)
        row.days_overdue = -row.days_left
        row.person = _live_candidate(row)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "privacy/requests_list.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "may_log": request.access.can_write_provider_data,
            "may_open": request.access.can_administer_provider,
        },
    )


# --- Logging a request ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """Log a request someone received (by e-mail, phone, letter, or passed on by a client)."""
    _require_staff(request)
    if not request.access.can_write_provider_data:
        raise PermissionDenied
    candidate = None
    if request.method == "POST":
        form = RequestCreateForm(request.POST)
    else:
        number = request.GET.get("candidate", "")
        form = RequestCreateForm(
            initial={
                "candidate": int(number) if number.isdigit() else None,
                "received_on": timezone.localdate(),
            }
        )
        if number.isdigit():
            candidate = (
                Candidate.objects.visible_to(request.access).active().filter(pk=number).first()
            )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = (
            Candidate.objects.visible_to(request.access)
            .active()
            .filter(pk=data["candidate"])
            .first()
        )
        if candidate is None:
            form.add_error("candidate", _("No candidate has that record number."))
        else:
            received = data["received_on"]
            received_at = (
                timezone.now()
                if received == timezone.localdate()
                else timezone.make_aware(datetime.combine(received, time(12)))
            )
            asked_before = candidate.data_requests.filter(
                kind=data["kind"], status=DataRequest.Status.OPEN
            ).exists()
            data_request = services.data_request_open(
                candidate=candidate,
                kind=data["kind"],
                channel=data["channel"],
                details=data["details"],
                by=request.user,
                received_at=received_at,
            )
            if asked_before:
                messages.info(
                    request,
                    _("%(request)s about this person is open already: it is the same request.")
                    % {"request": data_request.name},
                )
            else:
                messages.success(request, _("%(request)s logged.") % {"request": data_request.name})
            if not request.access.can_administer_provider:
                return redirect(reverse("privacy:request_list"))
            return _to_detail(data_request)
    return render(
        request,
        "privacy/requests_form.html",
        {"form": form, "candidate": candidate},
        status=400 if form.is_bound else 200,
    )


# --- One request ---------------------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    data_request: DataRequest,
    *,
    assign_form: AssignForm | None = None,
    extend_form: ExtendForm | None = None,
    close_form: CloseForm | None = None,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    owners = services.request_owners()
    room = services.extension_room(data_request)
    history = [
        (event, ACTIONS.get(event.action, event.action))
        for event in AuditEvent.objects.filter(
            Q(object_type=DataRequest._meta.label, object_id=str(data_request.pk))
            # The erasure (it names the record, as the request does).
            | Q(action="privacy.erased", changes__record=data_request.subject or "-")
            # The person's restriction and objection, whichever request they came with.
            | Q(
                object_type=Candidate._meta.label,
                object_id=str(data_request.candidate_id),
                action__in=FLAG_ACTIONS,
            )
        ).order_by("at", "id")
    ]
    candidate = _live_candidate(data_request)
    return render(
        request,
        "privacy/requests_detail.html",
        {
            "data_request": data_request,
            "candidate": candidate,
            "days_left": selectors.days_left(data_request.deadline, now),
            "is_open": data_request.status == DataRequest.Status.OPEN,
            "assign_form": assign_form
            or AssignForm(owners=owners, initial={"owner": data_request.owner_id}),
            "extend_form": extend_form or ExtendForm(room=room),
            "room": room,
            "close_form": close_form or CloseForm(),
            "conflict": conflict,
            "history": history,
            "exports": data_request.kind in EXPORT_KINDS,
            "flag": FLAG_OF_KIND.get(data_request.kind, ""),
            "flag_set": bool(
                candidate
                and (
                    candidate.restricted_at
                    if data_request.kind == Kind.RESTRICTION
                    else candidate.objected_at
                )
            ),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, data_request_id: int) -> HttpResponse:
    return _detail(request, _data_request(request, data_request_id))


def _refused(request, data_request, error, **forms) -> HttpResponse:
    """The page again with the service's refusal on the form; a 409 saying so when someone
    closed the request meanwhile (its forms are gone then)."""
    if isinstance(error, services.RequestNotOpen):
        data_request.refresh_from_db()
        return _detail(request, data_request, conflict=" ".join(error.messages), status=409)
    apply_errors(next(iter(forms.values())), error)
    return _detail(request, data_request, status=400, **forms)


@login_required
@require_POST
def request_assign(request: HttpRequest, data_request_id: int) -> HttpResponse:
    data_request = _data_request(request, data_request_id)
    form = AssignForm(request.POST, owners=services.request_owners())
    if not form.is_valid():
        return _detail(request, data_request, assign_form=form, status=400)
    try:
        services.data_request_assign(
            data_request=data_request,
            owner=form.cleaned_data["owner"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        return _refused(request, data_request, error, assign_form=form)
    owner = data_request.owner
    who = (owner.full_name or owner.email) if owner else _("Nobody")
    messages.success(request, _("%(person)s owns it now.") % {"person": who})
    return _to_detail(data_request)


@login_required
@require_POST
def request_extend(request: HttpRequest, data_request_id: int) -> HttpResponse:
    data_request = _data_request(request, data_request_id)
    form = ExtendForm(request.POST, room=services.extension_room(data_request))
    if not form.is_valid():
        return _detail(request, data_request, extend_form=form, status=400)
    try:
        services.data_request_extend(
            data_request=data_request,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
            person_told_on=form.cleaned_data["person_told_on"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        return _refused(request, data_request, error, extend_form=form)
    deadline = calendar_date(timezone.localtime(data_request.deadline))
    messages.success(
        request, _("Extended: the deadline is now %(deadline)s.") % {"deadline": deadline}
    )
    return _to_detail(data_request)


@login_required
@require_POST
def request_close(request: HttpRequest, data_request_id: int) -> HttpResponse:
    data_request = _data_request(request, data_request_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, data_request, close_form=form, status=400)
    try:
        services.data_request_close(
            data_request=data_request,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        return _refused(request, data_request, error, close_form=form)
    messages.success(
        request,
        _("%(request)s closed: %(status)s.")
        % {"request": data_request.name, "status": data_request.get_status_display()},
    )
    return _to_detail(data_request)


# --- Acting on a request -------------------------------------------------------------------------


def _with_person(
    request: HttpRequest, data_request_id: int, kinds, *, open_only: bool = True
) -> tuple[DataRequest, Candidate]:
    """A request of one of `kinds` (open, unless not `open_only`) whose person still exists,
    for an admin; else 404."""
    data_request = _data_request(request, data_request_id)
    candidate = _live_candidate(data_request)
    if data_request.kind not in kinds or candidate is None:
        raise Http404
    if open_only and data_request.status != DataRequest.Status.OPEN:
        raise Http404
    return data_request, candidate


@login_required
@require_GET
def request_export(request: HttpRequest, data_request_id: int) -> HttpResponse:
    """The person's data as a zip (GDPR Art. 15 and 20), for the owner to send them."""
    data_request, candidate = _with_person(request, data_request_id, EXPORT_KINDS)
    data = export_zip(candidate)
    audit.record(
        "privacy.export_downloaded",
        request=request,
        obj=data_request,
        changes={"bytes": len(data)},
    )
    response = HttpResponse(data, content_type="application/zip")
    # The request's number, never the person's name: file names end up in download folders.
    name = f"data-request-{data_request.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def request_erase(request: HttpRequest, data_request_id: int) -> HttpResponse:
    """Confirm, then erase the person everywhere (GDPR Art. 17); a legal hold refuses it."""
    data_request, candidate = _with_person(request, data_request_id, {Kind.ERASURE})
    form = EraseForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                erasure = candidate_erase(
                    candidate=candidate, by=request.user, data_request=data_request
                )
            except ErasureRefused as error:
                form.add_error(None, str(error))
                status = 409
            else:
                # The erasure closes the request as done, in its own transaction; then every
                # table, file and the cache are searched for what identified the person.
                report = verify_erasure(erasure, by=request.user)
                messages.success(
                    request,
                    _(
                        "%(subject)s was erased and the request closed as done. Tell "
                        "the person it was carried out."
                    )
                    % {"subject": data_request.subject},
                )
                if report.clean:
                    messages.info(
                        request,
                        _(
                            "Verified: nothing of the person was found in %(tables)s tables "
                            "(%(columns)s text columns), %(files)s files or the cache."
                        )
                        % {
                            "tables": report.tables,
                            "columns": report.columns,
                            "files": report.files,
                        },
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "The check after erasure found these places to look at (another "
                            "person with the same name or phone is found too): %(places)s"
                        )
                        % {"places": "; ".join(report.findings[:20])},
                    )
                return _to_detail(data_request)
    return render(
        request,
        "privacy/requests_erase.html",
        {"data_request": data_request, "candidate": candidate, "form": form},
        status=status,
    )


@login_required
@require_POST
def request_processing(request: HttpRequest, data_request_id: int) -> HttpResponse:
    """Set or lift the restriction (Art. 18) or objection (Art. 21) the request is about."""
    # A restriction outlives its request (lifted once the accuracy is checked, say): closed
    # requests keep the switch.
    data_request, candidate = _with_person(
        request, data_request_id, set(FLAG_OF_KIND), open_only=False
    )
    stop = request.POST.get("stop")
    if stop not in {"1", "0"}:
        return HttpResponse(_("Say whether to stop processing or to resume it."), status=400)
    flag = FLAG_OF_KIND[data_request.kind]
    try:
        services.candidate_processing_flag(
            candidate=candidate,
            flag=flag,
            stop=stop == "1",
            by=request.user,
            data_request=data_request,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_detail(data_request)
    if stop == "1":
        messages.success(
            request,
            _(
                "Processing stopped: the person is not ranked, messaged, moved, sent campaigns "
                "or updated by imports until it is lifted."
            ),
        )
    else:
        messages.success(request, _("Lifted: the person's data may be processed again."))
    return _to_detail(data_request)
