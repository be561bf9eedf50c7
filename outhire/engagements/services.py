"""Engagement, intake and intake-template workflows; who may run them is in selectors.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.engagements.models import (
    FULL_CYCLE,
    Engagement,
    EngagementPhase,
    Intake,
    IntakeTemplate,
    SlaTerm,
)
from outhire.engagements.selectors import hiring_managers
from outhire.lib import formatting
from outhire.screening.taxonomy import load as load_taxonomy

# --- Skills --------------------------------------------------------------------------------


def skills_resolve(names: list[str]) -> tuple[list[str], list[str]]:
    """(canonical names, unknown names) for typed skills; aliases ("JS") map to their skill.

    Order is kept and duplicates dropped, so "JS, JavaScript" is one skill.
    """
    taxonomy = load_taxonomy()
    known: list[str] = []
    unknown: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        canonical = taxonomy.canonical(name)
        if canonical is None:
            if name.casefold() not in {u.casefold() for u in unknown}:
                unknown.append(name)
        elif canonical not in known:
            known.append(canonical)
    return known, unknown


def skills_clean(names: list[str], *, allow_unknown: bool) -> list[str]:
    """Canonical skills, plus unknown ones kept as typed when `allow_unknown`; else raises."""
    known, unknown = skills_resolve(names)
    if unknown and not allow_unknown:
        raise ValidationError(
            _(
                "Not in the skills taxonomy: %(skills)s. Correct them, or choose to keep them "
                "as free text."
            )
            % {"skills": ", ".join(unknown)}
        )
    return known + unknown


# --- Engagements ---------------------------------------------------------------------------

ENGAGEMENT_AUDITED = [
    "name",
    "status",
    "functions",
    "starts_on",
    "ends_on",
    "account_lead_id",
    "fee_model",
    "currency",
    "monthly_fee",
    "per_hire_fee",
    "salary_percent",
    "per_submission_fee",
    "project_fee",
    "sla_days_to_first_shortlist",
    "sla_days_to_fill",
    "sla_feedback_hours",
    "sla_min_offer_acceptance",
    "sla_min_candidate_nps",
    "sla_min_manager_satisfaction",
    "guarantee_days",
    "guarantee_remedy",
    "guarantee_replacement",
    "notes",
]


def _snapshot(obj, names: list[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(obj, name)
        values[name] = value if isinstance(value, list | bool | int | type(None)) else str(value)
    return values


# The SLA targets a new engagement's form starts from (an RPO's common terms; every one can be
# changed or emptied): a first shortlist within 10 days of approval, each opening filled within
# 45, interview feedback within 48 hours, at least 85 % of offers accepted.
SLA_DEFAULTS = {
    "sla_days_to_first_shortlist": 10,
    "sla_days_to_fill": 45,
    "sla_feedback_hours": 48,
    "sla_min_offer_acceptance": 85,
}


def engagement_defaults(client: Client) -> dict:
    """What a new engagement's form for `client` starts with: a name, today, active, full
    cycle, and the common SLA targets."""
    return {
        "name": f"{client.name} recruitment",
        "starts_on": timezone.localdate(),
        "status": Engagement.Status.ACTIVE,
        "functions": list(FULL_CYCLE),
        **SLA_DEFAULTS,
    }


def engagement_create(
    *, client: Client, by: User | None, fields: dict, request: HttpRequest | None = None
) -> Engagement:
    engagement = Engagement(client=client, **fields)
    engagement.full_clean()
    with transaction.atomic():
        engagement.save()
        audit.record(
            "engagement.created",
            actor=by,
            request=request,
            obj=engagement,
            changes=_snapshot(engagement, ENGAGEMENT_AUDITED),
        )
    return engagement


def engagement_update(
    *, engagement: Engagement, by: User | None, fields: dict, request: HttpRequest | None = None
) -> Engagement:
    if (
        "functions" in fields
        and engagement.current_phase is not None
        and list(fields["functions"]) != engagement.current_functions
    ):
        raise ValidationError(
            {"functions": _("The functions follow the phases; add a phase to change them.")}
        )
    before = _snapshot(engagement, ENGAGEMENT_AUDITED)
    for name, value in fields.items():
        setattr(engagement, name, value)
    engagement.full_clean()
    changed = audit.diff(before, _snapshot(engagement, ENGAGEMENT_AUDITED))
    if changed:
        with transaction.atomic():
            engagement.save(update_fields=[n.removesuffix("_id") for n in changed] or None)
            audit.record(
                "engagement.updated", actor=by, request=request, obj=engagement, changes=changed
            )
    return engagement


def phase_add(
    *,
    engagement: Engagement,
    starts_on,
    functions: list[str],
    note: str = "",
    by: User | None,
    request: HttpRequest | None = None,
) -> EngagementPhase:
    """Add a phase; once it has started, the engagement's functions are the phase's."""
    phase = EngagementPhase(
        client_id=engagement.client_id,
        engagement=engagement,
        starts_on=starts_on,
        functions=list(dict.fromkeys(functions)),
        note=note,
    )
    phase.full_clean()
    with transaction.atomic():
        phase.save()
        audit.record(
            "engagement.phase_added",
            actor=by,
            request=request,
            obj=engagement,
            changes={"starts_on": str(starts_on), "functions": phase.functions, "note": note},
        )
        engagement_sync_functions(engagement)
    return phase


def sla_term_add(
    *, engagement: Engagement, fields: dict, by: User | None, request: HttpRequest | None = None
) -> SlaTerm:
    """Attach an SLA-linked credit or bonus to the engagement (billing evaluates it)."""
    term = SlaTerm(client_id=engagement.client_id, engagement=engagement, **fields)
    term.full_clean()
    with transaction.atomic():
        term.save()
        audit.record(
            "engagement.sla_term_added",
            actor=by,
            request=request,
            obj=engagement,
            changes={"term": term.describe()},
        )
    return term


def sla_term_delete(*, term: SlaTerm, by: User | None, request: HttpRequest | None = None) -> None:
    """Remove a term never evaluated; an evaluated one is part of the invoicing record."""
    with transaction.atomic():
        term = SlaTerm.objects.select_for_update().get(pk=term.pk)
        if term.results.exists():
            raise ValidationError(
                _(
                    "This term has been evaluated for an invoice already: it stays on record. "
                    "End it instead, and add a new term for the terms agreed from then on."
                )
            )
        description = term.describe()
        engagement = term.engagement
        term.delete()
        audit.record(
            "engagement.sla_term_removed",
            actor=by,
            request=request,
            obj=engagement,
            changes={"term": description},
        )


def sla_term_end(
    *, term: SlaTerm, ends_on: date, by: User | None, request: HttpRequest | None = None
) -> SlaTerm:
    """End a term on `ends_on`: periods that begin after it are no longer evaluated.

    The periods already evaluated stay on record, so the term cannot end before the last of
    them has begun; ending it again moves the day.
    """
    with transaction.atomic():
        term = SlaTerm.objects.select_for_update().select_related("engagement").get(pk=term.pk)
        last = term.results.order_by("-period_start").first()
        if last is not None and ends_on < last.period_start:
            raise ValidationError(
                {
                    "ends_on": _(
                        "The period from %(day)s has been evaluated for an invoice already: the "
                        "term can end on that day at the earliest."
                    )
                    % {"day": formatting.calendar_date(last.period_start)}
                }
            )
        before = term.ends_on
        term.ends_on = ends_on
        term.full_clean()
        term.save(update_fields=["ends_on"])
        audit.record(
            "engagement.sla_term_ended",
            actor=by,
            request=request,
            obj=term.engagement,
            changes={"term": term.describe(), "ends_on": str(ends_on)}
            | ({"ended_on_before": str(before)} if before else {}),
        )
    return term


def engagement_sync_functions(engagement: Engagement) -> bool:
    """Store the latest started phase's functions on the engagement; True when they changed."""
    engagement = Engagement.objects.prefetch_related("phases").get(pk=engagement.pk)
    current = engagement.current_functions
    if engagement.functions == current:
        return False
    Engagement.objects.filter(pk=engagement.pk).update(functions=current)
    return True


