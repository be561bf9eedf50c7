"""Who hears of an interview booked, moved or cancelled, and of a scorecard submitted
(docs/work.md).

Called once by the service where the event happens, inside its transaction. Texts name the
interview and the requisition, never the candidate: they also go out by e-mail. Provider staff
are sent to the interview's page, the client's interviewers to their scorecard (the staff
pages are not theirs).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import User
from outhire.accounts.notifications import notify
from outhire.interviews.models import Interview, Scorecard
from outhire.requisitions.notices import requisition_staff


def _tell(interview: Interview, people, *, kind: str, text: str, by: User | None) -> None:
    staff = [u for u in people if u is not None and u.is_provider_staff]
    others = [u for u in people if u is not None and not u.is_provider_staff]
    for group, url in (
        (staff, reverse("interviews:interview_detail", args=[interview.pk])),
        (others, reverse("interviews:scorecard", args=[interview.pk])),
    ):
        notify(group, kind=kind, text=text, url=url, client=interview.client, skip=by)


def _what(interview: Interview) -> str:
    return f"“{interview.title}” for “{interview.application.requisition.title}”"


def interview_told(interview: Interview, kind: str, *, by: User | None) -> None:
    """Booked, moved or cancelled: whoever set it up and the requisition's staff. Not the
    interviewers, whose calendar invitation (or its cancellation) says it already. `by` is
    None when the candidate acted through their link."""
    interviewers = set(interview.scorecards.values_list("interviewer_id", flat=True))
    people = [
        user
        for user in [interview.created_by, *requisition_staff(interview.application.requisition)]
        if user is not None and user.pk not in interviewers
    ]
    when = ""
    if interview.starts_at is not None and kind != "interview_cancelled":
        when = f", {timezone.localtime(interview.starts_at):%a %d %b %H:%M}"
    verb = {
        "interview_booked": "Interview booked",
        "interview_moved": "Interview moved",
        "interview_cancelled": "Interview cancelled",
    }[kind]
    # A booking without `by` is the candidate's, through their link (a cancellation without
    # one may also be the system's, so it names no one).
    actor = " by the candidate" if by is None and kind != "interview_cancelled" else ""
    _tell(interview, people, kind=kind, text=f"{verb}{actor}: {_what(interview)}{when}", by=by)


def scorecard_submitted(scorecard: Scorecard) -> None:
    """A scorecard is in: the requisition's staff, whoever set the interview up, and the
    hiring manager (who reads the others' scorecards once their own is in, if they sat on it)."""
    interview = scorecard.interview
    requisition = interview.application.requisition
    interviewer = scorecard.interviewer
    people = [interview.created_by, *requisition_staff(requisition), requisition.hiring_manager]
    _tell(
        interview,
        people,
        kind="scorecard_submitted",
        text=f"Scorecard in from {interviewer.full_name or interviewer.email}: {_what(interview)}",
        by=interviewer,
    )
