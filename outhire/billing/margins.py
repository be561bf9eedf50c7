"""Client profitability: revenue, cost and margin per client and engagement. Plain Python.

The provider's view of a client (see docs/billing.md, "Profitability"):

- **revenue** is what the provider invoiced, net of tax: the net totals of the invoices issued
  in the period minus the net totals of the credit notes issued in it, each dated by its own
  issue date (a credit note issued in May for a March invoice lowers May). Drafts never count.
  Tax is not revenue: it is collected for the tax authority.
- **cost** is the recruiting cost entries of the period (voided ones left out) in the
  categories that are the provider's cost of delivering the service, in four groups:
  recruiter time (recruiter and coordinator time), advertising (ads and job boards), tools
  (technology) and other (agency fees, assessments, background checks, travel, other external
  and internal costs). Left out: the RPO fees (they are the provider's own invoiced fees seen
  from the client's side; counting them would count the revenue again as a cost) and what a
  client pays its own people and hires (hiring-manager time, sign-on bonuses, relocation,
  referral awards).
- **margin** = revenue - cost; **margin %** = margin / revenue x 100, rounded to one decimal
  (half up); none when the revenue is zero or less (a percentage of nothing, or of a period
  with more credited than invoiced, means nothing).

Amounts in different currencies are never added together and never converted: every row is
one client (or engagement) in one currency, and the totals are one row per currency. Outhire
records no exchange rates.

A cost belongs to an engagement as a fee does (`outhire.costs.services.engagement_for`): the
engagement of its requisition unless that is a draft, otherwise the client's engagement in
force on the cost's date (the latest started). A cost with neither is the client's, outside
any engagement.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from outhire.lib.pure_i18n import gettext_noop

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")

# The cost groups of the profitability table, in the order the page shows them.
# The labels are English here; the page translates them (billing/templatetags/billing.py).
GROUPS: tuple[tuple[str, str], ...] = (
    ("recruiter_time", gettext_noop("Recruiter time")),
    ("advertising", gettext_noop("Advertising")),
    ("tools", gettext_noop("Tools")),
    ("other", gettext_noop("Other")),
)
GROUP_OF_CATEGORY: dict[str, str] = {
    "recruiter_time": "recruiter_time",
    "coordinator_time": "recruiter_time",
    "advertising": "advertising",
    "technology": "tools",
    "agency_fees": "other",
    "assessments": "other",
    "background_checks": "other",
    "travel": "other",
    "other_external": "other",
    "other_internal": "other",
}
# Recruiting costs that are not the provider's (see the module docstring).
NOT_PROVIDER_COSTS = frozenset(
    {"rpo_fees", "hiring_manager_time", "sign_on_bonus", "relocation", "referral_awards"}
)

PERIOD_KINDS = ("month", "quarter", "year")


# --- Periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year: `start` to `end`, both included."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """In English; pages write it in the reader's language (the `period_label` filter)."""
        if self.kind == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return str(self.start.year)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_of(kind: str, year: int, part: int = 1) -> Period:
    """The month `part` (1-12), the quarter `part` (1-4) or the whole `year` (`part` ignored).

    Raises ValueError for an unknown kind or a part out of range.
    """
    if kind == "year":
        return Period("year", date(year, 1, 1), date(year, 12, 31))
    if kind == "quarter":
        if not 1 <= part <= 4:
            raise ValueError("A quarter is 1 to 4.")
        first = 3 * (part - 1) + 1
        last = first + 2
        return Period(
            "quarter", date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
        )
    if kind == "month":
        if not 1 <= part <= 12:
            raise ValueError("A month is 1 to 12.")
        return Period(
            "month", date(year, part, 1), date(year, part, calendar.monthrange(year, part)[1])
        )
    raise ValueError(f"Unknown period kind {kind!r}: month, quarter or year.")


