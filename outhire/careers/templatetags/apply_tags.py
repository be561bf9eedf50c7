"""What the careers apply form gathered, shown to recruiters on an application's page.

`{% apply_review_panel application %}`: source and campaign, the review flag, screening answers
(knockout ones highlighted) and the candidate's consents, in two queries whatever their number.
Self-identification is never shown here: only the bias audit reads it.
"""

from __future__ import annotations

from django import template

from outhire.candidates.models import Consent
from outhire.pipeline.models import Application, ApplicationAnswer

register = template.Library()


@register.inclusion_tag("careers/apply_review_panel.html")
def apply_review_panel(application: Application) -> dict:
    answers = list(ApplicationAnswer.objects.filter(application=application))
    consents = list(
        Consent.objects.filter(candidate_id=application.candidate_id).order_by("-given_at", "-id")
    )
    return {
        "application": application,
        "answers": answers,
        "consents": consents,
        "has_campaign": any(
            (application.utm_source, application.utm_medium, application.utm_campaign)
        ),
    }
