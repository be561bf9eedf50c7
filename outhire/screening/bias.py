"""Bias audit statistics in the manner of NYC Local Law 144 (pure Python, aggregates only).

Sources: NYC Local Law 144 of 2021 and the Department of Consumer and Worker Protection's rules
(6 RCNY §5-300 ff., adopted 2023): definitions of *selection rate*, *scoring rate*, *impact
ratio*, the categories (sex, race/ethnicity and their intersections), the reporting of individuals
of unknown category, and the option to exclude from the impact ratios a category that is less than
2% of the data, provided it is listed. The four-fifths flag comes from the EEOC's Uniform
Guidelines on Employee Selection Procedures (29 CFR §1607.4(D)): an impact ratio below 0.8 is
generally regarded as evidence of adverse impact.

- selection rate of a category = selected / assessed in that category;
- scoring rate of a category = share of its individuals whose score is above the median score of
  the whole sample (everyone assessed, unknown categories included);
- impact ratio = the category's rate / the highest rate among the categories compared.

Inputs are one record per person, but only aggregates come out: never anything per person.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

SEXES = ("Male", "Female")
RACES = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Pacific Islander",
    "Asian",
    "Native American or Alaska Native",
    "Two or more races",
)
DIMENSIONS = ("sex", "race", "intersection")
EXCLUSION_SHARE = 0.02
FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class Record:
    """One assessed person: self-identified categories (None when not given) and the outcome."""

    sex: str | None
    race: str | None
    selected: bool = False
    score: float | None = None


@dataclass(frozen=True)
class GroupStats:
    category: str
    count: int
    favourable: int  # selected, or scored above the median
    rate: float | None
    impact_ratio: float | None  # None for an excluded category
    excluded: bool  # under 2% of the data, left out of the impact ratios

    @property
    def below_four_fifths(self) -> bool:
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS


@dataclass(frozen=True)
class AuditTable:
    dimension: str  # "sex", "race" or "intersection"
    measure: str  # "selection" or "scoring"
    groups: list[GroupStats]
    unknown: int  # people without a category on this dimension, counted apart
    total: int
    median_score: float | None = None

    @property
    def excluded(self) -> list[GroupStats]:
        return [g for g in self.groups if g.excluded]

    @property
    def flagged(self) -> list[GroupStats]:
        return [g for g in self.groups if g.below_four_fifths]


def category_of(record: Record, dimension: str) -> str | None:
    """The record's category on `dimension`, or None when it is unknown there."""
    if dimension == "sex":
        return record.sex or None
    if dimension == "race":
        return record.race or None
    if dimension == "intersection":
        if not record.sex or not record.race:
            return None
        return f"{record.sex} · {record.race}"
    raise ValueError(f"Unknown dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}.")


def categories(dimension: str) -> list[str]:
    """Every category of a dimension, in the order the report lists them."""
    if dimension == "sex":
        return list(SEXES)
    if dimension == "race":
        return list(RACES)
    return [f"{sex} · {race}" for sex in SEXES for race in RACES]


def selection_audit(records: Iterable[Record], dimension: str) -> AuditTable:
    """Selection rates and impact ratios for one stage decision (selected or not)."""
    records = list(records)
    return _table(records, dimension, "selection", lambda r: r.selected, None)


def scoring_audit(records: Iterable[Record], dimension: str) -> AuditTable:
    """Scoring rates (share above the sample's median) and impact ratios for scores.

    People without a score are not part of the sample.
    """
    scored = [r for r in records if r.score is not None]
    if not scored:
        return AuditTable(dimension, "scoring", _empty_groups(dimension), 0, 0, None)
    median = statistics.median(r.score for r in scored)
    return _table(scored, dimension, "scoring", lambda r: r.score > median, median)


def _empty_groups(dimension: str) -> list[GroupStats]:
    return [GroupStats(c, 0, 0, None, None, False) for c in categories(dimension)]


def _table(records, dimension, measure, favourable, median) -> AuditTable:
    known: dict[str, list[Record]] = {c: [] for c in categories(dimension)}
    unknown = 0
    for record in records:
        category = category_of(record, dimension)
        if category is None:
            unknown += 1
        else:
            known.setdefault(category, []).append(record)
    total = len(records)
    counted = []
    for category, members in known.items():
        count = len(members)
        good = sum(1 for r in members if favourable(r))
        rate = good / count if count else None
        # The 2% rule is read against everyone assessed, unknown categories included.
        excluded = count > 0 and total > 0 and count / total < EXCLUSION_SHARE
        counted.append((category, count, good, rate, excluded))
    compared = [rate for _, count, _, rate, excluded in counted if count and not excluded]
    best = max(compared, default=None)
    groups = [
        GroupStats(
            category=category,
            count=count,
            favourable=good,
            rate=rate,
            impact_ratio=(rate / best if rate is not None and not excluded and best else None),
            excluded=excluded,
        )
        for category, count, good, rate, excluded in counted
    ]
    return AuditTable(dimension, measure, groups, unknown, total, median)
