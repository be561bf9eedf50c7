"""Demo intake templates: one provider-wide template per job family; safe to re-run."""

from __future__ import annotations

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
