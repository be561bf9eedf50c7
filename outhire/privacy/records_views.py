"""The records pages: the processing register, processing agreements, the breach log.

The register is read by provider staff (the clients they serve) and by client admins (their
own client's part); an agreement by provider staff and the people of its client, changed by
those who change the engagement (provider admins); the breach log is the provider admins'.
Anything out of reach answers 404.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.tenancy import get_visible_or_404
from outhire.engagements import selectors as engagement_selectors
from outhire.engagements.models import Engagement
from outhire.lib.forms import apply_errors
from outhire.privacy import records_services as services
from outhire.privacy.models import Breach, ProcessingAgreement
from outhire.privacy.records_forms import (
    AgreementForm,
    BreachForm,
    BreachNoticeForm,
    BreachReportForm,
    SubjectsNotifiedForm,
)
from outhire.privacy.register import (
    build_register,
    register_client_ids,
    register_csv,
    register_markdown,
)

# --- The register ----------------------------------------------------------------------------


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    found = build_register(request.access)
    if found is None:
        raise Http404
    kind = request.GET.get("format", "")
    stamp = f"{found.generated_at:%Y-%m-%d}"
    if kind == "csv":
        response = HttpResponse(register_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="processing-register-{stamp}.csv"'
        return response
    if kind == "md":
        response = HttpResponse(
            register_markdown(found), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="processing-register-{stamp}.md"'
        return response
    return render(request, "privacy/register.html", {"register": found})


# --- Processing agreements -------------------------------------------------------------------


def _engagement(request: HttpRequest, engagement_id: int) -> Engagement:
    """The engagement, for provider staff and any user of its client; 404 otherwise."""
    return get_visible_or_404(
        request.access,
        Engagement.objects.select_related("client", "processing_agreement"),
        pk=engagement_id,
    )


def _agreement(engagement: Engagement) -> ProcessingAgreement | None:
    return getattr(engagement, "processing_agreement", None)


@login_required
@require_GET
def agreement_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = _engagement(request, engagement_id)
    agreement = _agreement(engagement)
    return render(
        request,
        "privacy/agreement_detail.html",
        {
            "engagement": engagement,
            "client": engagement.client,
            "agreement": agreement,
            "sub_processors": agreement.sub_processors.splitlines() if agreement else [],
            "can_edit": engagement_selectors.can_edit_engagement(
                request.access, engagement.client_id
            ),
            "engagement_link": engagement.client_id
            in engagement_selectors.readable_client_ids(request.access),
            "register_link": engagement.client_id in (register_client_ids(request.access) or []),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = _engagement(request, engagement_id)
    if not engagement_selectors.can_edit_engagement(request.access, engagement.client_id):
        raise PermissionDenied
    agreement = _agreement(engagement) or ProcessingAgreement(
        client_id=engagement.client_id, engagement=engagement
    )
    form = AgreementForm(request.POST if request.method == "POST" else None, instance=agreement)
    context = {"engagement": engagement, "client": engagement.client, "form": form}
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.agreement_save(
                    engagement=engagement, fields=fields, by=request.user, request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Processing agreement saved."))
                return redirect("privacy:agreement_detail", engagement_id=engagement.pk)
        return render(request, "privacy/agreement_form.html", context, status=400)
    return render(request, "privacy/agreement_form.html", context)


# --- The breach log --------------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> None:
    if not request.access.is_provider_admin:
        raise Http404


def _breach(request: HttpRequest, breach_id: int) -> Breach:
    _require_admin(request)
    return get_visible_or_404(
        request.access, Breach.objects.prefetch_related("clients"), pk=breach_id
    )


def _duration(seconds: float) -> str:
    hours, minutes = divmod(int(abs(seconds)) // 60, 60)
    if hours >= 96:
        return _("%(days)s days %(hours)s h") % {"days": hours // 24, "hours": hours % 24}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": f"{minutes:02d}"}


def deadline(breach: Breach, now: datetime) -> dict:
    """The 72-hour report deadline of `breach` as the list shows it."""
    reported = breach.reported_to_authority_at
    if reported:
        if reported > breach.report_due_at:
            late = _duration((reported - breach.report_due_at).total_seconds())
            return {"state": "late", "text": _("Reported %(late)s late") % {"late": late}}
        return {"state": "done", "text": _("Reported in time")}
    if breach.not_reported_reason:
        return {"state": "done", "text": _("Not reported (reason recorded)")}
    left = (breach.report_due_at - now).total_seconds()
    if left < 0:
        return {"state": "overdue", "text": _("Overdue by %(time)s") % {"time": _duration(left)}}
    return {"state": "open", "text": _("%(time)s left") % {"time": _duration(left)}}


@login_required
@require_GET
def breach_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    now = timezone.now()
    breaches = list(Breach.objects.prefetch_related("clients").order_by("-discovered_at", "-id"))
    rows = [{"breach": b, "deadline": deadline(b, now)} for b in breaches]
    return render(request, "privacy/breach_list.html", {"rows": rows, "now": now})


@login_required
@require_http_methods(["GET", "POST"])
def breach_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = BreachForm(
        request.POST if request.method == "POST" else None,
        initial={"discovered_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                breach = services.breach_create(
                    fields=form.breach_fields(),
                    clients=list(form.cleaned_data["clients"]),
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Breach recorded."))
                if breach.clients.exists():
                    return redirect("privacy:breach_notify", breach_id=breach.pk)
                return redirect("privacy:breach_detail", breach_id=breach.pk)
        return render(request, "privacy/breach_form.html", {"form": form}, status=400)
    return render(request, "privacy/breach_form.html", {"form": form})


def _detail_context(request: HttpRequest, breach: Breach, **forms) -> dict:
    now = timezone.now()
    return {
        "breach": breach,
        "deadline": deadline(breach, now),
        "clients": list(breach.clients.all()),
        "notified": services.clients_notified(breach),
        "form": forms.get("form") or BreachForm(instance=breach),
        "report_form": forms.get("report_form") or BreachReportForm(),
        "subjects_form": forms.get("subjects_form")
        or SubjectsNotifiedForm(initial={"notified_at": timezone.localtime(now)}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def breach_detail(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _breach(request, breach_id)
    if request.method == "POST":
        if breach.closed_at:
            messages.error(request, _("This breach is closed: it can no longer be changed."))
            return redirect("privacy:breach_detail", breach_id=breach.pk)
        form = BreachForm(request.POST, instance=breach)
        if form.is_valid():
            try:
                services.breach_update(
                    breach=breach,
                    fields=form.breach_fields(),
                    clients=list(form.cleaned_data["clients"]),
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Breach saved."))
                return redirect("privacy:breach_detail", breach_id=breach.pk)
        breach = _breach(request, breach_id)
        context = _detail_context(request, breach, form=form)
        return render(request, "privacy/breach_detail.html", context, status=400)
    return render(request, "privacy/breach_detail.html", _detail_context(request, breach))


def _breach_step(request, breach, form, form_name: str, act, done: str) -> HttpResponse:
    """One recorded step of a breach (the report, telling the people affected): the form's
    errors, or the step done once (a second go at a done step says so)."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except services.AlreadyDone as already:
            messages.error(request, str(already))
            return redirect("privacy:breach_detail", breach_id=breach.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("privacy:breach_detail", breach_id=breach.pk)
    context = _detail_context(request, breach, **{form_name: form})
    return render(request, "privacy/breach_detail.html", context, status=400)


@login_required
@require_POST
def breach_report(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _breach(request, breach_id)
    return _breach_step(
        request,
        breach,
        BreachReportForm(request.POST),
        "report_form",
        lambda data: services.breach_report(
            breach=breach,
            by=request.user,
            reported_at=data["reported_at"],
            reference=data["reference"],
            not_reported_reason=data["reason"],
            request=request,
        ),
        _("The report to the authority is recorded."),
    )


@login_required
@require_POST
def breach_subjects_notified(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _breach(request, breach_id)
    return _breach_step(
        request,
        breach,
        SubjectsNotifiedForm(request.POST),
        "subjects_form",
        lambda data: services.breach_subjects_notified(
            breach=breach, by=request.user, at=data["notified_at"], request=request
        ),
        _("Recorded when the people affected were told."),
    )


@login_required
@require_POST
def breach_close(request: HttpRequest, breach_id: int) -> HttpResponse:
    breach = _breach(request, breach_id)
    try:
        services.breach_close(breach=breach, by=request.user, request=request)
    except services.AlreadyDone as done:
        messages.error(request, str(done))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Breach closed."))
    return redirect("privacy:breach_detail", breach_id=breach.pk)


@login_required
@require_http_methods(["GET", "POST"])
def breach_notify(request: HttpRequest, breach_id: int) -> HttpResponse:
    """Tell the affected clients' admins: the notice is shown first, sent on confirmation."""
    breach = _breach(request, breach_id)
    clients = list(breach.clients.all())
    if not clients:
        messages.error(request, _("No client is marked as affected by this breach."))
        return redirect("privacy:breach_detail", breach_id=breach.pk)
    texts = {c.pk: services.breach_notice_text(breach, c) for c in clients}
    form = BreachNoticeForm(
        request.POST if request.method == "POST" else None,
        clients=clients,
        texts=texts,
        initial={"sent_before": services.breach_notices_sent(breach)},
    )
    admins = services.breach_client_admins(clients)
    context = {
        "breach": breach,
        "form": form,
        "rows": [(client, field, admins[client.pk]) for client, field in form.fields_by_client()],
        "notified": services.clients_notified(breach),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                told = services.breach_notify_clients(
                    breach=breach,
                    texts=form.texts(),
                    by=request.user,
                    sent_before=form.cleaned_data["sent_before"],
                    request=request,
                )
            except services.AlreadyDone as done:
                messages.error(request, str(done))
                return redirect("privacy:breach_notify", breach_id=breach.pk)
            messages.success(
                request,
                ngettext(
                    "%(count)s client admin told of the breach.",
                    "%(count)s client admins told of the breach.",
                    told,
                )
                % {"count": told},
            )
            return redirect("privacy:breach_detail", breach_id=breach.pk)
        return render(request, "privacy/breach_notify.html", context, status=400)
    return render(request, "privacy/breach_notify.html", context)
