"""Dashboards, the monthly report, survey settings, workforce plans, and the public survey pages.

A client's pages (`/analytics/<slug>/...`) are for that client's users and its provider staff;
anyone else gets 404. The cross-client dashboard is for provider staff. Survey and rating links
are public by design: their signed token is the permission, and they show nothing but the
client's name and the question.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts import audit
from outhire.accounts.branding import brand_context
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404, public_page
from outhire.analytics import (
    charts,
    dashboard,
    forecast,
    kpi,
    labels,
    planning,
    reports,
    surveys,
)
from outhire.analytics.forms import (
    CommentaryForm,
    ManagerRatingForm,
    PeriodForm,
    PlanningSettingsForm,
    PlanUploadForm,
    ReportMonthForm,
    SurveyAnswerForm,
    SurveySettingsForm,
    WorkforcePlanForm,
)
from outhire.analytics.metrics import Scope, nps_trend, rollup_period, workload
from outhire.analytics.models import (
    CandidateSurvey,
    ManagerRating,
    MonthlyReport,
    PlanningSettings,
    Rollup,
    SurveyOptOut,
    SurveySettings,
    WorkforcePlan,
)
from outhire.engagements.models import JobFamily
from outhire.lib import formatting as fmt
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate, user_language
from outhire.lib.spreadsheet_csv import csv_writer


def _client(request: HttpRequest, slug: str) -> Client:
    return get_visible_or_404(request.access, Client, slug=slug, is_active=True)


def _filters(client_ids) -> tuple[list[str], list[tuple[int, str]]]:
    from outhire.requisitions.models import Requisition

    reqs = Requisition.objects.filter(client_id__in=list(client_ids))
    departments = sorted(
        set(reqs.exclude(department="").values_list("department", flat=True).distinct())
    )
    Through = Requisition.recruiters.through
    recruiters = sorted(
        set(
            Through.objects.filter(requisition__client_id__in=list(client_ids)).values_list(
                "user_id", "user__full_name"
            )
        ),
        key=lambda r: r[1],
    )
    return departments, recruiters


def _scope(request: HttpRequest, client_ids, *, with_filters: bool):
    departments, recruiters = _filters(client_ids) if with_filters else ([], [])
    form = PeriodForm(request.GET or None, departments=departments, recruiters=recruiters)
    start, end = form.period(*dashboard.default_period())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    scope = Scope(
        tuple(sorted(client_ids)),
        start,
        end,
        department=data.get("department", "") if with_filters else "",
        recruiter_id=data.get("recruiter") if with_filters else None,
    )
    return form, scope


def _charts(kpis) -> dict:
    funnel_rows = [(labels.stage_label(s.kind), s.reached) for s in kpis.funnel]
    fill_rows = charts.histogram(kpis.fill_days, dashboard.FILL_EDGES)
    source_rows = sorted(
        ((labels.source_label(name), stats.applicants) for name, stats in kpis.sources.items()),
        key=lambda r: -r[1],
    )
    return {
        "funnel_rows": funnel_rows,
        "funnel_svg": charts.bar_chart(
            _("Funnel: applications reaching each stage kind"), funnel_rows
        ),
        "funnel_steps": [(labels.stage_label(s.kind), s) for s in kpis.funnel],
        "fill_rows": fill_rows,
        "fill_svg": charts.bar_chart(_("Time to fill: openings by days to fill"), fill_rows),
        "source_rows": source_rows,
        "source_stats": [(labels.source_label(s.source), s) for s in kpis.sources.values()],
        "cost_currency": kpis.currency,
        "source_svg": charts.bar_chart(_("Source mix: applicants by source"), source_rows),
    }


# The dashboard lists the largest breaches; the CSV beside it lists them all.
BREACHES_SHOWN = 50


def _client_view(request: HttpRequest, slug: str):
    """The client, the filter form, the scope it gives and the client's current engagement."""
    client = _client(request, slug)
    form, scope = _scope(request, [client.pk], with_filters=True)
    engagement = dashboard.engagements_by_client([client.pk]).get(client.pk)
    return client, form, scope, engagement


@login_required
@require_GET
def client_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    client, form, scope, engagement = _client_view(request, slug)
    data = dashboard.overview(scope, engagement)
    trend = nps_trend(scope)
    sla = dashboard.sla_compliance(scope, engagement)
    context = {
        "client": client,
        "form": form,
        "scope": scope,
        "end_inclusive": scope.end - timedelta(days=1),
        "engagement": engagement,
        "sla": sla,
        "breaches_shown": sla["breaches"][:BREACHES_SHOWN],
        "breaches_more": max(len(sla["breaches"]) - BREACHES_SHOWN, 0),
        "trend": trend,
        "trend_svg": charts.line_chart(
            _("Candidate NPS by month"),
            [(fmt.calendar_month(row["month"]), row["score"]) for row in trend],
            -100,
            100,
        ),
        "workload": list(workload(scope).values()) if request.access.is_provider_staff else [],
        "activity": [(labels.stage_label(k), n) for k, n in data["kpis"].activity.items()],
        "can_write": request.access.can_write(client.pk),
        **data,
        **_charts(data["kpis"]),
    }
    return render(request, "analytics/client_dashboard.html", context)


