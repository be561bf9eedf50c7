"""The measure of an engagement's SLA-linked fee term, from the dashboards' own SLA code.

Billing asks through `engagements.signals.sla_term_measure` (the two apps may not import each
other); the answer is what the client dashboard's SLA table and tiles show for the same client
and days: `dashboard.sla_compliance` for the fill and shortlist targets, the KPI tiles' offer
acceptance rate.
"""

from __future__ import annotations

from datetime import date, timedelta

from outhire.analytics import dashboard
from outhire.analytics.metrics import Scope, kpis_from_aggregates
from outhire.engagements.signals import SlaMeasure


def sla_term_measure(term, start: date, end: date) -> SlaMeasure:
    """`term`'s measure for the days `start` to `end` (both included) of its engagement's client."""
    engagement = term.engagement
    scope = Scope((engagement.client_id,), start, end + timedelta(days=1))
    if term.metric in {"fill", "shortlist"}:
        result = dashboard.sla_compliance(scope, engagement)[term.metric]
        if term.metric == "fill":
            what = f"openings filled within {engagement.sla_days_to_fill} days of approval"
        else:
            what = (
                "requisitions first shortlisted within "
                f"{engagement.sla_days_to_first_shortlist} days of approval"
            )
        if result is None:
            return SlaMeasure(0, 0, what)
        return SlaMeasure(result.measured, result.met, what)
    if term.metric == "offer_acceptance_pct":
        rate = kpis_from_aggregates(scope).offer_acceptance
        if rate is None:
            return SlaMeasure(0, 0, "offers accepted")
        return SlaMeasure(rate.whole, rate.part, "offers accepted")
    raise ValueError(f"Unknown SLA term metric {term.metric!r}.")


def on_sla_term_measure(sender, term, start: date, end: date, **kwargs) -> SlaMeasure:
    """Receiver of engagements.signals.sla_term_measure."""
    return sla_term_measure(term, start, end)
