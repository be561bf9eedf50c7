"""For auditors: the AI decision log of a requisition, and the bias audit of a client.

The decision log lists every score shown to someone (model version, input digest, score,
reasons, to whom, when) beside the decision a person took afterwards. The bias audit aggregates
voluntary self-identification in the manner of NYC Local Law 144; it shows counts and rates per
category, never anything per person. Viewing and exporting either leaves an audit event.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from outhire.accounts import audit
from outhire.lib.spreadsheet_csv import csv_writer
from outhire.screening import audit_report, selectors
from outhire.screening.forms import BiasAuditForm
from outhire.screening.ranking import reasons_in_words

LOG_PAGE_SIZE = 100


@login_required
@require_GET
def decision_log(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = selectors.staff_requisition(request.access, requisition_id)
    page = Paginator(selectors.score_logs(requisition), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for log in page:
        log.reason_lines = reasons_in_words(log.reasons)
    return render(
        request,
        "screening/decision_log.html",
        {"requisition": requisition, "page": page},
    )


@login_required
@require_GET
def decision_log_csv(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = selectors.staff_requisition(request.access, requisition_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ai-decision-log-requisition-{requisition.pk}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow(
        [
            "log_id",
            "requisition_id",
            "candidate_id",
            "application_id",
            "matcher_version",
            "input_digest",
            "score",
            "reasons",
            "shown_to",
            "shown_at",
            "decision",
            "decided_by",
            "decided_at",
        ]
    )
    count = 0
    for log in selectors.score_logs(requisition).iterator(chunk_size=2000):
        count += 1
        writer.writerow(
            [
                log.pk,
                requisition.pk,
                log.candidate_id,
                log.application_id or "",
                log.matcher_version,
                log.input_digest,
                f"{log.score:.2f}",
                "; ".join(reasons_in_words(log.reasons)),
                log.shown_to.email if log.shown_to else "",
                log.shown_at.isoformat(),
                log.decision,
                log.decided_by.email if log.decided_by else "",
                log.decided_at.isoformat() if log.decided_at else "",
            ]
        )
    audit.record(
        "screening.decision_log_exported",
        request=request,
        obj=requisition,
        changes={"rows": count},
    )
    return response


@login_required
@require_GET
def bias_audit(request: HttpRequest, slug: str) -> HttpResponse:
    client = selectors.audit_client(request.access, slug)
    form = BiasAuditForm(request.GET or None, client_id=client.pk)
    result = None
    if request.GET and form.is_valid():
        query = form.query()
        result = audit_report.report(query)
        audit.record(
            "screening.bias_audit_viewed",
            request=request,
            obj=client,
            changes=query.describe(),
        )
    printable = request.GET.get("format") == "print" and result is not None
    return render(
        request,
        "screening/bias_audit_print.html" if printable else "screening/bias_audit.html",
        {
            "client": client,
            "form": form,
            "result": result,
            "querystring": request.GET.urlencode(),
            "measure_label": audit_report.MEASURES.get(form.data.get("measure", ""), ""),
        },
    )


@login_required
@require_GET
def bias_audit_csv(request: HttpRequest, slug: str) -> HttpResponse:
    client = selectors.audit_client(request.access, slug)
    form = BiasAuditForm(request.GET, client_id=client.pk)
    if not form.is_valid():
        return HttpResponse(
            _("The audit's choices are not valid; choose them on the audit page."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    query = form.query()
    result = audit_report.report(query)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bias-audit-{client.slug}.csv"'
    writer = csv_writer(response)
    described = query.describe()
    writer.writerow(["# bias audit", client.name, *[f"{k}={v}" for k, v in described.items()]])
    writer.writerow(
        ["# assessed", result.assessed, "with self-identification", result.with_self_id]
    )
    writer.writerows(audit_report.csv_rows(result))
    audit.record("screening.bias_audit_exported", request=request, obj=client, changes=described)
    return response
