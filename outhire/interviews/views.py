"""Interview plans and interviews for provider staff; "My interviews", scorecards and debriefs.

Staff pages answer 404 to anyone but the client's provider staff. A client's people reach an
interview only if they sit on it and its application has been shown to the client
(Interview.objects.visible_to); the debrief of an application only if they may see the
application and, when they interviewed the candidate, once their own scorecards are in.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts.roles import Role
from outhire.accounts.tenancy import get_visible_or_404
from outhire.interviews import services, slots
from outhire.interviews.forms import (
    CancelForm,
    InterviewForm,
    PlanForm,
    PlanPickForm,
    ScorecardForm,
    SlotForm,
    slots_by_day,
    zone_choices,
)
from outhire.interviews.models import (
    RATING_ANCHORS,
    Interview,
    InterviewPlan,
    Rating,
    Recommendation,
    Scorecard,
)
from outhire.lib.forms import apply_errors
from outhire.pipeline.models import Application
from outhire.requisitions.models import Requisition

Status = Interview.Status


def _require_staff(request: HttpRequest) -> None:
    if not request.access.is_provider_staff:
        raise Http404


def _zone(request: HttpRequest, default: str) -> str:
    zone = request.GET.get("tz") or request.POST.get("tz") or default
    return zone if slots.is_time_zone(zone) else default


# --- Staff: the list, plans ---------------------------------------------------------------------


@login_required
def interview_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and waiting interviews of every client in reach, and overdue feedback."""
    _require_staff(request)
    interviews = (
        Interview.objects.visible_to(request.access)
        .filter(status__in=[Status.PLANNED, Status.PROPOSED, Status.SCHEDULED])
        .select_related("application__candidate", "application__requisition", "client")
        .annotate(pending=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=True)))
        .order_by("starts_at", "id")[:200]
    )
    overdue = (
        Scorecard.objects.visible_to(request.access)
        .filter(submitted_at__isnull=True, due_at__lt=timezone.now())
        .exclude(interview__status=Status.CANCELLED)
        .select_related("interview__application__candidate", "interviewer", "client")
        .order_by("due_at")[:200]
    )
    # Who is waiting for an interview, and the requisitions whose plans may be edited.
    waiting = (
        Application.objects.visible_to(request.access)
        .filter(status=Application.Status.ACTIVE, stage__kind="interview")
        .exclude(interviews__status__in=[Status.PLANNED, Status.PROPOSED, Status.SCHEDULED])
        .select_related("candidate", "requisition", "client")
        .order_by("moved_at")[:100]
    )
    requisitions = (
        Requisition.objects.visible_to(request.access)
        .filter(status__in=[Requisition.Status.OPEN, Requisition.Status.ON_HOLD])
        .select_related("client")
        .annotate(plan_count=Count("interview_plans"))
        .order_by("client__name", "title")[:200]
    )
    return render(
        request,
        "interviews/interview_list.html",
        {
            "interviews": interviews,
            "overdue": overdue,
            "waiting": waiting,
            "requisitions": requisitions,
        },
    )


def _requisition(request: HttpRequest, requisition_id: int, *, write: bool = False):
    _require_staff(request)
    return get_visible_or_404(request.access, Requisition, write=write, pk=requisition_id)


def _plan(request: HttpRequest, plan_id: int, *, write: bool = False) -> InterviewPlan:
    _require_staff(request)
    return get_visible_or_404(
        request.access,
        InterviewPlan.objects.select_related("requisition", "stage"),
        write=write,
        pk=plan_id,
    )


