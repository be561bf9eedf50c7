"""Candidate experience surveys (0-10 likelihood to recommend) and hiring-manager ratings.

A survey is created once per trigger (a stage event, an interview that ended) at the moments
the client chose, unless the candidate opted out or has no e-mail address, and e-mailed by a
task with a signed link (django.core.signing, salted, valid OUTHIRE_ANALYTICS_SURVEY_DAYS). The
link carries the survey's id only; one answer per survey. When a requisition is filled, its
hiring manager is asked for a 1-5 rating the same way.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.analytics.models import (
    CandidateSurvey,
    ManagerRating,
    SurveyOptOut,
    SurveySettings,
)
from outhire.lib.tasks import enqueue

SURVEY_SALT = "outhire.analytics.survey"
RATING_SALT = "outhire.analytics.manager-rating"
OPT_OUT_SALT = "outhire.analytics.survey-opt-out"
OPT_OUT_DAYS = 400
Moment = CandidateSurvey.Moment
SETTING_FOR = {
    Moment.APPLIED: "after_applying",
    Moment.INTERVIEW: "after_interview",
    Moment.REJECTED: "after_rejection",
    Moment.HIRED: "after_hire",
}


RECORDED_LATE = timedelta(days=2)


def link_age() -> timedelta:
    return timedelta(days=settings.OUTHIRE_ANALYTICS_SURVEY_DAYS)


def survey_token(survey: CandidateSurvey) -> str:
    return signing.dumps(survey.pk, salt=SURVEY_SALT)


def rating_token(rating: ManagerRating) -> str:
    return signing.dumps(rating.pk, salt=RATING_SALT)


def opt_out_token(candidate_id: int) -> str:
    return signing.dumps(candidate_id, salt=OPT_OUT_SALT)


def read_token(token: str, salt: str, max_age: timedelta) -> int | None:
    """The id a link carries, or None when it is forged, altered or too old."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def settings_for(client_id: int) -> SurveySettings:
    """A client's survey settings (the defaults, unsaved, when it has not chosen yet)."""
    found = SurveySettings.objects.filter(client_id=client_id).first()
    return found or SurveySettings(client_id=client_id)


def moment_of_event(kind: str, to_kind: str) -> str | None:
    """The survey moment a stage event is, if any (an interview is surveyed when it ends)."""
    if kind == "created" and to_kind == "applied":
        return Moment.APPLIED
    if kind == "rejected":
        return Moment.REJECTED
    if kind == "hired":
        return Moment.HIRED
    return None


def survey_create(*, application, moment: str, trigger: str) -> CandidateSurvey | None:
    """Create and queue a survey, unless the client does not ask at this moment, the candidate
    opted out or cannot be reached, or this trigger already had one."""
    from outhire.analytics.tasks import send_candidate_survey

    if not getattr(settings_for(application.client_id), SETTING_FOR[moment]):
        return None
    if SurveyOptOut.objects.filter(candidate_id=application.candidate_id).exists():
        return None
    try:
        with transaction.atomic():
            survey = CandidateSurvey.objects.create(
                client_id=application.client_id,
                application=application,
                moment=moment,
                trigger=trigger,
            )
    except IntegrityError:
        return None
    enqueue(send_candidate_survey, survey.pk)
    return survey


def on_stage_event(event_id: int) -> None:
    """After a stage event commits: survey the candidate, rate a filled requisition."""
    from outhire.pipeline.models import StageEvent

    event = (
        StageEvent.objects.select_related("application__requisition").filter(pk=event_id).first()
    )
    if event is None:
        return
    # A move recorded after the fact (history brought in by an import or the demo) is no
    # moment to ask anyone how it went.
    if event.at < timezone.now() - RECORDED_LATE:
        return
    moment = moment_of_event(event.kind, event.to_kind)
    if moment is not None:
        survey_create(application=event.application, moment=moment, trigger=f"event:{event.pk}")
    requisition = event.application.requisition
    if event.kind == "hired" and requisition.status == "filled":
        rating_request(requisition=requisition)


def rating_request(*, requisition) -> ManagerRating | None:
    """Ask the requisition's hiring manager for a rating, once, if the client wants it."""
    from outhire.analytics.tasks import send_manager_rating

    manager = requisition.hiring_manager
    if manager is None or not manager.is_active:
        return None
    if not settings_for(requisition.client_id).manager_rating:
        return None
    rating, created = ManagerRating.objects.get_or_create(
        requisition=requisition, manager=manager, defaults={"client_id": requisition.client_id}
    )
    if created:
        enqueue(send_manager_rating, rating.pk)
    return rating if created else None


def survey_completed_interviews(now=None) -> int:
    """Survey candidates whose interview ended in the last week (the interviews app's)."""
    from outhire.analytics.metrics import optional_model

    Interview = optional_model("interviews.Interview")
    if Interview is None:
        return 0
    now = now or timezone.now()
    done = list(
        Interview.objects.filter(
            status__in=["scheduled", "completed"],
            ends_at__lte=now,
            ends_at__gte=now - timedelta(days=7),
        )
        .select_related("application")
        .order_by("id")
    )
    seen = set(
        CandidateSurvey.objects.filter(trigger__in=[f"interview:{i.pk}" for i in done]).values_list(
            "trigger", flat=True
        )
    )
    made = 0
    for interview in done:
        trigger = f"interview:{interview.pk}"
        if trigger not in seen:
            made += bool(
                survey_create(
                    application=interview.application, moment=Moment.INTERVIEW, trigger=trigger
                )
            )
    return made


def survey_answer(*, survey: CandidateSurvey, score: int, comment: str = "") -> CandidateSurvey:
    """Record the one answer to a survey; a second is refused."""
    with transaction.atomic():
        current = CandidateSurvey.objects.select_for_update().get(pk=survey.pk)
        if current.responded_at is not None:
            raise ValidationError(_("This survey has already been answered. Thank you!"))
        if not 0 <= score <= 10:
            raise ValidationError({"score": _("Choose a number from 0 to 10.")})
        current.score = score
        current.comment = comment.strip()[:2000]
        current.responded_at = timezone.now()
        current.save(update_fields=["score", "comment", "responded_at"])
    return current


def rating_answer(*, rating: ManagerRating, value: int, comment: str = "") -> ManagerRating:
    with transaction.atomic():
        current = ManagerRating.objects.select_for_update().get(pk=rating.pk)
        if current.responded_at is not None:
            raise ValidationError(_("This requisition has already been rated. Thank you!"))
        if not 1 <= value <= 5:
            raise ValidationError({"rating": _("Choose a number from 1 to 5.")})
        current.rating = value
        current.comment = comment.strip()[:2000]
        current.responded_at = timezone.now()
        current.save(update_fields=["rating", "comment", "responded_at"])
    return current


def survey_opt_out(*, candidate_id: int) -> None:
    """No more surveys for this candidate; surveys not yet answered stay unanswered."""
    SurveyOptOut.objects.get_or_create(candidate_id=candidate_id)
