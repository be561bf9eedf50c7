"""Signals of engagements, so the apps above answer without this one knowing them.

`sla_term_measure` is sent (not after commit: it is a question) with `term`, `start` and `end`
(the days of one period, both included) by billing when it evaluates an SLA-linked fee. The
analytics app answers it with an `SlaMeasure` worked out by the dashboards' own SLA code, so
invoices and dashboards always agree (docs/billing.md). Billing and analytics sit on the same
layer and may not import each other (docs/layers.md); this signal is how they meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.dispatch import Signal

sla_term_measure = Signal()


@dataclass(frozen=True)
class SlaMeasure:
    """How many items an SLA term's measure counted in a period and how many met the target.

    `what` names the items and the target in words ("openings filled within 45 days");
    `share` is met / measured in per cent, None when nothing was measured.
    """

    measured: int
    met: int
    what: str

    @property
    def share(self) -> float | None:
        return None if not self.measured else self.met * 100 / self.measured