@login_required
@require_GET
def client_breaches_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Every SLA breach of the dashboard's period and filters, largest first, as CSV."""
    client, _form, scope, engagement = _client_view(request, slug)
    sla = dashboard.sla_compliance(scope, engagement)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    end = scope.end - timedelta(days=1)
    response["Content-Disposition"] = (
        f'attachment; filename="{client.slug}-sla-breaches-{scope.start}-{end}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Requisition"),
            _("Reference"),
            _("Measure"),
            _("Target (days)"),
            _("Took (days)"),
            _("Missed by (days)"),
            _("Still open"),
        ]
    )
    for b in sla["breaches"]:
        writer.writerow(
            [
                b["title"],
                b["reference"] or "",
                b["measure"],
                f"{b['target']:g}",
                f"{b['actual']:.1f}",
                f"{b['by']:.1f}",
                _("yes") if b["open"] else _("no"),
            ]
        )
    return response


@login_required
@require_GET
def provider_dashboard(request: HttpRequest) -> HttpResponse:
    access = request.access
    clients = list(Client.objects.visible_to(access).filter(is_active=True).order_by("name"))
    if not access.is_provider_staff:
        return render(request, "analytics/client_choice.html", {"clients": clients})
    form, scope = _scope(request, [c.pk for c in clients], with_filters=False)
    data = dashboard.overview(scope)
    rows = _per_client(scope, clients, data["kpis"])
    context = {
        "form": form,
        "scope": scope,
        "end_inclusive": scope.end - timedelta(days=1),
        "rows": rows,
        **data,
        **_charts(data["kpis"]),
    }
    return render(request, "analytics/provider_dashboard.html", context)


def _per_client(scope: Scope, clients, kpis) -> list[dict]:
    """Headline numbers per client: time to fill and hires from the overview's own rows, the
    rest in a fixed number of grouped queries."""
    applications = dict(
        Rollup.objects.filter(client_id__in=scope.client_ids, measure=Rollup.Measure.FUNNEL)
        .filter(rollup_period(scope))
        .order_by()
        .values_list("client_id")
        .annotate(n=Sum("count"))
    )
    scores: dict[int, list[int]] = {}
    for client_id, score in CandidateSurvey.objects.filter(
        client_id__in=scope.client_ids,
        responded_at__gte=scope.start_at,
        responded_at__lt=scope.end_at,
    ).values_list("client_id", "score"):
        scores.setdefault(client_id, []).append(score)
    return [
        {
            "client": client,
            "hires": kpis.hires_by_client.get(client.pk, 0),
            "applications": applications.get(client.pk, 0),
            "fill_median": statistics.median(kpis.fill_days_by_client[client.pk])
            if client.pk in kpis.fill_days_by_client
            else None,
            "nps": kpi.candidate_nps(
                kpi.SurveyAnswer(s) for s in scores.get(client.pk, []) if s is not None
            ).score,
        }
        for client in clients
    ]


# --- reports -----------------------------------------------------


def _report_month(request: HttpRequest) -> tuple[ReportMonthForm, date]:
    default = reports.previous_month(timezone.localdate())
    if "month" not in request.GET:
        return ReportMonthForm(initial={"month": default}), default
    form = ReportMonthForm(request.GET)
    month = form.cleaned_data["month"] if form.is_valid() else default
    return form, month.replace(day=1)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    month_form, month = _report_month(request)
    saved = MonthlyReport.objects.filter(client=client, month=month).first()
    can_comment = request.access.is_provider_staff and request.access.can_write(client.pk)
    commentary_form = CommentaryForm(instance=saved) if can_comment else None
    if request.method == "POST":
        if not can_comment:
            raise PermissionDenied
        commentary_form = CommentaryForm(
            request.POST, instance=saved or MonthlyReport(client=client, month=month)
        )
        if commentary_form.is_valid():
            item = commentary_form.save(commit=False)
            item.updated_by = request.user
            item.updated_at = timezone.now()
            item.save()
            audit.record("monthly_report.commented", request=request, obj=item)
            messages.success(request, _("Commentary saved."))
            return redirect(
                f"{reverse('analytics:report', args=[client.slug])}?month={month:%Y-%m}"
            )
    start, end = reports.month_bounds(month)
    data = reports.report_data(client, start, end)
    colour = charts.readable_colour(client.primary_colour)
    context = {
        "client": client,
        "month": month,
        "month_form": month_form,
        "saved": saved,
        "commentary_form": commentary_form,
        "provider_name": settings.OUTHIRE_PROVIDER_NAME,
        "sections": reports.report_sections(reports.report_lines(data)),
        "charts": [
            {**chart, "svg": charts.bar_chart(chart["title"], chart["rows"], colour=colour)}
            for chart in reports.report_charts(data)
            if chart["rows"]
        ],
        "for_client_report": True,
        "end_inclusive": end - timedelta(days=1),
        **data,
    }
    return render(request, "analytics/report.html", context)


