"""Who hears of an interview booked, moved or cancelled, and of a scorecard submitted
(docs/work.md).

Called once by the service where the event happens, inside its transaction. Texts name the
interview and the requisition, never the candidate: they also go out by e-mail. Provider staff
are sent to the interview's page, the client's interviewers to their scorecard (the staff
pages are not theirs).
"""

from __future__ import annotations

from collections.abc import Callable

from babel import dates as babel_dates
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.models import User
from outhire.accounts.notifications import notify
from outhire.interviews.models import Interview, Scorecard
from outhire.lib.formatting import babel_locale
from outhire.lib.i18n import user_language
from outhire.requisitions.notices import requisition_staff

VERBS = {
    "interview_booked": gettext_lazy("Interview booked"),
    "interview_moved": gettext_lazy("Interview moved"),
    "interview_cancelled": gettext_lazy("Interview cancelled"),
}


def _tell(
    interview: Interview, people, *, kind: str, text: Callable[[], str], by: User | None
) -> None:
    """`text()` is called once per language of `people`, each told in their own."""
    staff = [u for u in people if u is not None and u.is_provider_staff]
    others = [u for u in people if u is not None and not u.is_provider_staff]
    for group, url in (
        (staff, reverse("interviews:interview_detail", args=[interview.pk])),
        (others, reverse("interviews:scorecard", args=[interview.pk])),
    ):
        by_language: dict[str, list[User]] = {}
        for user in group:
            by_language.setdefault(user_language(user), []).append(user)
        for language, readers in by_language.items():
            with translation.override(language):
                said = text()
            notify(readers, kind=kind, text=said, url=url, client=interview.client, skip=by)


def _what(interview: Interview) -> str:
    return _("“%(interview)s” for “%(job)s”") % {
        "interview": interview.title,
        "job": interview.application.requisition.title,
    }


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
    # A booking without `by` is the candidate's, through their link (a cancellation without
    # one may also be the system's, so it names no one).
    by_candidate = by is None and kind != "interview_cancelled"

    def text() -> str:
        said = {"verb": VERBS[kind], "what": _what(interview)}
        line = (
            _("%(verb)s by the candidate: %(what)s") % said
            if by_candidate
            else _("%(verb)s: %(what)s") % said
        )
        if interview.starts_at is not None and kind != "interview_cancelled":
            # "Mon 07 Dec 14:00", in the reader's language.
            line += ", " + babel_dates.format_datetime(
                timezone.localtime(interview.starts_at).replace(tzinfo=None),
                "EEE dd MMM HH:mm",
                locale=babel_locale(),
            )
        return line

    _tell(interview, people, kind=kind, text=text, by=by)


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
        text=lambda: (
            _("Scorecard in from %(name)s: %(what)s")
            % {"name": interviewer.full_name or interviewer.email, "what": _what(interview)}
        ),
        by=interviewer,
    )
