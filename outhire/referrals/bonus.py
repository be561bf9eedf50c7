"""Referral bonus eligibility: plain Python, no Django, so the rule is easy to read and test.

A referral bonus is earned once the person referred has been employed for a number of days set
by the client's policy. The clock starts on the first day of employment when it is known (the
offer's start date), otherwise on the day the application was marked hired. Someone who left
before the mark never earns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outhire.lib.formatting import calendar_date

NOT_ELIGIBLE = "not_eligible"
PENDING = "pending"
ELIGIBLE = "eligible"
PAID = "paid"

LABELS = {
    NOT_ELIGIBLE: pgettext_lazy("referral bonus", "Not eligible"),
    PENDING: pgettext_lazy("referral bonus", "Pending"),
    ELIGIBLE: pgettext_lazy("referral bonus", "Eligible"),
    PAID: pgettext_lazy("referral bonus", "Paid"),
}


@dataclass(frozen=True)
class BonusState:
    state: str
    eligible_on: date | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        if self.state == PENDING and self.eligible_on:
            return _("Pending until %(day)s") % {"day": calendar_date(self.eligible_on)}
        return str(LABELS[self.state])


def bonus_state(
    *,
    hired_on: date | None,
    days_required: int | None,
    today: date,
    left_on: date | None = None,
    paid: bool = False,
) -> BonusState:
    """Where a referral stands for its bonus.

    `hired_on` is the first day of employment (None while the person is not hired);
    `days_required` the policy's period (None when the client has no active policy).
    """
    if paid:
        eligible_on = (
            hired_on + timedelta(days=days_required) if hired_on and days_required else None
        )
        return BonusState(PAID, eligible_on)
    if hired_on is None:
        return BonusState(NOT_ELIGIBLE, None, "not hired")
    if days_required is None:
        return BonusState(NOT_ELIGIBLE, None, "no bonus policy")
    eligible_on = hired_on + timedelta(days=days_required)
    if left_on is not None and left_on < eligible_on:
        return BonusState(NOT_ELIGIBLE, eligible_on, "left before the period ended")
    if today < eligible_on:
        return BonusState(PENDING, eligible_on)
    return BonusState(ELIGIBLE, eligible_on)


# The referrer's view of an application: plain words, nothing of the client's own pipeline.
# The constants are the English words (the API's status, lower-cased); people read
# `status_label`, in their language.
RECEIVED = "Received"
IN_REVIEW = "In review"
INTERVIEWING = "Interviewing"
OFFER = "Offer"
HIRED = "Hired"
NOT_SELECTED = "Not selected"

_BY_KIND = {
    "sourced": RECEIVED,
    "applied": RECEIVED,
    "screen": IN_REVIEW,
    "submitted": IN_REVIEW,
    "assessment": IN_REVIEW,
    "interview": INTERVIEWING,
    "offer": OFFER,
    "hired": HIRED,
}


STATUS_LABELS = {
    RECEIVED: pgettext_lazy("referral status", "Received"),
    IN_REVIEW: pgettext_lazy("referral status", "In review"),
    INTERVIEWING: pgettext_lazy("referral status", "Interviewing"),
    OFFER: pgettext_lazy("referral status", "Offer"),
    HIRED: pgettext_lazy("referral status", "Hired"),
    NOT_SELECTED: pgettext_lazy("referral status", "Not selected"),
}


def status_label(status: str) -> str:
    """A `plain_status` in the active language."""
    return str(STATUS_LABELS.get(status, status))


def plain_status(*, stage_kind: str, status: str) -> str:
    """What a referrer is told about a referral, from the stage's kind and the status only."""
    if status == "hired":
        return HIRED
    if status in {"rejected", "withdrawn"}:
        return NOT_SELECTED
    return _BY_KIND.get(stage_kind, IN_REVIEW)