# --- Intakes -------------------------------------------------------------------------------

INTAKE_AUDITED = [
    "engagement_id",
    "job_title",
    "job_family",
    "department",
    "hiring_manager_id",
    "purpose",
    "must_have_skills",
    "nice_to_have_skills",
    "competencies",
    "motivators",
    "culture_and_values",
    "salary_min",
    "salary_max",
    "salary_currency",
    "location",
    "remote_policy",
    "headcount",
    "target_start",
    "interview_plan",
    "sourcing_channels",
    "answers",
    "baseline_days_to_fill",
    "baseline_cost_per_hire",
    "baseline_yearly_hires",
]


def _check_intake_links(intake: Intake) -> None:
    errors = {}
    if intake.engagement_id and intake.engagement.client_id != intake.client_id:
        errors["engagement"] = _("This engagement is another client's.")
    if (
        intake.hiring_manager_id
        and not hiring_managers(intake.client).filter(pk=intake.hiring_manager_id).exists()
    ):
        errors["hiring_manager"] = _("Choose a hiring manager or client admin of this client.")
    if errors:
        raise ValidationError(errors)


def intake_initial_from_template(template: IntakeTemplate) -> dict[str, Any]:
    """The fields a template pre-fills; its questions start unanswered."""
    return {
        "template": template,
        "job_family": template.job_family,
        "competencies": list(template.competencies),
        "interview_plan": template.interview_plan,
        "sourcing_channels": list(template.sourcing_channels),
        "answers": {str(q): "" for q in template.questions},
    }


