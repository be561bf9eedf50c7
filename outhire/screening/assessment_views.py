"""Assessment pages: staff build questionnaires and send them; candidates answer by a signed
link (no JavaScript needed, no sign-in, nothing personal in the URL); results on the application.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from outhire.accounts import audit
from outhire.accounts.branding import brand_context
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404, public_page
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate
from outhire.pipeline.models import Application
from outhire.screening import assessments as services
from outhire.screening.assessment_scoring import options_text
from outhire.screening.forms import AssessmentForm, QuestionForm, SendAssessmentForm
from outhire.screening.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSitting,
)


def _staff(request: HttpRequest) -> None:
    # Building and sending assessments is the provider's work; to others these pages do not exist.
    if not request.access.is_provider_staff:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def assessment_list(request: HttpRequest, slug: str) -> HttpResponse:
    _staff(request)
    client = get_visible_or_404(request.access, Client, slug=slug)
    can_write = request.access.can_write(client.pk)
    form = AssessmentForm(request.POST or None, client_id=client.pk)
    if request.method == "POST":
        if not can_write:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                assessment = services.assessment_create(
                    client=client,
                    fields={k: form.cleaned_data[k] for k in form.Meta.fields},
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Assessment created: add its questions."))
                return redirect("screening:assessment_detail", assessment_id=assessment.pk)
    items = Assessment.objects.filter(client=client).select_related("requisition")
    return render(
        request,
        "screening/assessment_list.html",
        {"client": client, "assessments": items, "form": form, "can_write": can_write},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    _staff(request)
    assessment = get_visible_or_404(
        request.access,
        Assessment.objects.select_related("client", "requisition"),
        pk=assessment_id,
        write=request.method == "POST",
    )
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if action == "toggle":
            assessment.is_active = not assessment.is_active
            assessment.save(update_fields=["is_active"])
            audit.record(
                "assessment.changed",
                request=request,
                obj=assessment,
                changes={"is_active": assessment.is_active},
            )
            return redirect("screening:assessment_detail", assessment_id=assessment.pk)
        if action == "delete":
            raw = request.POST.get("question", "")
            deleted = (
                raw.isdigit()
                and not assessment.sittings.exists()
                and assessment.questions.filter(pk=int(raw)).delete()[0]
            )
            if deleted:
                messages.success(request, _("Question removed."))
            else:
                messages.error(
                    request, _("That question cannot be removed (the assessment was sent already).")
                )
            return redirect("screening:assessment_detail", assessment_id=assessment.pk)
        if assessment.sittings.exists():
            messages.error(
                request, _("The assessment was sent already: its questions stay as sent.")
            )
            return redirect("screening:assessment_detail", assessment_id=assessment.pk)
        if form.is_valid():
            try:
                services.question_add(
                    assessment=assessment, fields=form.question_fields(), by=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Question added."))
                return redirect("screening:assessment_detail", assessment_id=assessment.pk)
    questions = list(assessment.questions.all())
    for q in questions:
        q.options_text = options_text(q.options)
    return render(
        request,
        "screening/assessment_detail.html",
        {
            "assessment": assessment,
            "questions": questions,
            "form": form,
            "sent": assessment.sittings.exists(),
            "can_write": request.access.can_write(assessment.client_id),
        },
    )


def _visible_application(request: HttpRequest, application_id: int) -> Application:
    application = (
        Application.objects.visible_to(request.access)
        .select_related("candidate", "requisition", "client", "stage")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_assessments(request: HttpRequest, application_id: int) -> HttpResponse:
    """The assessments of one application: results for those who may see the application;
    sending for provider staff who may write."""
    application = _visible_application(request, application_id)
    can_send = request.access.is_provider_staff and request.access.can_write(application.client_id)
    available = services.assessments_for(application)
    form = SendAssessmentForm(request.POST or None, queryset=available)
    if request.method == "POST":
        if not can_send:
            return HttpResponse(status=403 if request.access.is_provider_staff else 404)
        if form.is_valid():
            try:
                services.sitting_send(
                    assessment=form.cleaned_data["assessment"],
                    application=application,
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Assessment sent: the candidate gets the link by e-mail.")
                )
                return redirect("screening:application_assessments", application_id=application.pk)
    sittings = AssessmentSitting.objects.filter(
        client_id=application.client_id, application=application
    ).select_related("assessment", "sent_by", "reviewed_by")
    return render(
        request,
        "screening/application_assessments.html",
        {
            "application": application,
            "sittings": sittings,
            "form": form,
            "can_send": can_send and available.exists(),
            "is_staff": request.access.is_provider_staff,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sitting_detail(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting = get_visible_or_404(
        request.access,
        AssessmentSitting.objects.select_related(
            "assessment", "application__candidate", "application__requisition", "reviewed_by"
        ),
        pk=sitting_id,
    )
    application = _visible_application(request, sitting.application_id)
    can_review = request.access.is_provider_staff and request.access.can_write(sitting.client_id)
    answers = list(
        AssessmentAnswer.objects.filter(client_id=sitting.client_id, sitting=sitting)
        .select_related("question")
        .order_by("question__position", "question_id")
    )
    errors = {}
    if request.method == "POST":
        if not can_review:
            return HttpResponse(status=403 if request.access.is_provider_staff else 404)
        points, notes = {}, {}
        for answer in answers:
            raw = request.POST.get(f"points_{answer.pk}", "").strip()
            try:
                points[answer.pk] = float(raw) if raw else None
            except ValueError:
                points[answer.pk] = -1.0
            notes[answer.pk] = request.POST.get(f"note_{answer.pk}", "")
        try:
            services.sitting_review(
                sitting=sitting,
                points={k: v for k, v in points.items() if v is not None},
                notes=notes,
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {int(k): " ".join(v[0].messages) for k, v in error.error_dict.items()}
            else:
                messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Review saved."))
            return redirect("screening:sitting_detail", sitting_id=sitting.pk)
    for answer in answers:
        answer.error = errors.get(answer.pk, "")
        q = answer.question
        if q.kind == AssessmentQuestion.Kind.CHOICE and answer.choice is not None:
            answer.shown = (
                q.options[answer.choice]["label"] if answer.choice < len(q.options) else ""
            )
        elif q.kind == AssessmentQuestion.Kind.RATING and answer.rating:
            anchor = q.anchors[answer.rating - 1] if len(q.anchors) >= answer.rating else ""
            answer.shown = f"{answer.rating} of 5 ({anchor})"
        else:
            answer.shown = answer.text
    return render(
        request,
        "screening/sitting_detail.html",
        {
            "sitting": sitting,
            "application": application,
            "answers": answers,
            "can_review": can_review and sitting.submitted_at is not None,
        },
    )


@public_page
@require_http_methods(["GET", "POST"])
def assessment_take(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's page: public by design; the signed token is the permission."""
    sitting_id = services.sitting_id_from_token(token)
    sitting = (
        AssessmentSitting.objects.select_related(
            "assessment", "application__client", "application__candidate"
        )
        .prefetch_related(
            Prefetch("assessment__questions", AssessmentQuestion.objects.order_by("position", "id"))
        )
        .filter(pk=sitting_id)
        .first()
        if sitting_id
        else None
    )
    # The candidate's language (or their browser's when the link names no one).
    activate_for_candidate(request, sitting.application.candidate if sitting else None)
    if sitting is None:
        # No sitting, so no client is known: the provider's neutral look.
        context = {"reason": "invalid", **brand_context(None)}
        return render(request, "screening/assessment_take_closed.html", context, status=404)
    # The brand of the client whose application the link belongs to, and no other.
    brand = brand_context(sitting.application.client)
    if sitting.submitted_at is not None:
        return render(
            request,
            "screening/assessment_take_closed.html",
            {"reason": "submitted", "sitting": sitting, **brand},
        )
    if sitting.status == AssessmentSitting.Status.EXPIRED:
        return render(
            request,
            "screening/assessment_take_closed.html",
            {"reason": "expired", "sitting": sitting, **brand},
            status=410,
        )
    questions = list(sitting.assessment.questions.all())
    missing: list[str] = []
    if request.method == "POST":
        answers = services.answers_from_post(questions, request.POST)
        finish = request.POST.get("action") == "finish"
        try:
            missing = services.answers_save(sitting=sitting, answers=answers, finish=finish)
        except ValidationError as error:
            return render(
                request,
                "screening/assessment_take_closed.html",
                {
                    "reason": "refused",
                    "message": " ".join(error.messages),
                    "sitting": sitting,
                    **brand,
                },
                status=409,
            )
        if finish and not missing:
            return render(
                request,
                "screening/assessment_take_closed.html",
                {"reason": "thanks", "sitting": sitting, **brand},
            )
        if not finish:
            messages.success(
                request, _("Your answers are saved. You can come back before the link expires.")
            )
            return redirect("screening:assessment_take", token=token)
    saved = {a.question_id: a for a in sitting.answers.all()}
    for q in questions:
        q.saved = saved.get(q.pk)
        q.anchor_items = list(enumerate(q.anchors, start=1))
        q.option_items = list(enumerate(q.options))
        q.missing = q.prompt in missing
    # The site-wide Referrer-Policy (same-origin) keeps the link's token from other sites.
    # "no-referrer" here would make browsers send `Origin: null` with the form, which the CSRF
    # check refuses: the candidate could never send their answers.
    return render(
        request,
        "screening/assessment_take.html",
        {
            "sitting": sitting,
            "questions": questions,
            "missing": missing,
            **brand,
        },
    )
