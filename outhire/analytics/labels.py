"""What each measure, stage kind, source and section is called for people, and its unit.

The one place for the words of the dashboards and the monthly report: the report page, its
PDF and its CSV headers all read them here, so no internal key (`time_to_fill_days`,
`careers_site`, `first_shortlist:share_met`) reaches a client. The JSON API and
`outhire kpi-report --format json` keep the keys, for programs, with these labels beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
    label: str
    unit: Unit


MEASURES = {
    m.key: m
    for m in (
        Measure("time_to_fill_days", "Time to fill", Unit.DAYS),
        Measure("time_to_hire_days", "Time to hire", Unit.DAYS),
        Measure("time_to_first_shortlist_days", "Time to first shortlist", Unit.DAYS),
        Measure("cost_per_hire", "Cost per hire", Unit.MONEY),
        Measure("offer_acceptance_pct", "Offer acceptance", Unit.PERCENT),
        Measure("quality_of_hire", "Quality of hire", Unit.INDEX),
        Measure("retention_90_days_pct", "Retention at 90 days", Unit.PERCENT),
        Measure("retention_1_year_pct", "Retention at 1 year", Unit.PERCENT),
        Measure("candidate_nps", "Candidate NPS", Unit.SCORE),
        Measure("manager_satisfaction", "Hiring-manager satisfaction", Unit.RATING),
        Measure("feedback_turnaround_hours", "Interview feedback turnaround", Unit.HOURS),
        Measure("hires", "Hires", Unit.COUNT),
    )
}

STAGE_KINDS = {
    "sourced": "Sourced",
    "applied": "Applied",
    "screen": "Screening",
    "submitted": "Shortlisted",
    "assessment": "Assessment",
    "interview": "Interview",
    "offer": "Offer",
    "hired": "Hired",
}

# The sources an application records (the candidate's own list, and a blank one).
SOURCES = {
    "careers_site": "Careers site",
    "job_board": "Job boards",
    "referral": "Referrals",
    "social": "Social media",
    "sourced": "Sourced by a recruiter",
    "event": "Events and networking",
    "agency": "Agencies",
    "import": "Imported from another system",
    "other": "Other",
    "unknown": "Not recorded",
}

SECTIONS = {
    "kpi": "Key indicators",
    "sla": "SLA compliance",
    "breach": "SLA breaches",
    "funnel": "Funnel: applications reaching each stage",
    "source": "Sources of applicants",
    "pipeline": "Pipeline now: active applications by stage",
}

# The columns of the report's CSV (each line of the report is one row).
COLUMNS = ["Section", "Measure", "Value", "Previous period", "SLA target", "SLA met or note"]

# The columns of each section's table on the page and in the PDF: (heading, which of
# COLUMNS it shows). Sources are shown one row per source (`SOURCE_COLUMNS`).
SECTION_COLUMNS = {
    "kpi": [
        ("Measure", 1),
        ("This period", 2),
        ("Previous period", 3),
        ("SLA target", 4),
        ("Met", 5),
    ],
    "sla": [("Measure", 1), ("Share within target", 2), ("Target", 4), ("Within target", 5)],
    "breach": [("Requisition and measure", 1), ("Took", 2), ("Target", 4), ("Missed by", 5)],
    "funnel": [("Stage", 1), ("Applications", 2), ("Went on to the next stage", 5)],
    "pipeline": [("Stage", 1), ("Active applications", 2)],
}
SOURCE_COLUMNS = ["Source", "Applicants", "Hires", "Share hired"]


def measure(key: str) -> Measure:
    return MEASURES[key]


def stage_label(kind: str) -> str:
    return STAGE_KINDS.get(kind) or _humane(kind)


def source_label(source: str) -> str:
    return SOURCES.get(source) or _humane(source) or SOURCES["unknown"]


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
        return f"{fmt.number(value, 1)} out of 5"
    if unit is Unit.INDEX:
        return f"{fmt.number(value, 0)} out of 100"
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
        amount = f"{fmt.number(size, 1)} points"
    elif unit in (Unit.RATING, Unit.INDEX, Unit.SCORE):
        amount = fmt.number(size, 1)
    else:
        amount = value_text(size, unit, currency)
    return f"{'up' if change > 0 else 'down'} {amount}"


def target_text(target, unit: Unit, higher_is_better: bool, currency: str = "") -> str:
    """An SLA target in words: `at most 45 days`, `at least 85%`."""
    if target is None:
        return ""
    return f"{'at least' if higher_is_better else 'at most'} {value_text(target, unit, currency)}"