def intake_create(
    *, client: Client, by: User | None, fields: dict, request: HttpRequest | None = None
) -> Intake:
    intake = Intake(client=client, created_by=by, **fields)
    if intake.template_id and intake.template.client_id not in (None, client.pk):
        raise ValidationError({"template": _("This template is another client's.")})
    intake.full_clean()
    _check_intake_links(intake)
    with transaction.atomic():
        intake.save()
        audit.record("intake.created", actor=by, request=request, obj=intake)
    return intake


def intake_update(
    *, intake: Intake, by: User | None, fields: dict, request: HttpRequest | None = None
) -> Intake:
    with transaction.atomic():
        current = Intake.objects.select_for_update().get(pk=intake.pk)
        if current.status != Intake.Status.DRAFT:
            raise ValidationError(_("A submitted intake cannot be edited."))
        before = _snapshot(current, INTAKE_AUDITED)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        _check_intake_links(current)
        changed = audit.diff(before, _snapshot(current, INTAKE_AUDITED))
        if changed:
            current.save(update_fields=[n.removesuffix("_id") for n in changed])
            audit.record("intake.updated", actor=by, request=request, obj=current, changes=changed)
    intake.refresh_from_db()
    return intake


def intake_submit(*, intake: Intake, by: User, request: HttpRequest | None = None):
    """Draft a requisition from the intake and mark it submitted; refused a second time."""
    from outhire.requisitions.services import requisition_create

    with transaction.atomic():
        current = Intake.objects.select_for_update().get(pk=intake.pk)
        if current.status != Intake.Status.DRAFT:
            raise ValidationError(_("This intake was already submitted; its requisition exists."))
        fields = {
            "title": current.job_title,
            "department": current.department,
            "location": current.location,
            "remote_policy": current.remote_policy,
            "salary_min": current.salary_min,
            "salary_max": current.salary_max,
            "salary_currency": current.salary_currency,
            "openings": current.headcount,
            "hiring_manager": current.hiring_manager,
            "target_start": current.target_start,
            "description": current.purpose,
            "must_have_skills": list(current.must_have_skills),
            "nice_to_have_skills": list(current.nice_to_have_skills),
            "competencies": list(current.competencies),
            "engagement": current.engagement,
        }
        if by is not None and by.is_provider_staff:
            fields["recruiters"] = [by]
        requisition = requisition_create(
            client=current.client, by=by, intake=current, fields=fields, request=request
        )
        current.status = Intake.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.save(update_fields=["status", "submitted_at"])
        audit.record(
            "intake.submitted",
            actor=by,
            request=request,
            obj=current,
            changes={"requisition": requisition.pk},
        )
    intake.refresh_from_db()
    return requisition


# --- Intake templates ----------------------------------------------------------------------

TEMPLATE_FIELDS = ["name", "job_family", "competencies", "interview_plan", "sourcing_channels"]


def template_save(
    *,
    template: IntakeTemplate | None,
    fields: dict,
    by: User | None,
    request: HttpRequest | None = None,
) -> IntakeTemplate:
    created = template is None
    template = template or IntakeTemplate()
    before = {} if created else _snapshot(template, [*TEMPLATE_FIELDS, "questions", "client_id"])
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    with transaction.atomic():
        template.save()
        after = _snapshot(template, [*TEMPLATE_FIELDS, "questions", "client_id"])
        audit.record(
            "intake_template.created" if created else "intake_template.updated",
            actor=by,
            request=request,
            obj=template,
            changes=audit.diff(before, after),
        )
    return template


def template_copy(
    *,
    template: IntakeTemplate,
    to_client: Client,
    by: User | None,
    request: HttpRequest | None = None,
) -> IntakeTemplate:
    """A copy of `template` that belongs to `to_client`, to adapt for that client."""
    copy = IntakeTemplate(
        client=to_client,
        name=template.name,
        job_family=template.job_family,
        competencies=list(template.competencies),
        interview_plan=template.interview_plan,
        sourcing_channels=list(template.sourcing_channels),
        questions=list(template.questions),
    )
    copy.full_clean()
    with transaction.atomic():
        copy.save()
        audit.record(
            "intake_template.copied",
            actor=by,
            request=request,
            obj=copy,
            changes={"from_template": template.pk},
        )
    return copy
