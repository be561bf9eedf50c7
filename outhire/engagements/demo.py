"""Demo intake templates (one provider-wide template per job family) and costs; safe to re-run."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from outhire.engagements.models import IntakeTemplate, JobFamily

TEMPLATES = {
    JobFamily.ENTRY: {
        "competencies": ["Reliability", "Teamwork", "Willingness to learn"],
        "interview_plan": "Phone screen; one interview with the team lead.",
        "sourcing_channels": ["Job boards", "Schools and colleges", "Referrals"],
        "questions": ["Which shifts must be covered?", "Is a driving licence needed?"],
    },
    JobFamily.PROFESSIONAL: {
        "competencies": ["Ownership", "Communication", "Problem solving"],
        "interview_plan": "Phone screen; competency interview; case exercise.",
        "sourcing_channels": ["LinkedIn", "Job boards", "Referrals"],
        "questions": ["What will this person deliver in their first 90 days?"],
    },
    JobFamily.SPECIALIST: {
        "competencies": ["Technical depth", "Problem solving", "Collaboration"],
        "interview_plan": "Technical screen; take-home or live exercise; team panel.",
        "sourcing_channels": ["LinkedIn", "GitHub", "Communities and meetups"],
        "questions": ["Which skills can be learned on the job?", "Who reviews the exercise?"],
    },
    JobFamily.MANAGER: {
        "competencies": ["People leadership", "Delivery", "Stakeholder management"],
        "interview_plan": "Screen; leadership interview; meeting the team; references.",
        "sourcing_channels": ["LinkedIn", "Referrals", "Internal mobility"],
        "questions": ["How large is the team, and how is it changing?"],
    },
    JobFamily.SENIOR_MANAGER: {
        "competencies": ["Strategic thinking", "People leadership", "Commercial awareness"],
        "interview_plan": "Screen; panel with the leadership team; presentation; references.",
        "sourcing_channels": ["Direct search", "LinkedIn", "Referrals"],
        "questions": ["Which decisions will this role own?"],
    },
    JobFamily.EXECUTIVE: {
        "competencies": ["Vision", "Leading through change", "Board communication"],
        "interview_plan": "Confidential search; board and CEO interviews; assessment centre.",
        "sourcing_channels": ["Direct search", "Executive networks"],
        "questions": ["Is the search confidential?", "Who sits on the selection committee?"],
    },
}


def seed_intake_templates() -> str:
    created = 0
    for family, fields in TEMPLATES.items():
        _, made = IntakeTemplate.objects.get_or_create(
            client=None,
            name=f"{family.label} roles",
            defaults={"job_family": family.value, **fields},
        )
        created += made
    return f"{created} intake templates created, {len(TEMPLATES) - created} already there"


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
    from django.utils import timezone

    from outhire.costs.models import CostEntry
    from outhire.costs.services import cost_entry_add, fee_entries_generate
    from outhire.engagements.models import Engagement
    from outhire.requisitions.models import Requisition

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
            rows = [
                ("advertising", amount, channel, board, f"Job ad on {board}", spent_on)
                for channel, board, amount in DEMO_ADVERTISING
            ] + [
                (category, rate * hours, "", "", f"{hours} hours at {rate}/h", today)
                for category, hours, rate in DEMO_TIME
            ]
            rows.append(("assessments", Decimal("65.00"), "", "", "Skills tests", spent_on))
            for n, (category, amount, channel, board, text, day) in enumerate(rows):
                ref = f"demo:{requisition.pk}:{n}"
                if ref in done:
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
