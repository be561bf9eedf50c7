"""Demo costs: job ads per channel, internal time and fees for each demo engagement."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from outhire.candidates.models import source_detail_label
from outhire.costs.models import CostEntry
from outhire.costs.services import cost_entry_add, fee_entries_generate
from outhire.engagements.models import Engagement
from outhire.requisitions.models import Requisition

# Advertising per channel (channel, board, amount a month), bought for each open requisition.
DEMO_ADVERTISING = [
    ("job_board", "indeed", Decimal("450.00")),
    ("job_board", "linkedin", Decimal("795.00")),
    ("social", "facebook", Decimal("180.00")),
    ("careers_site", "provider_board", Decimal("120.00")),
]
# Internal time per requisition: (category, hours, hourly cost)
DEMO_TIME = [
    ("recruiter_time", 22, Decimal("48.00")),
    ("coordinator_time", 6, Decimal("35.00")),
    ("hiring_manager_time", 5, Decimal("85.00")),
]


def seed_costs(*, today=None) -> str:
    """Costs for each demo client with an engagement: ads per channel, time, fees (re-runnable).

    Entries carry a "demo:" reference, so a second run adds nothing. Fee entries come from the
    real generator (monthly management fees since each engagement's start, fees of hires).
    """
    today = today or timezone.localdate()
    added = 0
    engagements = Engagement.objects.filter(name__endswith="RPO programme").select_related("client")
    for engagement in engagements:
        client = engagement.client
        currency = engagement.currency.upper()
        done = set(
            CostEntry.objects.filter(client=client, origin_ref__startswith="demo:").values_list(
                "origin_ref", flat=True
            )
        )
        requisitions = Requisition.objects.filter(client=client, opened_at__isnull=False).order_by(
            "pk"
        )
        for requisition in requisitions:
            opened = timezone.localdate(requisition.opened_at)
            spent_on = min(today, opened + timedelta(days=3))
            # Requisitions differ in effort and in the boards they use, so each client's
            # profitability (docs/billing.md) differs too: some hours more, some boards skipped.
            effort = requisition.pk % 5
            rows = [
                (
                    "advertising",
                    amount,
                    channel,
                    board,
                    f"Job ad on {source_detail_label(board)}",
                    spent_on,
                )
                for channel, board, amount in DEMO_ADVERTISING
            ] + [
                (
                    category,
                    rate * (hours + 4 * effort),
                    "",
                    "",
                    f"{hours + 4 * effort} hours at {rate}/h",
                    today,
                )
                for category, hours, rate in DEMO_TIME
            ]
            rows.append(("assessments", Decimal("65.00"), "", "", "Skills tests", spent_on))
            for n, (category, amount, channel, board, text, day) in enumerate(rows):
                ref = f"demo:{requisition.pk}:{n}"
                if ref in done or (category == "advertising" and (requisition.pk + n) % 3 == 0):
                    continue
                cost_entry_add(
                    client=client,
                    category=category,
                    amount=amount,
                    currency=currency,
                    incurred_on=day,
                    requisition=requisition,
                    channel=channel,
                    channel_detail=board,
                    description=text,
                    origin_ref=ref,
                )
                added += 1
        if f"demo:{client.pk}:technology" not in done:
            cost_entry_add(
                client=client,
                category="technology",
                amount=Decimal("1500.00"),
                currency=currency,
                incurred_on=engagement.starts_on,
                description="Share of the applicant tracking licence",
                origin_ref=f"demo:{client.pk}:technology",
            )
            added += 1
    fees = fee_entries_generate(today=today)
    return (
        f"{added} cost entries added, {fees['monthly']} monthly fees and "
        f"{fees['hires']} hire fees generated"
    )