def _download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    client = _client(request, slug)
    _form, month = _report_month(request)
    start, end = reports.month_bounds(month)
    data = reports.report_data(client, start, end)
    saved = MonthlyReport.objects.filter(client=client, month=month).first()
    name = f"{client.slug}-report-{month:%Y-%m}.{kind}"
    if kind == "pdf":
        body = reports.report_pdf(data, saved.commentary if saved else "")
        response = HttpResponse(body, content_type="application/pdf")
    else:
        response = HttpResponse(reports.report_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "pdf")


@login_required
@require_GET
def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "csv")


# --- survey settings -----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_settings(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    can_edit = request.access.can_write(client.pk)
    current = SurveySettings.objects.filter(client=client).first() or SurveySettings(client=client)
    form = SurveySettingsForm(instance=current)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = SurveySettingsForm(request.POST, instance=current)
        if form.is_valid():
            item = form.save(commit=False)
            item.updated_at = timezone.now()
            item.save()
            audit.record("survey_settings.changed", request=request, obj=item)
            messages.success(request, _("Survey settings saved."))
            return redirect("analytics:survey_settings", slug=client.slug)
    responses = (
        CandidateSurvey.objects.filter(client=client, responded_at__isnull=False)
        .order_by("-responded_at")
        .values("moment", "score", "comment", "responded_at")[:20]
    )
    ratings = (
        ManagerRating.objects.filter(client=client, responded_at__isnull=False)
        .order_by("-responded_at")
        .values("requisition__title", "rating", "comment", "responded_at")[:20]
    )
    moments = dict(CandidateSurvey.Moment.choices)
    return render(
        request,
        "analytics/survey_settings.html",
        {
            "client": client,
            "form": form,
            "can_edit": can_edit,
            "responses": [
                {**r, "moment": moments.get(r["moment"], r["moment"])} for r in responses
            ],
            "ratings": ratings,
        },
    )


# --- workforce plans -----------------------------------------------------


