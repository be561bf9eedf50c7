"""What a candidate reads about an application: its stage in plain words and what comes next.

Every client names its own stages ("Phone screen", "Panel"); the portal speaks of the fixed
kind behind each stage, so the words are the same for every client and say nothing of the
hiring team's internal labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Wording:
    status: str | Promise
    next_step: str | Promise


BY_KIND = {
    "applied": Wording(
        _("Application received"),
        _("A recruiter reads every application. We will write to you about the next steps."),
    ),
    "screen": Wording(
        _("A recruiter is reviewing your application"),
        _("If your experience fits, a recruiter may call you for a short conversation."),
    ),
    "submitted": Wording(
        _("With the hiring team"),
        _(
            "The hiring team is looking at your profile. We will tell you if they would like to "
            "meet you."
        ),
    ),
    "assessment": Wording(
        _("Assessment"),
        _("Please complete the assessment we sent you. A person reviews the answers."),
    ),
    "interview": Wording(
        _("Interviews"),
        _(
            "Book or attend your interviews below. After them, the hiring team decides and we "
            "tell you."
        ),
    ),
    "offer": Wording(
        _("Offer"),
        _("Read the offer and answer it before it expires. Questions? Reply to the offer e-mail."),
    ),
    "hired": Wording(
        _("Hired"),
        _("Congratulations! Your new team will be in touch about your first day."),
    ),
}
CLOSED = {
    "rejected": Wording(
        _("Closed"),
        _(
            "This application is closed: the hiring team chose not to go further. Thank you for "
            "your interest; you are welcome to apply for other jobs."
        ),
    ),
    "withdrawn": Wording(
        _("Withdrawn"),
        _("This application was withdrawn. Nothing more will happen with it."),
    ),
}
UNKNOWN = Wording(
    _("In progress"),
    _("We will write to you about the next steps."),
)


def wording_for(*, status: str, stage_kind: str) -> Wording:
    if status in CLOSED:
        return CLOSED[status]
    if status == "hired":
        return BY_KIND["hired"]
    return BY_KIND.get(stage_kind, UNKNOWN)
