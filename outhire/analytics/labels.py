"""What each measure, stage kind, source and section is called for people, and its unit.

The one place for the words of the dashboards and the monthly report: the report page, its
PDF and its CSV headers all read them here, so no internal key (`time_to_fill_days`,
`careers_site`, `first_shortlist:share_met`) reaches a client. The JSON API and
`outhire kpi-report --format json` keep the keys, for programs, with these labels beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.lib import formatting as fmt


class Unit(StrEnum):
    DAYS = "days"
    HOURS = "hours"
    MONEY = "money"
    PERCENT = "percent"
    # A Net Promoter Score: -100 to 100, no unit.
    SCORE = "score"
    RATING = "rating of 5"
    INDEX = "score of 100"
    COUNT = "count"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    unit: Unit


MEASURES = {
    m.key: m
    for m in (
        Measure("time_to_fill_days", gettext_lazy("Time to fill"), Unit.DAYS),
        Measure("time_to_hire_days", gettext_lazy("Time to hire"), Unit.DAYS),
        Measure("time_to_first_shortlist_days", gettext_lazy("Time to first shortlist"), Unit.DAYS),
        Measure("cost_per_hire", gettext_lazy("Cost per hire"), Unit.MONEY),
        Measure("offer_acceptance_pct", gettext_lazy("Offer acceptance"), Unit.PERCENT),
        Measure("quality_of_hire", gettext_lazy("Quality of hire"), Unit.INDEX),
        Measure("retention_90_days_pct", gettext_lazy("Retention at 90 days"), Unit.PERCENT),
        Measure("retention_1_year_pct", gettext_lazy("Retention at 1 year"), Unit.PERCENT),
        Measure("candidate_nps", gettext_lazy("Candidate NPS"), Unit.SCORE),
        Measure("manager_satisfaction", gettext_lazy("Hiring-manager satisfaction"), Unit.RATING),
        Measure(
            "feedback_turnaround_hours", gettext_lazy("Interview feedback turnaround"), Unit.HOURS
        ),
        Measure("hires", gettext_lazy("Hires"), Unit.COUNT),
    )
}

STAGE_KINDS = {
    "sourced": gettext_lazy("Sourced"),
    "applied": gettext_lazy("Applied"),
    "screen": gettext_lazy("Screening"),
    "submitted": gettext_lazy("Shortlisted"),
    "assessment": gettext_lazy("Assessment"),
    "interview": gettext_lazy("Interview"),
    "offer": gettext_lazy("Offer"),
    "hired": gettext_lazy("Hired"),
}

# The sources an application records (the candidate's own list, and a blank one).
SOURCES = {
    "careers_site": gettext_lazy("Careers site"),
    "job_board": gettext_lazy("Job boards"),
    "referral": gettext_lazy("Referrals"),
    "social": gettext_lazy("Social media"),
    "sourced": gettext_lazy("Sourced by a recruiter"),
    "event": gettext_lazy("Events and networking"),
    "agency": gettext_lazy("Agencies"),
    "import": gettext_lazy("Imported from another system"),
    "other": gettext_lazy("Other"),
    "unknown": gettext_lazy("Not recorded"),
}

SECTIONS = {
    "kpi": gettext_lazy("Key indicators"),
    "sla": gettext_lazy("SLA compliance"),
    "breach": gettext_lazy("SLA breaches"),
    "funnel": gettext_lazy("Funnel: applications reaching each stage"),
    "source": gettext_lazy("Sources of applicants"),
    "pipeline": gettext_lazy("Pipeline now: active applications by stage"),
}

# The columns of the report's CSV (each line of the report is one row).
COLUMNS = [
    gettext_lazy("Section"),
    gettext_lazy("Measure"),
    gettext_lazy("Value"),
    gettext_lazy("Previous period"),
    gettext_lazy("SLA target"),
    gettext_lazy("SLA met or note"),
]

# The columns of each section's table on the page and in the PDF: (heading, which of
# COLUMNS it shows). Sources are shown one row per source (`SOURCE_COLUMNS`).
SECTION_COLUMNS = {
    "kpi": [
        (gettext_lazy("Measure"), 1),
        (gettext_lazy("This period"), 2),
        (gettext_lazy("Previous period"), 3),
        (gettext_lazy("SLA target"), 4),
        (gettext_lazy("Met"), 5),
    ],
    "sla": [
        (gettext_lazy("Measure"), 1),
        (gettext_lazy("Share within target"), 2),
        (gettext_lazy("Target"), 4),
        (gettext_lazy("Within target"), 5),
    ],
    "breach": [
        (gettext_lazy("Requisition and measure"), 1),
        (gettext_lazy("Took"), 2),
        (gettext_lazy("Target"), 4),
        (gettext_lazy("Missed by"), 5),
    ],
    "funnel": [
        (gettext_lazy("Stage"), 1),
        (gettext_lazy("Applications"), 2),
        (gettext_lazy("Went on to the next stage"), 5),
    ],
    "pipeline": [(gettext_lazy("Stage"), 1), (gettext_lazy("Active applications"), 2)],
}
SOURCE_COLUMNS = [
    gettext_lazy("Source"),
    gettext_lazy("Applicants"),
    gettext_lazy("Hires"),
    gettext_lazy("Share hired"),
]


def measure(key: str) -> Measure:
    return MEASURES[key]


def stage_label(kind: str) -> str:
    return str(STAGE_KINDS.get(kind) or _humane(kind))


def source_label(source: str) -> str:
    return str(SOURCES.get(source) or _humane(source) or SOURCES["unknown"])


def _humane(key: str) -> str:
    """A key nobody named yet, in words at least (`job_fair` -> `Job fair`)."""
    text = key.replace("_", " ").replace(":", " ").strip()
    return text[:1].upper() + text[1:]


def value_text(value, unit: Unit, currency: str = "") -> str:
    """`value` in its unit: `12.6 days`, `€19,610.00`, `85%`, `4.2 out of 5`; "" for None."""
    if value is None:
        return ""
    if unit is Unit.DAYS:
        return fmt.days(value)
    if unit is Unit.HOURS:
        return fmt.hours(value)
    if unit is Unit.MONEY:
        return fmt.money(value, currency)
    if unit is Unit.PERCENT:
        return fmt.percent(value)
    if unit is Unit.RATING:
        return _("%(value)s out of 5") % {"value": fmt.number(value, 1)}
    if unit is Unit.INDEX:
        return _("%(value)s out of 100") % {"value": fmt.number(value, 0)}
    if unit is Unit.SCORE:
        return fmt.number(value, 0)
    return fmt.number(value, 0)


def change_text(change, unit: Unit, currency: str = "") -> str:
    """A difference between two periods in the measure's unit: `up 1.4 days`."""
    if not change:
        return ""
    size = abs(change)
    if unit is Unit.PERCENT:
        # A change of a percentage is in percentage points.
        amount = _("%(number)s points") % {"number": fmt.number(size, 1)}
    elif unit in (Unit.RATING, Unit.INDEX, Unit.SCORE):
        amount = fmt.number(size, 1)
    else:
        amount = value_text(size, unit, currency)
    if change > 0:
        return _("up %(amount)s") % {"amount": amount}
    return _("down %(amount)s") % {"amount": amount}


def target_text(target, unit: Unit, higher_is_better: bool, currency: str = "") -> str:
    """An SLA target in words: `at most 45 days`, `at least 85%`."""
    if target is None:
        return ""
    value = value_text(target, unit, currency)
    if higher_is_better:
        return _("at least %(value)s") % {"value": value}
    return _("at most %(value)s") % {"value": value}
