"""Assessments: build a questionnaire, send it by a signed expiring link, take it, score it.

Scores of the automatic parts are computed on submission (`assessment_scoring`, pure Python); a
reviewer scores the free-text answers against the rubric. An answer that trips a flag rule puts
the sitting in front of a person: nothing is ever rejected or advanced because of it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.lib.tasks import enqueue
from outhire.pipeline.models import Application
from outhire.screening import assessment_scoring as scoring
from outhire.screening.models import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentSitting,
)

if TYPE_CHECKING:
    from outhire.accounts.models import User

LINK_SALT = "outhire.screening.assessment"
MAX_LINK_DAYS = 60
REMINDER_AFTER = timedelta(hours=48)
MAX_REMINDERS = 2
TEXT_LIMIT = 5000


# --- Links --------------------------------------------------------------------------------


def link_token(sitting: AssessmentSitting) -> str:
    """A signed, time-stamped token carrying only the sitting's id."""
    return signing.dumps({"s": sitting.pk}, salt=LINK_SALT, compress=True)


def sitting_id_from_token(token: str) -> int | None:
    """The sitting id in `token`, or None when it is forged or older than any link can last.

    The sitting's own `expires_at` decides whether it can still be answered.
    """
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=timedelta(days=MAX_LINK_DAYS + 1))
    except signing.BadSignature:
        return None
    sitting_id = data.get("s") if isinstance(data, dict) else None
    return sitting_id if isinstance(sitting_id, int) else None


# --- Building -----------------------------------------------------------------------------


def assessment_create(
    *, client, fields: dict, by: User, request: HttpRequest | None = None
) -> Assessment:
    assessment = Assessment(client=client, created_by=by, **fields)
    assessment.full_clean()
    assessment.save()
    audit.record("assessment.created", actor=by, request=request, obj=assessment)
    return assessment


def question_add(*, assessment: Assessment, fields: dict, by: User) -> AssessmentQuestion:
    position = assessment.questions.count()
    question = AssessmentQuestion(
        client_id=assessment.client_id, assessment=assessment, position=position, **fields
    )
    question.full_clean()
    question.save()
    return question


def assessments_for(application: Application) -> QuerySet:
    """Active assessments that may be sent for this application: its requisition's, and the
    client's general or job-family ones."""
    return Assessment.objects.filter(
        Q(requisition_id=application.requisition_id) | Q(requisition__isnull=True),
        client_id=application.client_id,
        is_active=True,
    )


# --- Sending ------------------------------------------------------------------------------


