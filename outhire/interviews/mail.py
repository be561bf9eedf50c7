"""The e-mails of interviews: invitations with their .ics, the booking link, reminders, chasers.

Every invitation e-mail carries the iCalendar object as a `text/calendar; method=...` part, so
mail programs offer to add, update or remove the event. The candidate and each interviewer get
their own e-mail (the text differs: the candidate's has their link to reschedule, an
interviewer's the scorecard), but all carry the same UID and SEQUENCE.
"""

from __future__ import annotations

from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.interviews import ics
from outhire.interviews.models import Interview
from outhire.interviews.services import link_token
from outhire.lib.i18n import candidate_language, user_language

# The reminders' "when" (tasks pass the key), in the reader's language.
WHEN = {
    "tomorrow": gettext_lazy("tomorrow"),
    "in an hour": gettext_lazy("in an hour"),
}


def _organizer(interview: Interview) -> ics.Attendee:
    if interview.created_by is not None:
        return ics.Attendee(interview.created_by.email, interview.created_by.full_name)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Attendee(address, name)


def summary(interview: Interview) -> str:
    requisition = interview.application.requisition
    return _("%(interview)s: %(job)s at %(client)s") % {
        "interview": interview.title,
        "job": requisition.title,
        "client": interview.client.name,
    }


def invitation_ics(interview: Interview, *, description: str = "", stamp=None) -> bytes:
    """The interview as it stands now: REQUEST while booked, CANCEL once called off."""
    candidate = interview.application.candidate
    attendees = [ics.Attendee(candidate.email, candidate.full_name)] if candidate.email else []
    attendees += [
        ics.Attendee(s.interviewer.email, s.interviewer.full_name)
        for s in interview.scorecards.all()
    ]
    return ics.invitation(
        method="CANCEL" if interview.status == Interview.Status.CANCELLED else "REQUEST",
        uid=interview.ical_uid,
        sequence=interview.sequence,
        summary=summary(interview),
        description=description,
        start=interview.starts_at,
        end=interview.ends_at,
        stamp=stamp or timezone.now(),
        organizer=_organizer(interview),
        attendees=attendees,
        location=interview.location,
        url=interview.video_url,
    )


def _calendar_part(data: bytes, method: str) -> MIMEText:
    part = MIMEText(data.decode(), "calendar", "utf-8")
    part.set_param("method", method, requote=False)
    part.add_header("Content-Disposition", "attachment", filename="interview.ics")
    return part


def _send(to: str, subject: str, template: str, context: dict, calendar: bytes | None = None):
    """Called inside `translation.override` of the reader's language."""
    body = render_to_string(f"interviews/email/{template}.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if calendar is not None:
        method = "CANCEL" if b"METHOD:CANCEL" in calendar else "REQUEST"
        message.attach(_calendar_part(calendar, method))
    message.send()


def _interview_context(interview: Interview) -> dict:
    return {
        "interview": interview,
        "summary": summary(interview),
        "site_url": settings.SITE_URL,
        "client_name": interview.client.name,
        "job_title": interview.application.requisition.title,
    }


def _zone_of(user, interview: Interview) -> str:
    """An interviewer's zone: their own (account), else their working hours', else the
    interview's."""
    if user.time_zone:
        return user.time_zone
    availability = getattr(user, "availability", None)
    return availability.time_zone if availability is not None else interview.time_zone


def _candidate_zone(interview: Interview) -> str:
    """The candidate's own zone once they chose one (booking page, portal), else the
    interview's."""
    return interview.application.candidate.time_zone or interview.time_zone


def candidate_link(interview: Interview) -> str:
    return settings.SITE_URL + reverse("interviews:schedule", args=[link_token(interview)])


def _invitation_subject(cancelled: bool, summary_text: str) -> str:
    if cancelled:
        return _("Cancelled: %(summary)s") % {"summary": summary_text}
    return _("Interview: %(summary)s") % {"summary": summary_text}


def send_invitations(interview: Interview) -> int:
    """One e-mail with the invitation to the candidate and to each interviewer, each in its
    reader's language (the .ics text too)."""
    cancelled = interview.status == Interview.Status.CANCELLED
    sent = 0
    candidate = interview.application.candidate
    stamp = timezone.now()
    if candidate.email:
        with translation.override(candidate_language(candidate)):
            context = _interview_context(interview)
            link = "" if cancelled else candidate_link(interview)
            description = _("Reschedule or cancel: %(link)s") % {"link": link} if link else ""
            _send(
                candidate.email,
                _invitation_subject(cancelled, context["summary"]),
                "candidate_cancelled" if cancelled else "candidate_invitation",
                {
                    **context,
                    "link": link,
                    "first_name": candidate.first_name,
                    "tz": _candidate_zone(interview),
                },
                invitation_ics(interview, description=description, stamp=stamp),
            )
        sent += 1
    scorecard_url = settings.SITE_URL + reverse("interviews:scorecard", args=[interview.pk])
    for scorecard in interview.scorecards.all():
        with translation.override(user_language(scorecard.interviewer)):
            context = _interview_context(interview)
            _send(
                scorecard.interviewer.email,
                _invitation_subject(cancelled, context["summary"]),
                "interviewer_invitation",
                {
                    **context,
                    "cancelled": cancelled,
                    "scorecard_url": scorecard_url,
                    "tz": _zone_of(scorecard.interviewer, interview),
                },
                invitation_ics(
                    interview,
                    description=_("Kit and scorecard: %(link)s") % {"link": scorecard_url},
                    stamp=stamp,
                ),
            )
        sent += 1
    return sent


def send_booking_link(interview: Interview) -> bool:
    candidate = interview.application.candidate
    if not candidate.email:
        return False
    with translation.override(candidate_language(candidate)):
        context = _interview_context(interview)
        _send(
            candidate.email,
            _("Choose a time for your interview with %(client)s")
            % {"client": interview.client.name},
            "booking_link",
            {**context, "link": candidate_link(interview), "first_name": candidate.first_name},
        )
    return True


def send_reminder(interview: Interview, *, when: str) -> int:
    """`when` is a key of WHEN ("tomorrow", "in an hour"), said in each reader's language."""
    sent = 0
    candidate = interview.application.candidate
    if candidate.email:
        with translation.override(candidate_language(candidate)):
            said = str(WHEN.get(when, when))
            _send(
                candidate.email,
                _("Reminder: your interview %(when)s") % {"when": said},
                "reminder",
                {
                    **_interview_context(interview),
                    "when": said,
                    "link": candidate_link(interview),
                    "first_name": candidate.first_name,
                    "tz": _candidate_zone(interview),
                },
            )
        sent += 1
    for scorecard in interview.scorecards.all():
        with translation.override(user_language(scorecard.interviewer)):
            said = str(WHEN.get(when, when))
            _send(
                scorecard.interviewer.email,
                _("Reminder: interview %(when)s") % {"when": said},
                "reminder",
                {
                    **_interview_context(interview),
                    "when": said,
                    "link": settings.SITE_URL + reverse("interviews:my_interviews"),
                    "tz": _zone_of(scorecard.interviewer, interview),
                },
            )
        sent += 1
    return sent


def send_chaser(scorecard) -> None:
    interview = scorecard.interview
    with translation.override(user_language(scorecard.interviewer)):
        _send(
            scorecard.interviewer.email,
            _("Feedback overdue: %(summary)s") % {"summary": summary(interview)},
            "chaser",
            {
                **_interview_context(interview),
                "scorecard": scorecard,
                "tz": _zone_of(scorecard.interviewer, interview),
                "link": settings.SITE_URL + reverse("interviews:scorecard", args=[interview.pk]),
            },
        )