def _plans_page(request, client, *, form=None, upload=None, settings_form=None, status=200):
    rows = planning.plan_rows(client.pk)
    history = planning.history_for(client.pk)
    result = forecast.forecast(rows, history)
    families = dict(JobFamily.choices)
    plan_ids = {
        (p["job_family"], p["year"], p["quarter"]): p["id"]
        for p in WorkforcePlan.objects.filter(client=client).values(
            "id", "job_family", "year", "quarter"
        )
    }
    table = [
        {
            "row": r,
            "label": families.get(r.job_family, r.job_family),
            "plan_id": plan_ids.get((r.job_family, r.year, r.quarter)),
        }
        for r in result.rows
    ]
    chart_rows = [
        (_("%(year)s Q%(quarter)s") % {"year": q.year, "quarter": q.quarter}, q.hires_needed)
        for q in result.quarters
    ]
    planning_settings = PlanningSettings.objects.filter(client=client).first()
    return render(
        request,
        "analytics/plans.html",
        {
            "client": client,
            "table": table,
            "forecast": result,
            "plans": WorkforcePlan.objects.filter(client=client),
            "chart_svg": charts.bar_chart(_("Hires needed per quarter"), chart_rows),
            "chart_rows": chart_rows,
            "history": history,
            "families": families,
            "can_edit": request.access.can_write(client.pk),
            "form": form or WorkforcePlanForm(),
            "upload": upload or PlanUploadForm(),
            "settings_form": settings_form or PlanningSettingsForm(instance=planning_settings),
            "default_p80": forecast.DEFAULT_DAYS_TO_FILL_P80,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    if request.method == "GET":
        return _plans_page(request, client)
    if not request.access.can_write(client.pk):
        raise PermissionDenied
    if "hires_per_recruiter_per_quarter" in request.POST:
        current = PlanningSettings.objects.filter(client=client).first() or PlanningSettings(
            client=client
        )
        settings_form = PlanningSettingsForm(request.POST, instance=current)
        if settings_form.is_valid():
            settings_form.save()
            messages.success(request, _("Planning assumption saved."))
            return redirect("analytics:plans", slug=client.slug)
        return _plans_page(request, client, settings_form=settings_form, status=400)
    form = WorkforcePlanForm(request.POST)
    if form.is_valid():
        try:
            planning.plan_save(
                client=client, fields=form.cleaned_data, by=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Plan row saved."))
            return redirect("analytics:plans", slug=client.slug)
    return _plans_page(request, client, form=form, status=400)


@login_required
@require_POST
def plan_upload(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    if not request.access.can_write(client.pk):
        raise PermissionDenied
    upload = PlanUploadForm(request.POST, request.FILES)
    if upload.is_valid():
        data = upload.cleaned_data["file"].read(1024 * 1024 + 1)
        if len(data) > 1024 * 1024:
            upload.add_error("file", _("The file is larger than 1 MB."))
        else:
            try:
                n = planning.plan_import(client=client, data=data, by=request.user, request=request)
            except ValidationError as error:
                upload.add_error("file", error)
            else:
                messages.success(
                    request,
                    ngettext("%(n)s plan row saved.", "%(n)s plan rows saved.", n) % {"n": n},
                )
                return redirect("analytics:plans", slug=client.slug)
    return _plans_page(request, client, upload=upload, status=400)


@login_required
@require_POST
def plan_delete(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    client = _client(request, slug)
    plan = get_visible_or_404(request.access, WorkforcePlan, write=True, pk=plan_id, client=client)
    audit.record("workforce_plan.deleted", request=request, obj=plan)
    plan.delete()
    messages.success(request, _("Plan row deleted."))
    return redirect("analytics:plans", slug=client.slug)


# --- public survey pages (the signed link is the permission) --------------------------


def _answer_page(request, form, *, done: bool, answer, client, template: str, context: dict):
    """A one-answer link's page: the form until answered (`answer(cleaned_data)` stores it;
    its ValidationError goes back on the form, what was typed kept), then the thanks."""
    if request.method == "POST" and not done and form.is_valid():
        try:
            answer(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "analytics/survey_thanks.html", brand_context(client))
    status = 400 if request.method == "POST" and not done else 200
    context = {**context, **brand_context(client), "form": form, "done": done}
    return render(request, template, context, status=status)


@public_page
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    pk = surveys.read_token(token, surveys.SURVEY_SALT, surveys.link_age())
    survey = (
        CandidateSurvey.objects.select_related("client", "application__candidate")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    activate_for_candidate(request, survey.application.candidate if survey else None)
    if survey is None:
        raise Http404
    return _answer_page(
        request,
        SurveyAnswerForm(request.POST if request.method == "POST" else None),
        done=survey.responded_at is not None,
        answer=lambda data: surveys.survey_answer(
            survey=survey, score=data["score"], comment=data["comment"]
        ),
        client=survey.client,
        template="analytics/survey_answer.html",
        context={"client": survey.client, "token": token},
    )


@public_page
@require_http_methods(["GET", "POST"])
def survey_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    pk = surveys.read_token(token, surveys.OPT_OUT_SALT, timedelta(days=surveys.OPT_OUT_DAYS))
    from outhire.candidates.models import Candidate

    candidate = Candidate.objects.filter(pk=pk).first() if pk else None
    activate_for_candidate(request, candidate)
    if candidate is None:
        raise Http404
    done = SurveyOptOut.objects.filter(candidate_id=pk).exists()
    if request.method == "POST":
        surveys.survey_opt_out(candidate_id=pk)
        done = True
    # One opt-out covers every client's surveys, so the page wears no client's brand.
    context = {**brand_context(None), "done": done}
    return render(request, "analytics/survey_unsubscribe.html", context)


@public_page
@require_http_methods(["GET", "POST"])
def manager_rating(request: HttpRequest, token: str) -> HttpResponse:
    pk = surveys.read_token(token, surveys.RATING_SALT, surveys.link_age())
    rating = (
        ManagerRating.objects.select_related("requisition", "client", "manager")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if rating is None:
        raise Http404
    if rating.manager.language:
        # Reached by a link, maybe signed out: the page speaks the manager's own language.
        translation.activate(user_language(rating.manager))
        request.LANGUAGE_CODE = translation.get_language()
    return _answer_page(
        request,
        ManagerRatingForm(request.POST if request.method == "POST" else None),
        done=rating.responded_at is not None,
        answer=lambda data: surveys.rating_answer(
            rating=rating, value=data["rating"], comment=data["comment"]
        ),
        client=rating.client,
        template="analytics/manager_rating.html",
        context={"rating": rating},
    )
