"""Template tags for blind review and assessment results on pipeline pages.

`{% blind_name application %}` prints the candidate's name, or "Candidate #<application id>"
while the client's blind review hides it; `{% blind_text application text %}` prints the text
redacted (names, contact details, age and gender signals) while hidden; `{% is_blind application
as hidden %}` lets a template leave out a block. The client's settings and the requisition's
stage kinds are read once per request, so a board of many cards costs no more queries.
"""

from __future__ import annotations

from django import template

from outhire.requisitions.models import KIND_ORDER, Stage
from outhire.screening import redaction
from outhire.screening.models import AssessmentSitting, ScreeningSettings

register = template.Library()


def _cache(context) -> dict:
    request = context.get("request")
    holder = request if request is not None else context
    if not hasattr(holder, "_screening_blind"):
        holder._screening_blind = {"settings": {}, "kinds": {}}
    return holder._screening_blind


def blind(context, application) -> bool:
    """Whether the client's blind review hides who this applicant is at their current stage."""
    cache = _cache(context)
    client_id = application.client_id
    if client_id not in cache["settings"]:
        cache["settings"][client_id] = ScreeningSettings.for_client(client_id)
    settings = cache["settings"][client_id]
    if not settings.blind_review or settings.blind_until_kind not in KIND_ORDER:
        return False
    kind = cache["kinds"].get(application.stage_id)
    if kind is None:
        cache["kinds"].update(
            Stage.objects.filter(requisition_id=application.requisition_id).values_list(
                "id", "kind"
            )
        )
        kind = cache["kinds"].get(application.stage_id, "")
    return KIND_ORDER.get(kind, -1) < KIND_ORDER[settings.blind_until_kind]


@register.simple_tag(takes_context=True)
def is_blind(context, application) -> bool:
    return blind(context, application)


@register.simple_tag(takes_context=True)
def blind_name(context, application) -> str:
    if blind(context, application):
        return redaction.alias(application.pk)
    return application.candidate.full_name


@register.simple_tag(takes_context=True)
def blind_text(context, application, text) -> str:
    if not blind(context, application):
        return text or ""
    candidate = application.candidate
    return redaction.redact(text or "", [candidate.first_name, candidate.last_name])


@register.inclusion_tag("screening/_application_assessments.html", takes_context=True)
def assessment_results(context, application) -> dict:
    """A short summary of the application's assessments, with a link to them."""
    sittings = list(
        AssessmentSitting.objects.filter(
            client_id=application.client_id, application_id=application.pk
        ).select_related("assessment")
    )
    return {"application": application, "sittings": sittings}