def sitting_send(
    *,
    assessment: Assessment,
    application: Application,
    by: User,
    request: HttpRequest | None = None,
) -> AssessmentSitting:
    """Send `assessment` to the application's candidate: a sitting, and an e-mail after commit."""
    from outhire.screening.tasks import send_assessment_link

    if (
        assessment.client_id != application.client_id
        or not assessments_for(application).filter(pk=assessment.pk).exists()
    ):
        raise ValidationError(_("This assessment cannot be sent for this application."))
    if not assessment.questions.exists():
        raise ValidationError(_("The assessment has no questions yet."))
    if not application.is_active:
        raise ValidationError(_("The application is closed."))
    if not application.candidate.email:
        raise ValidationError(_("The candidate has no e-mail address to send the link to."))
    open_sitting = AssessmentSitting.objects.filter(
        assessment=assessment,
        application=application,
        submitted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()
    if open_sitting:
        raise ValidationError(_("This assessment was already sent and is waiting for answers."))
    now = timezone.now()
    sitting = AssessmentSitting.objects.create(
        client_id=application.client_id,
        assessment=assessment,
        application=application,
        sent_by=by,
        sent_at=now,
        expires_at=now + timedelta(days=assessment.days_valid),
        possible_points=sum(q.possible_points for q in assessment.questions.all()),
    )
    audit.record(
        "assessment.sent",
        actor=by,
        request=request,
        obj=sitting,
        changes={"assessment": assessment.pk, "application": application.pk},
    )
    enqueue(send_assessment_link, sitting.pk)
    return sitting


# --- Taking -------------------------------------------------------------------------------


def _pure(question: AssessmentQuestion) -> scoring.Question:
    return scoring.Question(
        id=question.pk,
        kind=question.kind,
        prompt=question.prompt,
        options=question.options,
        max_points=question.max_points,
        flag_at_or_below=question.flag_at_or_below,
    )


def answers_from_post(questions: list[AssessmentQuestion], data) -> dict[int, scoring.Answer]:
    """Read the form's answers leniently: an out-of-range value is no answer (the page says
    which required ones are missing)."""
    out = {}
    for q in questions:
        raw = (data.get(f"q{q.pk}") or "").strip()
        if q.kind == AssessmentQuestion.Kind.TEXT:
            if raw:
                out[q.pk] = scoring.Answer(text=raw[:TEXT_LIMIT])
        elif raw.isdigit():
            value = int(raw)
            if q.kind == AssessmentQuestion.Kind.CHOICE and value < len(q.options):
                out[q.pk] = scoring.Answer(choice=value)
            elif q.kind == AssessmentQuestion.Kind.RATING and 1 <= value <= scoring.SCALE:
                out[q.pk] = scoring.Answer(rating=value)
    return out


def answers_save(
    *,
    sitting: AssessmentSitting,
    answers: dict[int, scoring.Answer],
    finish: bool,
) -> list[str]:
    """Keep the candidate's answers; on `finish`, check every required question is answered,
    score and submit. Returns the prompts of required questions left unanswered (nothing
    submitted then)."""
    questions = list(sitting.assessment.questions.all())
    with transaction.atomic():
        locked = AssessmentSitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.submitted_at is not None:
            raise ValidationError(_("These answers were already submitted."))
        if locked.expires_at <= timezone.now():
            raise ValidationError(_("This link has expired."))
        existing = {a.question_id: a for a in locked.answers.all()}
        for q in questions:
            answer = answers.get(q.pk)
            row = existing.get(q.pk)
            if answer is None:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                row = AssessmentAnswer(client_id=locked.client_id, sitting=locked, question=q)
            row.choice, row.rating, row.text = answer.choice, answer.rating, answer.text
            row.save()
        if locked.started_at is None:
            locked.started_at = timezone.now()
            locked.save(update_fields=["started_at"])
        if not finish:
            return []
        missing = [q.prompt for q in questions if q.required and q.pk not in answers]
        if missing:
            return missing
        scored = scoring.score([_pure(q) for q in questions], answers)
        for row in locked.answers.all():
            points = scored.points.get(row.question_id)
            if points is not None:
                row.points = points
                row.save(update_fields=["points"])
        locked.submitted_at = timezone.now()
        locked.auto_points = scored.auto_points
        locked.possible_points = scored.possible_points
        locked.needs_review = scored.needs_review
        locked.flagged = bool(scored.flags)
        locked.flag_reasons = scored.flags
        locked.save(
            update_fields=[
                "submitted_at",
                "auto_points",
                "possible_points",
                "needs_review",
                "flagged",
                "flag_reasons",
            ]
        )
        audit.record(
            "assessment.submitted",
            obj=locked,
            actor_label="candidate",
            changes={"flagged": locked.flagged},
        )
    sitting.refresh_from_db()
    return []


# --- Reviewing ----------------------------------------------------------------------------


def sitting_review(
    *,
    sitting: AssessmentSitting,
    points: dict[int, float],
    notes: dict[int, str],
    by: User,
    request: HttpRequest | None = None,
) -> AssessmentSitting:
    """A reviewer's points for the free-text answers, each within its question's points."""
    if sitting.submitted_at is None:
        raise ValidationError(_("The candidate has not submitted yet."))
    text_answers = [
        a
        for a in sitting.answers.select_related("question")
        if a.question.kind == AssessmentQuestion.Kind.TEXT
    ]
    errors = {}
    for answer in text_answers:
        value = points.get(answer.pk)
        if value is None:
            errors[answer.pk] = _("Give points for this answer.")
        elif not 0 <= value <= answer.question.max_points:
            errors[answer.pk] = _("Between 0 and %(max)s points.") % {
                "max": answer.question.max_points
            }
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    with transaction.atomic():
        for answer in text_answers:
            answer.points = points[answer.pk]
            answer.reviewer_note = (notes.get(answer.pk) or "")[:2000]
            answer.save(update_fields=["points", "reviewer_note"])
        sitting.reviewer_points = sum(points[a.pk] for a in text_answers)
        sitting.needs_review = False
        sitting.reviewed_by = by
        sitting.reviewed_at = timezone.now()
        sitting.save(
            update_fields=["reviewer_points", "needs_review", "reviewed_by", "reviewed_at"]
        )
        audit.record(
            "assessment.reviewed",
            actor=by,
            request=request,
            obj=sitting,
            changes={"reviewer_points": sitting.reviewer_points},
        )
    return sitting


# --- Reminders ----------------------------------------------------------------------------


def reminders_due(now=None) -> QuerySet:
    """Unfinished sittings, still open, quiet for REMINDER_AFTER, under MAX_REMINDERS."""
    now = now or timezone.now()
    quiet = now - REMINDER_AFTER
    return AssessmentSitting.objects.filter(
        submitted_at__isnull=True,
        expires_at__gt=now,
        sent_at__lte=quiet,
        reminders_sent__lt=MAX_REMINDERS,
        application__status=Application.Status.ACTIVE,
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=quiet))
