"""Interview workflows: plans, interviews, booking and cancelling, scorecards, availability.

Booking is the delicate one: two people (two candidates, or a candidate and a coordinator) may
pick overlapping times for the same interviewer at the same moment. `interview_book` locks the
interviewers' Availability rows (select_for_update, in pk order so two bookings cannot deadlock)
and checks every interviewer is still free inside that transaction; on SQLite, whose
transactions take the write lock as they begin (transaction_mode IMMEDIATE), the same code is
serialised by the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts import audit
from outhire.accounts.models import Client, Membership, User
from outhire.accounts.tenancy import client_scope
from outhire.interviews import notices, slots
from outhire.interviews.models import (
    DEFAULT_FEEDBACK_HOURS,
    Availability,
    BusyTime,
    Interview,
    InterviewPlan,
    Rating,
    Recommendation,
    Scorecard,
)
from outhire.lib.tasks import enqueue
from outhire.pipeline.models import Application
from outhire.requisitions.models import Competency, Requisition
from outhire.webhooks.services import event_emit

LINK_SALT = "outhire.interviews.schedule"
LINK_MAX_AGE = timedelta(days=14)
# How far ahead the candidate is offered slots, and how soon the earliest may be.
BOOKING_HORIZON = timedelta(days=21)
MIN_NOTICE = timedelta(hours=12)
SLOT_STEP = timedelta(minutes=30)
MAX_SLOTS = 120

Status = Interview.Status


# --- Who may interview, and the SLA --------------------------------------------------------------


def interviewer_choices(client: Client):
    """People who may sit on a client's interviews: anyone with a membership of that client."""
    ids = Membership.objects.filter(client=client, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")


def feedback_sla_hours(requisition: Requisition) -> int:
    """Hours an interviewer has to submit a scorecard: the engagement's feedback SLA.

    The requisition's engagement decides; without one (or without that SLA), 48 hours.
    """
    engagement = requisition.engagement
    if engagement is not None and engagement.sla_feedback_hours:
        return engagement.sla_feedback_hours
    return DEFAULT_FEEDBACK_HOURS


def overdue_scorecards(client: Client, at: datetime | None = None):
    """Scorecards of `client` due before `at` and not submitted, for the SLA report.

    Cancelled interviews owe no feedback. `due_at` is the interview's end plus the
    engagement's `sla_feedback_hours` (see `feedback_sla_hours`).
    """
    at = at or timezone.now()
    return Scorecard.objects.filter(
        client=client, submitted_at__isnull=True, due_at__lt=at
    ).exclude(interview__status=Status.CANCELLED)


# --- Plans --------------------------------------------------------------------------------------


def plan_save(
    *,
    requisition: Requisition,
    fields: dict,
    interviewers,
    competencies,
    by: User,
    plan: InterviewPlan | None = None,
    request: HttpRequest | None = None,
) -> InterviewPlan:
    """Create or update one interview of a requisition's plan (its kit included)."""
    allowed = set(interviewer_choices(requisition.client).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in interviewers):
        raise ValidationError({"interviewers": _("Choose people who work with this client.")})
    if any(c.requisition_id != requisition.pk for c in competencies):
        raise ValidationError({"competencies": _("Choose competencies of this requisition.")})
    stage = fields.get("stage")
    if stage is not None and stage.requisition_id != requisition.pk:
        raise ValidationError({"stage": _("Choose a stage of this requisition.")})
    created = plan is None
    plan = plan or InterviewPlan(client_id=requisition.client_id, requisition=requisition)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.questions = [q.strip() for q in plan.questions if q and q.strip()]
    if created:
        plan.position = requisition.interview_plans.count()
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        plan.interviewers.set(interviewers)
        plan.competencies.set(competencies)
        audit.record(
            "interview_plan.created" if created else "interview_plan.changed",
            actor=by,
            request=request,
            obj=plan,
            changes={"name": plan.name, "interviewers": [u.email for u in interviewers]},
        )
    return plan


def plan_delete(*, plan: InterviewPlan, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        audit.record("interview_plan.deleted", actor=by, request=request, obj=plan)
        plan.delete()


# --- Interviews ---------------------------------------------------------------------------------


def interview_create(
    *,
    application: Application,
    by: User,
    interviewers,
    fields: dict,
    plan: InterviewPlan | None = None,
    request: HttpRequest | None = None,
) -> Interview:
    """An interview for `application`, with a pending scorecard for each interviewer."""
    if not application.is_active:
        raise ValidationError(_("Only an active application can be interviewed."))
    if plan is not None and plan.requisition_id != application.requisition_id:
        raise ValidationError({"plan": _("Choose an interview of this requisition's plan.")})
    interviewers = list(interviewers)
    if not interviewers:
        raise ValidationError({"interviewers": _("Choose at least one interviewer.")})
    allowed = set(interviewer_choices(application.client).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in interviewers):
        raise ValidationError({"interviewers": _("Choose people who work with this client.")})
    interview = Interview(client_id=application.client_id, application=application, plan=plan)
    for name, value in fields.items():
        setattr(interview, name, value)
    if not slots.is_time_zone(interview.time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    interview.created_by = by
    interview.full_clean()
    with transaction.atomic():
        interview.save()
        Scorecard.objects.bulk_create(
            Scorecard(client_id=interview.client_id, interview=interview, interviewer=user)
            for user in interviewers
        )
        audit.record(
            "interview.created",
            actor=by,
            request=request,
            obj=interview,
            changes={"application": application.pk, "interviewers": [u.pk for u in interviewers]},
        )
    return interview


def interview_payload(interview: Interview) -> dict:
    """What webhooks say about an interview (docs/webhooks.md); times in UTC, ISO 8601."""
    return {
        "id": interview.pk,
        "uid": interview.ical_uid,
        "sequence": interview.sequence,
        "application": interview.application_id,
        "requisition": interview.application.requisition_id,
        "title": interview.title,
        "kind": interview.kind,
        "status": interview.status,
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "time_zone": interview.time_zone,
        "location": interview.location,
        "video_url": interview.video_url,
        "interviewers": [
            {"name": s.interviewer.full_name, "email": s.interviewer.email}
            for s in interview.scorecards.select_related("interviewer")
        ],
        "cancel_reason": interview.cancel_reason,
    }


def _emit(interview: Interview, event: str) -> None:
    event_emit(
        client=interview.client_id, event=event, payload=lambda: interview_payload(interview)
    )


def interviewers_of(interview: Interview) -> list[User]:
    return [s.interviewer for s in interview.scorecards.select_related("interviewer")]


def availability_of(user: User) -> Availability:
    availability, _created = Availability.objects.get_or_create(user=user)
    return availability


def people_for(
    interview: Interview, window: slots.Interval, *, users: list[User] | None = None
) -> list[slots.Person]:
    """Each interviewer as the slot finder sees them: hours, zone, buffer and everything busy.

    Busy means their busy times and every other scheduled interview they sit on, whichever
    client it is for. A fixed number of queries whatever the number of interviewers.
    """
    users = users if users is not None else interviewers_of(interview)
    ids = [u.pk for u in users]
    by_user = {a.user_id: a for a in Availability.objects.filter(user_id__in=ids)}
    busy: dict[int, list[slots.Interval]] = {pk: [] for pk in ids}
    for row in BusyTime.objects.filter(
        user_id__in=ids, starts_at__lt=window.end, ends_at__gt=window.start
    ).values("user_id", "starts_at", "ends_at"):
        busy[row["user_id"]].append(slots.Interval(row["starts_at"], row["ends_at"]))
    others = (
        Scorecard.objects.filter(
            interviewer_id__in=ids,
            interview__status=Status.SCHEDULED,
            interview__starts_at__lt=window.end,
            interview__ends_at__gt=window.start,
        )
        .exclude(interview_id=interview.pk)
        .values("interviewer_id", "interview__starts_at", "interview__ends_at")
    )
    for row in others:
        busy[row["interviewer_id"]].append(
            slots.Interval(row["interview__starts_at"], row["interview__ends_at"])
        )
    people = []
    for pk in ids:
        availability = by_user.get(pk) or Availability(user_id=pk)
        people.append(
            slots.Person(
                time_zone=availability.time_zone,
                hours=availability.working_hours(),
                busy=busy[pk],
                buffer=timedelta(minutes=availability.buffer_minutes),
            )
        )
    return people


def available_slots(interview: Interview, *, now: datetime | None = None) -> list[datetime]:
    """Start times every interviewer is free for this interview, from a notice period on."""
    now = now or timezone.now()
    window = slots.Interval(now + MIN_NOTICE, now + BOOKING_HORIZON)
    return slots.find_slots(
        people_for(interview, window),
        window=window,
        duration=interview.duration,
        step=SLOT_STEP,
        limit=MAX_SLOTS,
    )


def interview_book(
    *,
    interview: Interview,
    start: datetime,
    by: User | None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Interview:
    """Book (or move) the interview to `start`, if every interviewer is free then.

    `by` is None when the candidate books through the self-scheduling link. A slot taken
    meanwhile is refused with a ValidationError; nothing is written then.
    """
    now = now or timezone.now()
    if start.tzinfo is None:
        raise ValidationError(_("The time has no time zone."))
    if start < now + (MIN_NOTICE if by is None else timedelta(0)):
        raise ValidationError({"start": _("This time is too soon; choose a later one.")})
    with transaction.atomic():
        current = Interview.objects.select_for_update().get(pk=interview.pk)
        if not current.is_open:
            raise ValidationError(_("This interview can no longer be booked."))
        users = interviewers_of(current)
        for user in users:
            Availability.objects.get_or_create(user=user)
        # Lock every interviewer's row, in a fixed order, before looking at their calendars.
        list(
            Availability.objects.select_for_update()
            .filter(user__in=users)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        end = start + current.duration
        window = slots.Interval(start - timedelta(days=1), end + timedelta(days=1))
        people = people_for(current, window, users=users)
        if not slots.slot_is_free(people, start=start, duration=current.duration):
            raise ValidationError(
                {"start": _("This time is no longer free; choose another one.")}, code="taken"
            )
        rescheduled = current.status == Status.SCHEDULED
        before = current.starts_at
        current.starts_at = start
        current.ends_at = end
        current.status = Status.SCHEDULED
        current.sequence += 1 if rescheduled else 0
        current.reminded_day_at = None
        current.reminded_hour_at = None
        current.updated_at = now
        current.save(
            update_fields=[
                "starts_at",
                "ends_at",
                "status",
                "sequence",
                "reminded_day_at",
                "reminded_hour_at",
                "updated_at",
            ]
        )
        hours = feedback_sla_hours(current.application.requisition)
        current.scorecards.update(due_at=end + timedelta(hours=hours))
        audit.record(
            "interview.rescheduled" if rescheduled else "interview.booked",
            actor=by,
            actor_label="" if by else "candidate (self-scheduling link)",
            request=request,
            obj=current,
            changes={
                "starts_at": [before.isoformat() if before else None, start.isoformat()],
                "sequence": current.sequence,
            },
        )
        from outhire.interviews import tasks

        enqueue(tasks.send_invitations, current.pk)
        enqueue(tasks.push_to_calendars, current.pk)
        _emit(current, "interview.moved" if rescheduled else "interview.scheduled")
        notices.interview_told(
            current, "interview_moved" if rescheduled else "interview_booked", by=by
        )
    interview.refresh_from_db()
    return current


def interview_cancel(
    *,
    interview: Interview,
    by: User | None,
    reason: str = "",
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> Interview:
    """Call the interview off; if it was booked, everyone gets a METHOD:CANCEL.

    `by` None is the candidate through their link, unless `actor_label` says who else."""
    with transaction.atomic():
        current = Interview.objects.select_for_update().get(pk=interview.pk)
        if not current.is_open:
            raise ValidationError(_("This interview is already closed."))
        was_booked = current.status == Status.SCHEDULED
        current.status = Status.CANCELLED
        current.cancel_reason = reason[:300]
        current.sequence += 1
        current.link_nonce = Interview._meta.get_field("link_nonce").default()
        current.updated_at = timezone.now()
        current.save(
            update_fields=["status", "cancel_reason", "sequence", "link_nonce", "updated_at"]
        )
        audit.record(
            "interview.cancelled",
            actor=by,
            actor_label=actor_label or ("" if by else "candidate (self-scheduling link)"),
            request=request,
            obj=current,
            changes={"reason": current.cancel_reason},
        )
        if was_booked:
            from outhire.interviews import tasks

            enqueue(tasks.send_invitations, current.pk)
            enqueue(tasks.push_to_calendars, current.pk)
        _emit(current, "interview.cancelled")
        notices.interview_told(current, "interview_cancelled", by=by)
    interview.refresh_from_db()
    return current


OPEN_STATUSES = (Status.PLANNED, Status.PROPOSED, Status.SCHEDULED)


def interviews_call_off(
    *,
    interviews,
    by: User | None,
    reason: str,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> list[Interview]:
    """Cancel those of `interviews` (a queryset) that are still open and have not started.

    A booked one sends everyone its METHOD:CANCEL (same UID, SEQUENCE raised) once the
    transaction commits, and leaves "Upcoming"; one not booked yet revokes its self-scheduling
    link. An interview under way or past is left alone (its scorecards are still owed). Runs in
    the caller's transaction, so the interviews are called off exactly when the change that
    calls them off commits.
    """
    now = now or timezone.now()
    future = (
        interviews.filter(status__in=OPEN_STATUSES)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))
        .order_by("pk")
    )
    called_off = []
    for interview in future:
        try:
            called_off.append(
                interview_cancel(
                    interview=interview,
                    by=by,
                    reason=reason,
                    request=request,
                    actor_label="" if by else "Outhire (the application or the job closed)",
                )
            )
        except ValidationError:
            continue  # closed meanwhile by someone else: nothing left to call off
    return called_off


def on_application_closed(sender, application, by=None, request=None, **kwargs) -> None:
    """Receiver of pipeline.signals.application_closed: a hire, rejection or withdrawal calls
    off the candidate's interviews for this requisition that have not started."""
    reasons = {
        Application.Status.HIRED: "The candidate was hired.",
        Application.Status.REJECTED: "The application was rejected.",
        Application.Status.WITHDRAWN: "The candidate withdrew.",
    }
    # The person closing it may see only the interviews they sit on (a hiring manager in the
    # portal): every interview of the application is called off, so the client's are read.
    with client_scope(application.client_id):
        interviews_call_off(
            interviews=Interview.objects.filter(application_id=application.pk),
            by=by,
            reason=reasons.get(application.status, "The application was closed."),
            request=request,
        )


def on_requisition_stopped(sender, requisition, by=None, request=None, **kwargs) -> None:
    """Receiver of requisitions.signals.requisition_stopped: a requisition put on hold or
    cancelled calls off every one of its interviews that has not started."""
    held = requisition.status == Requisition.Status.ON_HOLD
    with client_scope(requisition.client_id):
        interviews_call_off(
            interviews=Interview.objects.filter(application__requisition_id=requisition.pk),
            by=by,
            reason="The job was put on hold." if held else "The job was cancelled.",
            request=request,
        )


def interview_complete(
    *, interview: Interview, by: User, request: HttpRequest | None = None
) -> Interview:
    if interview.status != Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled interview can be marked as held."))
    interview.status = Status.COMPLETED
    interview.updated_at = timezone.now()
    interview.save(update_fields=["status", "updated_at"])
    audit.record("interview.completed", actor=by, request=request, obj=interview)
    return interview


# --- The self-scheduling link -------------------------------------------------------------------


def link_token(interview: Interview) -> str:
    """The secret of the candidate's link: signed, expiring, naming no person."""
    return signing.dumps({"i": interview.pk, "n": interview.link_nonce}, salt=LINK_SALT)


def interview_from_token(token: str) -> Interview | None:
    """The interview a link names, if its signature holds, it is not expired nor revoked."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    interview = (
        Interview.objects.select_related("application__requisition", "client")
        .filter(pk=data.get("i"))
        .first()
    )
    if interview is None or interview.link_nonce != data.get("n"):
        return None
    return interview


def interview_send_link(
    *, interview: Interview, by: User, request: HttpRequest | None = None
) -> Interview:
    """E-mail the candidate their self-scheduling link; a booked interview keeps its time."""
    if not interview.is_open:
        raise ValidationError(_("This interview is closed."))
    if not interview.application.candidate.email:
        raise ValidationError(_("The candidate has no e-mail address."))
    if interview.status == Status.PLANNED:
        interview.status = Status.PROPOSED
    interview.link_sent_at = timezone.now()
    interview.save(update_fields=["status", "link_sent_at"])
    audit.record("interview.link_sent", actor=by, request=request, obj=interview)
    from outhire.interviews import tasks

    enqueue(tasks.send_booking_link, interview.pk)
    return interview


# --- Scorecards ---------------------------------------------------------------------------------


def in_sentence(label) -> str:
    """A status label inside a sentence: its first letter in lower case ("Scheduled" ->
    "scheduled"; a German label keeps its nouns' capitals)."""
    text = str(label)
    return text[:1].lower() + text[1:]


TOO_EARLY = gettext_lazy(
    "The interview has not started yet: your scorecard can be submitted once it has begun."
)


def scorecard_is_open(interview: Interview, *, now: datetime | None = None) -> bool:
    """Feedback is on what happened: a scorecard opens when its interview starts."""
    now = now or timezone.now()
    return interview.starts_at is not None and interview.starts_at <= now


def scorecard_submit(
    *,
    scorecard: Scorecard,
    ratings: dict[int, tuple[int, str]],
    recommendation: str,
    notes: str,
    by: User,
    request: HttpRequest | None = None,
) -> Scorecard:
    """Submit `by`'s own scorecard: a 1-4 rating per competency of the kit, and a verdict.

    Once submitted it is final (others may have read theirs against it). Refused before
    the interview starts (`TOO_EARLY`, code "too_early").
    """
    if scorecard.interviewer_id != by.pk:
        raise ValidationError(_("Only the interviewer may submit their scorecard."))
    if scorecard.submitted_at is not None:
        raise ValidationError(_("This scorecard was already submitted."))
    if scorecard.interview.status == Status.CANCELLED:
        raise ValidationError(_("This interview was cancelled."))
    if not scorecard_is_open(scorecard.interview):
        raise ValidationError(TOO_EARLY, code="too_early")
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose an overall recommendation.")})
    competencies = kit_competencies(scorecard.interview)
    known = {c.pk for c in competencies}
    errors = {}
    if set(ratings) - known:
        errors["ratings"] = _("Rate only the competencies of this interview's kit.")
    elif known - set(ratings):
        errors["ratings"] = _("Rate every competency of the kit.")
    elif any(not 1 <= score <= 4 for score, _note in ratings.values()):
        errors["ratings"] = _("Ratings go from 1 to 4.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if locked.submitted_at is not None:
            raise ValidationError(_("This scorecard was already submitted."))
        Rating.objects.bulk_create(
            Rating(
                client_id=scorecard.client_id,
                scorecard=scorecard,
                competency_id=pk,
                score=score,
                note=note,
            )
            for pk, (score, note) in ratings.items()
        )
        scorecard.recommendation = recommendation
        scorecard.notes = notes
        scorecard.submitted_at = timezone.now()
        scorecard.save(update_fields=["recommendation", "notes", "submitted_at"])
        audit.record(
            "scorecard.submitted",
            actor=by,
            request=request,
            obj=scorecard.interview,
            changes={"scorecard": scorecard.pk, "recommendation": recommendation},
        )
        event_emit(
            client=scorecard.client_id,
            event="scorecard.submitted",
            payload=lambda: scorecard_payload(scorecard),
        )
        notices.scorecard_submitted(scorecard)
    return scorecard


def scorecard_payload(scorecard: Scorecard) -> dict:
    """A submitted scorecard for webhooks: the ratings by competency and the recommendation."""
    interview = scorecard.interview
    return {
        "id": scorecard.pk,
        "interview": interview.pk,
        "application": interview.application_id,
        "interviewer": {
            "name": scorecard.interviewer.full_name,
            "email": scorecard.interviewer.email,
        },
        "recommendation": scorecard.recommendation,
        "ratings": [
            {"competency": r.competency.name, "score": r.score, "note": r.note}
            for r in scorecard.ratings.select_related("competency")
        ],
        "notes": scorecard.notes,
        "submitted_at": scorecard.submitted_at,
    }


def kit_competencies(interview: Interview) -> list[Competency]:
    """The competencies to rate: the plan's focus, else all of the requisition's."""
    if interview.plan_id is not None:
        chosen = list(interview.plan.competencies.all())
        if chosen:
            return chosen
    return list(Competency.objects.filter(requisition_id=interview.application.requisition_id))


def may_read_scorecards(access, interview: Interview) -> bool:
    """Whether others' scorecards of this interview may be shown to this person.

    An interviewer sees the others' only after submitting their own, so no one anchors on a
    colleague's verdict. Provider staff and client users who do not sit on the interview see
    them if they may see the interview's application at all (checked by the caller).
    """
    if not access.is_authenticated:
        return False
    own = [s for s in interview.scorecards.all() if s.interviewer_id == access.user.pk]
    if own:
        return own[0].submitted_at is not None
    return True


# --- Availability -------------------------------------------------------------------------------


def availability_save(*, user: User, fields: dict, request: HttpRequest | None = None):
    availability = availability_of(user)
    if not slots.is_time_zone(fields.get("time_zone", availability.time_zone)):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    url_changed = fields.get("calendar_url", availability.calendar_url) != (
        availability.calendar_url
    )
    for name, value in fields.items():
        setattr(availability, name, value)
    if url_changed:
        availability.calendar_error = availability.calendar_warning = ""
        availability.calendar_fetched_at = None
    availability.full_clean()
    availability.save()
    if url_changed:
        BusyTime.objects.filter(user=user, source=BusyTime.Source.URL).delete()
        if availability.calendar_url:
            from outhire.interviews import tasks

            enqueue(tasks.fetch_calendar, availability.pk)
    return availability


def busy_add(*, user: User, starts_at: datetime, ends_at: datetime, note: str = "") -> BusyTime:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    busy = BusyTime(user=user, starts_at=starts_at, ends_at=ends_at, note=note)
    busy.full_clean()
    busy.save()
    return busy


def busy_replace(*, user: User, source: str, intervals: list[slots.Interval]) -> int:
    """Replace the busy times that came from `source` with `intervals`."""
    with transaction.atomic():
        BusyTime.objects.filter(user=user, source=source).delete()
        BusyTime.objects.bulk_create(
            BusyTime(user=user, starts_at=i.start, ends_at=i.end, source=source) for i in intervals
        )
    return len(intervals)


def upcoming_for(user: User):
    """Scheduled interviews this person sits on (for reminders and their calendar)."""
    return Interview.objects.filter(
        Q(status=Status.SCHEDULED),
        pk__in=Scorecard.objects.filter(interviewer=user).values("interview_id"),
    )