def period_containing(kind: str, day: date) -> Period:
    """The month, quarter or year `day` falls in."""
    part = {"month": day.month, "quarter": (day.month - 1) // 3 + 1, "year": 1}[kind]
    return period_of(kind, day.year, part)


# --- Facts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """An issued invoice or credit note: its net total (positive) and whether it credits."""

    client_id: int
    engagement_id: int
    currency: str
    issued_on: date
    net: Decimal
    is_credit_note: bool = False


@dataclass(frozen=True)
class Cost:
    """A counted (not voided) cost entry and the engagement it belongs to (None: none)."""

    client_id: int
    engagement_id: int | None
    currency: str
    incurred_on: date
    category: str
    amount: Decimal


@dataclass(frozen=True)
class Contract:
    """What attribution needs of an engagement."""

    id: int
    client_id: int
    starts_on: date
    ends_on: date | None
    is_draft: bool = False


class Attribution:
    """Which engagement a cost belongs to (the rule of `costs.services.engagement_for`): its
    requisition's engagement unless a draft (or another client's), else the client's
    engagement in force on the cost's day, the latest started; None when there is none."""

    def __init__(self, contracts: Iterable[Contract]) -> None:
        self._by_id: dict[int, Contract] = {}
        self._by_client: dict[int, list[Contract]] = {}
        for contract in contracts:
            self._by_id[contract.id] = contract
            if not contract.is_draft:
                self._by_client.setdefault(contract.client_id, []).append(contract)
        for rows in self._by_client.values():
            rows.sort(key=lambda c: (c.starts_on, c.id), reverse=True)

    def engagement_of(
        self, *, client_id: int, requisition_engagement_id: int | None, day: date
    ) -> int | None:
        own = self._by_id.get(requisition_engagement_id) if requisition_engagement_id else None
        if own is not None and own.client_id == client_id and not own.is_draft:
            return own.id
        for contract in self._by_client.get(client_id, []):
            if contract.starts_on <= day and (contract.ends_on is None or contract.ends_on >= day):
                return contract.id
        return None


# --- The table --------------------------------------------------------------------------------


def margin_percent(revenue: Decimal, margin: Decimal) -> Decimal | None:
    """margin / revenue x 100 to one decimal, half up; None when the revenue is 0 or less."""
    if revenue <= 0:
        return None
    return (margin * HUNDRED / revenue).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """Revenue, cost by group and margin of one client or engagement (or all) in one currency."""

    client_id: int | None
    engagement_id: int | None
    currency: str
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    costs: dict[str, Decimal] = field(default_factory=lambda: {g: ZERO for g, _ in GROUPS})

    @property
    def revenue(self) -> Decimal:
        return self.invoiced - self.credited

    @property
    def cost(self) -> Decimal:
        return sum(self.costs.values(), ZERO)

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        return margin_percent(self.revenue, self.margin)

    @property
    def cost_columns(self) -> list[Decimal]:
        return [self.costs[g] for g, _ in GROUPS]

    def add_document(self, document: Document) -> None:
        if document.is_credit_note:
            self.credited += document.net
        else:
            self.invoiced += document.net

    def add_cost(self, group: str, amount: Decimal) -> None:
        self.costs[group] += amount


@dataclass
class Report:
    """The rows of a period: per client, per engagement, and the totals, each per currency.

    Rows are sorted by (client, engagement, currency) ids; the caller orders them by name.
    `excluded` sums, per currency, the cost entries left out as not the provider's.
    """

    period: Period
    clients: list[Row]
    engagements: list[Row]
    totals: list[Row]
    excluded: dict[str, Decimal]


def profitability(period: Period, documents: Iterable[Document], costs: Iterable[Cost]) -> Report:
    """Revenue, cost by group and margin per client, per engagement and in total, per currency.

    Only documents issued and costs incurred within `period` count. A cost in a category that
    is not the provider's goes to `excluded`; a category Outhire does not know counts as other.
    """
    by_engagement: dict[tuple[int, int | None, str], Row] = {}
    excluded: dict[str, Decimal] = {}

    def row(client_id: int, engagement_id: int | None, currency: str) -> Row:
        key = (client_id, engagement_id, currency)
        if key not in by_engagement:
            by_engagement[key] = Row(client_id, engagement_id, currency)
        return by_engagement[key]

    for document in documents:
        if document.issued_on in period:
            row(document.client_id, document.engagement_id, document.currency).add_document(
                document
            )
    for cost in costs:
        if cost.incurred_on not in period:
            continue
        if cost.category in NOT_PROVIDER_COSTS:
            excluded[cost.currency] = excluded.get(cost.currency, ZERO) + cost.amount
            continue
        group = GROUP_OF_CATEGORY.get(cost.category, "other")
        row(cost.client_id, cost.engagement_id, cost.currency).add_cost(group, cost.amount)

    engagements = [by_engagement[k] for k in sorted(by_engagement, key=_sort_key)]
    clients = _roll_up(engagements, lambda r: (r.client_id, None, r.currency))
    totals = _roll_up(engagements, lambda r: (None, None, r.currency))
    return Report(period, clients, engagements, totals, dict(sorted(excluded.items())))


def _sort_key(key: tuple[int | None, int | None, str]) -> tuple:
    client_id, engagement_id, currency = key
    return (client_id or 0, engagement_id is None, engagement_id or 0, currency)


def _roll_up(rows: list[Row], key) -> list[Row]:
    summed: dict[tuple, Row] = {}
    for source in rows:
        k = key(source)
        if k not in summed:
            summed[k] = Row(*k)
        target = summed[k]
        target.invoiced += source.invoiced
        target.credited += source.credited
        for group, amount in source.costs.items():
            target.costs[group] += amount
    return [summed[k] for k in sorted(summed, key=_sort_key)]