def _plan_save(request, form, requisition, plan=None) -> InterviewPlan | None:
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    fields = {
        name: data[name]
        for name in (
            "stage",
            "name",
            "kind",
            "duration_minutes",
            "location",
            "video_url",
            "instructions",
        )
    }
    fields["questions"] = data["questions_text"]
    try:
        return services.plan_save(
            requisition=requisition,
            plan=plan,
            fields=fields,
            interviewers=list(data["interviewers"]),
            competencies=list(data["competencies"]),
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """A requisition's interview plan, stage by stage, and a form to add an interview to it."""
    requisition = _requisition(request, requisition_id, write=request.method == "POST")
    people = services.interviewer_choices(requisition.client)
    form = PlanForm(request.POST or None, requisition=requisition, people=people)
    if request.method == "POST":
        saved = _plan_save(request, form, requisition)
        if saved is not None:
            messages.success(request, _("%(name)s added to the plan.") % {"name": saved.name})
            return redirect("interviews:plan", requisition.pk)
    plans = (
        InterviewPlan.objects.filter(requisition=requisition)
        .select_related("stage")
        .prefetch_related("interviewers", "competencies")
    )
    return render(
        request,
        "interviews/plan.html",
        {
            "requisition": requisition,
            "plans": plans,
            "form": form,
            "can_write": request.access.can_write(requisition.client_id),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    item = _plan(request, plan_id, write=request.method == "POST")
    requisition = item.requisition
    people = services.interviewer_choices(requisition.client)
    form = PlanForm(request.POST or None, instance=item, requisition=requisition, people=people)
    if request.method == "POST" and _plan_save(request, form, requisition, plan=item):
        messages.success(request, _("%(name)s saved.") % {"name": item.name})
        return redirect("interviews:plan", requisition.pk)
    return render(
        request,
        "interviews/plan_edit.html",
        {"plan": item, "requisition": requisition, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    item = _plan(request, plan_id, write=True)
    requisition_id = item.requisition_id
    services.plan_delete(plan=item, by=request.user, request=request)
    messages.success(request, _("%(name)s removed from the plan.") % {"name": item.name})
    return redirect("interviews:plan", requisition_id)


# --- Staff: an application's interviews ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_interviews(request: HttpRequest, application_id: int) -> HttpResponse:
    _require_staff(request)
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition", "client"),
        write=request.method == "POST",
        pk=application_id,
    )
    plans = InterviewPlan.objects.filter(requisition_id=application.requisition_id)
    people = services.interviewer_choices(application.client)
    # The job's zone first (where the candidate and the panel meet), else the coordinator's.
    initial = {"time_zone": application.requisition.time_zone or _default_zone(request)}
    pick = PlanPickForm(request.GET or None, plans=plans)
    if request.method == "GET" and pick.is_valid() and pick.cleaned_data["plan"] is not None:
        initial.update(InterviewForm.initial_from_plan(pick.cleaned_data["plan"]))
    form = InterviewForm(
        request.POST if request.method == "POST" else None,
        plans=plans,
        people=people,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = services.interview_create(
                application=application,
                by=request.user,
                plan=data["plan"],
                interviewers=data["interviewers"],
                fields={
                    "title": data["title"],
                    "kind": data["kind"],
                    "duration_minutes": data["duration_minutes"],
                    "time_zone": data["time_zone"],
                    "location": data["location"],
                    "video_url": data["video_url"],
                },
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s created.") % {"title": interview.title})
            return redirect("interviews:interview_detail", interview.pk)
    interviews = (
        application.interviews.all()
        .prefetch_related(
            Prefetch("scorecards", queryset=Scorecard.objects.select_related("interviewer"))
        )
        .order_by("-created_at")
    )
    return render(
        request,
        "interviews/application_interviews.html",
        {
            "application": application,
            "candidate": application.candidate,
            "interviews": interviews,
            "form": form,
            "pick": pick if request.GET else PlanPickForm(plans=plans, initial=initial),
            "can_write": request.access.can_write(application.client_id),
        },
        status=400 if request.method == "POST" else 200,
    )


def _default_zone(request: HttpRequest) -> str:
    """The person's own zone (their account), else their working hours' zone, else UTC."""
    if request.user.time_zone:
        return request.user.time_zone
    availability = getattr(request.user, "availability", None)
    return availability.time_zone if availability is not None else "UTC"


def _interview(request: HttpRequest, interview_id: int, *, write: bool = False) -> Interview:
    _require_staff(request)
    return get_visible_or_404(
        request.access,
        Interview.objects.select_related(
            "application__candidate", "application__requisition", "client", "plan"
        ),
        write=write,
        pk=interview_id,
    )


@login_required
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id)
    zone = _zone(request, request.user.time_zone or interview.time_zone)
    offered = services.available_slots(interview) if interview.is_open else []
    scorecards = interview.scorecards.select_related("interviewer")
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "candidate": interview.application.candidate,
            "scorecards": scorecards,
            "zone": zone,
            "slot_form": SlotForm(offered=offered, zone=zone, initial={"tz": zone}),
            "cancel_form": CancelForm(),
            "slot_zones": zone_choices(),
            "days": slots_by_day(offered, zone),
            "can_write": request.access.can_write(interview.client_id),
        },
    )


@login_required
@require_POST
def interview_book(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id, write=True)
    if not interview.is_open:
        messages.error(request, _("This interview can no longer be booked."))
        return redirect("interviews:interview_detail", interview.pk)
    zone = _zone(request, request.user.time_zone or interview.time_zone)
    form = SlotForm(request.POST, offered=services.available_slots(interview), zone=zone)
    if form.is_valid():
        try:
            services.interview_book(
                interview=interview,
                start=form.cleaned_data["slot"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Booked; the invitations are on their way."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("interviews:interview_detail", args=[interview.pk]) + f"?tz={zone}")


@login_required
@require_POST
def interview_send_link(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id, write=True)
    try:
        services.interview_send_link(interview=interview, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The self-scheduling link was e-mailed to the candidate."))
    return redirect("interviews:interview_detail", interview.pk)


@login_required
@require_POST
def interview_cancel(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id, write=True)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.interview_cancel(
            interview=interview, by=request.user, reason=reason, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Cancelled; everyone was told."))
    return redirect("interviews:interview_detail", interview.pk)


@login_required
@require_POST
def interview_complete(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview(request, interview_id, write=True)
    try:
        services.interview_complete(interview=interview, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as held."))
    return redirect("interviews:interview_detail", interview.pk)


# --- Interviewers: my interviews, scorecards ----------------------------------------------------


@login_required
def my_interviews(request: HttpRequest) -> HttpResponse:
    """The interviews this person sits on, upcoming then past: a fixed number of queries."""
    visible = Interview.objects.visible_to(request.access).values("pk")
    own = (
        Scorecard.objects.filter(interviewer=request.user, interview__in=visible)
        .exclude(interview__status=Status.CANCELLED)
        .select_related(
            "interview__application__candidate", "interview__application__requisition", "client"
        )
        .order_by("interview__starts_at", "id")
    )
    now = timezone.now()
    upcoming, past, unbooked = [], [], []
    for scorecard in own:
        interview = scorecard.interview
        if interview.starts_at is None:
            unbooked.append(scorecard)
        elif interview.ends_at >= now and interview.status == Status.SCHEDULED:
            upcoming.append(scorecard)
        else:
            past.append(scorecard)
    past.reverse()
    return render(
        request,
        "interviews/my_interviews.html",
        {
            "upcoming": upcoming,
            "past": past,
            "unbooked": unbooked,
            "zone": _default_zone(request),
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scorecard(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The kit and one's own scorecard; the others' once one's own is submitted."""
    interview = get_visible_or_404(
        request.access,
        Interview.objects.select_related(
            "application__candidate", "application__requisition", "client", "plan"
        ),
        pk=interview_id,
    )
    own = Scorecard.objects.filter(interview=interview, interviewer=request.user).first()
    if own is None:
        raise Http404
    competencies = services.kit_competencies(interview)
    form = ScorecardForm(request.POST or None, competencies=competencies)
    if request.method == "POST":
        if own.submitted_at is not None:
            messages.error(request, _("Your scorecard was already submitted."))
            return redirect("interviews:scorecard", interview.pk)
        if form.is_valid():
            try:
                services.scorecard_submit(
                    scorecard=own,
                    ratings=form.ratings(),
                    recommendation=form.cleaned_data["recommendation"],
                    notes=form.cleaned_data["notes"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you: your scorecard is submitted."))
                return redirect("interviews:scorecard", interview.pk)
    others = []
    if own.submitted_at is not None:
        others = list(
            interview.scorecards.exclude(pk=own.pk)
            .select_related("interviewer")
            .prefetch_related(
                Prefetch("ratings", queryset=Rating.objects.select_related("competency"))
            )
        )
    own_ratings = list(own.ratings.select_related("competency"))
    return render(
        request,
        "interviews/scorecard.html",
        {
            "interview": interview,
            "candidate": interview.application.candidate,
            "own": own,
            "own_ratings": own_ratings,
            "others": others,
            "form": form,
            "anchors": RATING_ANCHORS,
            "scorecard_open": services.scorecard_is_open(interview),
            "questions": interview.plan.questions if interview.plan else [],
            "instructions": interview.plan.instructions if interview.plan else "",
            "zone": _default_zone(request),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- The debrief --------------------------------------------------------------------------------


@login_required
def debrief(request: HttpRequest, application_id: int) -> HttpResponse:
    """Every submitted scorecard of an application, summarised per competency."""
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition"),
        pk=application_id,
    )
    cards = list(
        Scorecard.objects.filter(interview__application=application)
        .exclude(interview__status=Status.CANCELLED)
        .select_related("interviewer", "interview")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("competency")))
    )
    mine = [c for c in cards if c.interviewer_id == request.user.pk]
    role = request.access.role(application.client_id)
    if role == Role.INTERVIEWER and not mine:
        raise Http404
    waiting_for_me = [c for c in mine if c.submitted_at is None]
    submitted = [c for c in cards if c.submitted_at is not None]
    summary = [] if waiting_for_me else _competency_summary(submitted)
    verdicts = {value: 0 for value in Recommendation.values}
    for card in submitted:
        verdicts[card.recommendation] = verdicts.get(card.recommendation, 0) + 1
    return render(
        request,
        "interviews/debrief.html",
        {
            "application": application,
            "candidate": application.candidate,
            "waiting_for_me": waiting_for_me,
            "summary": summary,
            "cards": [] if waiting_for_me else submitted,
            "pending": [c for c in cards if c.submitted_at is None],
            "verdicts": [(label, verdicts[value]) for value, label in Recommendation.choices],
            "anchors": RATING_ANCHORS,
        },
    )


def _competency_summary(cards: list[Scorecard]) -> list[dict]:
    scores: dict[int, list[int]] = defaultdict(list)
    names: dict[int, tuple[int, str]] = {}
    for card in cards:
        for rating in card.ratings.all():
            scores[rating.competency_id].append(rating.score)
            names[rating.competency_id] = (rating.competency.position, rating.competency.name)
    rows = []
    for pk, values in scores.items():
        rows.append(
            {
                "name": names[pk][1],
                "order": names[pk],
                "count": len(values),
                "mean": sum(values) / len(values),
                "low": min(values),
                "high": max(values),
                "spread": [values.count(n) for n in (1, 2, 3, 4)],
            }
        )
    return sorted(rows, key=lambda row: row["order"])
