"""Recruiting costs: adding and correcting entries, and the entries of the engagement's fees.

Entries typed or imported by people are corrected or deleted (audited). Entries generated from
the engagement's fee model (a fee per hire, a monthly management fee) and referral awards are
voided instead, keeping the record of what was charged; their `origin_ref` makes generation
idempotent ("hire:<id>", "monthly:<engagement id>:<YYYY-MM>"). The rules are in `rules` and
docs/costs.md; who may read and write costs is in `selectors`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.costs import rules
from outhire.costs.models import CostEntry
from outhire.engagements.models import Engagement
from outhire.pipeline.models import Application

logger = logging.getLogger(__name__)

# How far back the periodic job looks for hires whose fee is missing.
CATCH_UP_DAYS = 365
EDITABLE_FIELDS = (
    "category",
    "amount",
    "currency",
    "incurred_on",
    "requisition",
    "channel",
    "channel_detail",
    "description",
)


# --- Entries --------------------------------------------------------------------------------


def _snapshot(entry: CostEntry) -> dict[str, Any]:
    return {
        "category": entry.category,
        "amount": f"{Decimal(entry.amount):.2f}",
        "currency": entry.currency,
        "incurred_on": entry.incurred_on.isoformat() if entry.incurred_on else None,
        "requisition_id": entry.requisition_id,
        "channel": entry.channel,
        "channel_detail": entry.channel_detail,
        "description": entry.description,
        "origin": entry.origin,
    }


def cost_entry_add(
    *,
    client: Client,
    category: str,
    amount: Decimal,
    currency: str,
    incurred_on: date,
    requisition=None,
    channel: str = "",
    channel_detail: str = "",
    description: str = "",
    origin: str = "manual",
    by: User | None = None,
    request: HttpRequest | None = None,
    origin_ref: str = "",
    cost_import=None,
) -> CostEntry:
    """Record one cost of `client` (ValidationError on bad input), with an audit event.

    With an `origin_ref` ("hire:12", "referral:7"...), at most one entry exists per reference
    and client: adding it again returns the entry already there, so callers may retry.
    """
    if origin_ref:
        existing = CostEntry.objects.filter(client=client, origin_ref=origin_ref).first()
        if existing is not None:
            return existing
    entry = CostEntry(
        client=client,
        category=category,
        amount=amount,
        currency=(currency or "").strip().upper(),
        incurred_on=incurred_on,
        requisition=requisition,
        channel=channel or "",
        channel_detail=(channel_detail or "").strip(),
        description=(description or "").strip(),
        origin=origin,
        origin_ref=origin_ref,
        cost_import=cost_import,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    # The one constraint (one entry per reference) is left to the database: checked here, a
    # reference added by another process after our look-up above would fail as a form error;
    # inserted, it raises IntegrityError, and the entry already there is returned (below).
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
            audit.record(
                "cost.added",
                actor=entry.created_by,
                request=request,
                obj=entry,
                changes=_snapshot(entry),
                actor_label="" if entry.created_by else "Outhire (generated)",
            )
    except IntegrityError:
        # Another process added the same reference between our check and our insert.
        existing = CostEntry.objects.filter(client=client, origin_ref=origin_ref).first()
        if not origin_ref or existing is None:
            raise
        return existing
    return entry


def cost_entry_update(
    *, entry: CostEntry, by: User | None, fields: dict, request: HttpRequest | None = None
) -> CostEntry:
    """Correct an entry typed or imported by a person; generated entries are voided instead."""
    if not entry.is_editable:
        raise ValidationError(
            _("This entry was generated from the engagement's fees: void it rather than edit it.")
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    before = _snapshot(entry)
    for name, value in fields.items():
        if name == "currency":
            value = (value or "").strip().upper()
        elif name in {"channel", "channel_detail", "description"}:
            value = (value or "").strip()
        setattr(entry, name, value)
    entry.full_clean()
    changed = audit.diff(before, _snapshot(entry))
    if changed:
        with transaction.atomic():
            entry.save(update_fields=[name.removesuffix("_id") for name in changed])
            audit.record("cost.updated", actor=by, request=request, obj=entry, changes=changed)
    return entry


def cost_entry_delete(
    *, entry: CostEntry, by: User | None, request: HttpRequest | None = None
) -> None:
    if not entry.is_editable:
        raise ValidationError(
            _("This entry was generated from the engagement's fees: void it rather than delete it.")
        )
    with transaction.atomic():
        audit.record("cost.deleted", actor=by, request=request, obj=entry, changes=_snapshot(entry))
        entry.delete()


def cost_entry_void(
    *, entry: CostEntry, by: User | None, reason: str, request: HttpRequest | None = None
) -> CostEntry:
    """Take a generated entry out of the totals, keeping it (and its reference) on record.

    A voided fee is not generated again: its reference stays taken.
    """
    if entry.is_editable:
        raise ValidationError(
            _("Entries typed or imported by people are edited or deleted instead.")
        )
    if entry.is_voided:
        raise ValidationError(_("This entry is already voided."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Say why this entry is voided.")})
    entry.voided_at = timezone.now()
    entry.voided_by = by if by is not None and by.is_authenticated else None
    entry.void_reason = reason[:300]
    with transaction.atomic():
        entry.save(update_fields=["voided_at", "voided_by", "void_reason"])
        audit.record(
            "cost.voided", actor=by, request=request, obj=entry, changes={"reason": reason[:300]}
        )
    return entry


# --- Fees from the engagement ---------------------------------------------------------------


def engagement_for(client_id: int, requisition, on: date) -> Engagement | None:
    """The engagement a cost of `requisition` on `on` falls under.

    The requisition's own engagement when it has one (and it is not a draft); otherwise the
    client's engagement in force that day (the latest started, if several are).
    """
    engagement_id = getattr(requisition, "engagement_id", None)
    if engagement_id is not None:
        engagement = Engagement.objects.filter(pk=engagement_id, client_id=client_id).first()
        if engagement is not None and engagement.status != Engagement.Status.DRAFT:
            return engagement
    return (
        Engagement.objects.filter(client_id=client_id, starts_on__lte=on)
        .exclude(status=Engagement.Status.DRAFT)
        .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))
        .order_by("-starts_on", "-id")
        .first()
    )


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def hire_fee_add(*, hire) -> CostEntry | None:
    """The provider's fee for one hire as an `rpo_fees` entry, once per hire (None: no fee).

    `hire` is an offers Hire (or anything with its attributes: pk, client_id, requisition,
    base_salary, currency, hired_at, and the offer's pay_period). A hire on a free replacement
    requisition (the replacement guarantee) has no fee.
    """
    hire_id = getattr(hire, "pk", None) or getattr(hire, "id", None)
    client_id = getattr(hire, "client_id", None) or hire.client.pk
    requisition = getattr(hire, "requisition", None)
    hired_on = _day(getattr(hire, "hired_at", None) or timezone.now())
    engagement = engagement_for(client_id, requisition, hired_on)
    if engagement is None or hire_id is None:
        return None
    if getattr(requisition, "is_replacement", False):
        return None  # a free replacement under the guarantee: no fee (docs/billing.md)
    offer = getattr(hire, "offer", None)
    period = getattr(offer, "pay_period", None) or getattr(hire, "pay_period", None)
    fee = rules.hire_fee(
        fee_model=engagement.fee_model,
        engagement_currency=(engagement.currency or "").upper(),
        per_hire_fee=engagement.per_hire_fee,
        salary_percent=engagement.salary_percent,
        base_salary=getattr(hire, "base_salary", None),
        salary_currency=(getattr(hire, "currency", "") or "").upper(),
        salary_period=period,
    )
    if fee is None:
        return None
    reference = f" on {requisition.reference}" if getattr(requisition, "reference", "") else ""
    return cost_entry_add(
        client=Client.objects.get(pk=client_id),
        category="rpo_fees",
        amount=fee.amount,
        currency=fee.currency,
        incurred_on=hired_on,
        requisition=requisition if getattr(requisition, "pk", None) else None,
        description=f"{engagement.name}: fee for hire #{hire_id}{reference} ({fee.rule})",
        origin=CostEntry.Origin.FEE_MODEL,
        origin_ref=f"hire:{hire_id}",
    )


def on_hire_created(sender, hire, **kwargs) -> None:
    """Receiver of offers.signals.hire_created (sent after commit): add the hire's fee.

    A failure must not undo or break the hire, which is already committed: it is logged and
    the periodic `generate_fee_entries` job adds the fee later.
    """
    try:
        hire_fee_add(hire=hire)
    except Exception:
        logger.exception(
            "Could not add the fee entry of hire #%s; the periodic job will retry.",
            getattr(hire, "pk", None),
        )


def monthly_fees_add(*, engagement: Engagement, today: date | None = None) -> int:
    """Add the monthly management fee of every month due and not yet recorded; the count added.

    Idempotent per engagement and month, and catches up months missed while the job did not
    run, back to the engagement's start (see `rules.months_due`).
    """
    if (
        engagement.fee_model
        not in {
            Engagement.FeeModel.MANAGEMENT_FEE,
            Engagement.FeeModel.HYBRID,
        }
        or not engagement.monthly_fee
        or engagement.status == Engagement.Status.DRAFT
    ):
        return 0
    today = today or timezone.localdate()
    prefix = f"monthly:{engagement.pk}:"
    done = set(
        CostEntry.objects.filter(
            client_id=engagement.client_id, origin_ref__startswith=prefix
        ).values_list("origin_ref", flat=True)
    )
    added = 0
    for incurred_on in rules.months_due(engagement.starts_on, engagement.ends_on, today):
        month = rules.month_key(incurred_on)
        if prefix + month in done:
            continue
        cost_entry_add(
            client=engagement.client,
            category="rpo_fees",
            amount=rules.money(engagement.monthly_fee),
            currency=(engagement.currency or "").upper(),
            incurred_on=incurred_on,
            description=f"{engagement.name}: management fee for {incurred_on:%B %Y}",
            origin=CostEntry.Origin.FEE_MODEL,
            origin_ref=prefix + month,
        )
        added += 1
    return added


def _hire_model():
    try:
        model = apps.get_model("offers", _("Hire"))
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if {"client", "requisition", "hired_at"} <= names else None


def fee_entries_generate(*, today: date | None = None) -> dict[str, int]:
    """Every fee entry due and missing: monthly fees of every engagement, fees of every hire,
    of every qualified submission (the last year's) and every project fee.

    Safe to run any number of times. A failing engagement or hire is logged and skipped, so
    one bad contract does not stop the others' fees.
    """
    today = today or timezone.localdate()
    result = {"monthly": 0, "hires": 0, "submissions": 0, "projects": 0, "failed": 0}
    engagements = (
        Engagement.objects.filter(
            fee_model__in=[Engagement.FeeModel.MANAGEMENT_FEE, Engagement.FeeModel.HYBRID],
            monthly_fee__isnull=False,
            starts_on__lte=today,
        )
        .exclude(status=Engagement.Status.DRAFT)
        .select_related("client")
    )
    for engagement in engagements:
        try:
            result["monthly"] += monthly_fees_add(engagement=engagement, today=today)
        except (ValidationError, IntegrityError):
            logger.exception("Monthly fees of engagement #%s could not be added.", engagement.pk)
            result["failed"] += 1
    hire_model = _hire_model()
    if hire_model is not None:
        result["hires"], failed = _hire_fees_catch_up(hire_model, today)
        result["failed"] += failed
    others = _submission_and_project_fees(today)
    result["submissions"], result["projects"] = others["submissions"], others["projects"]
    result["failed"] += others["failed"]
    return result


def _hire_fees_catch_up(hire_model, today: date) -> tuple[int, int]:
    """Fees of the last year's hires that have none (their signal's receiver failed)."""
    charged = {
        ref.removeprefix("hire:")
        for ref in CostEntry.objects.filter(origin_ref__startswith="hire:").values_list(
            "origin_ref", flat=True
        )
    }
    added = failed = 0
    since = timezone.make_aware(datetime.combine(today - timedelta(days=CATCH_UP_DAYS), time()))
    hires = (
        hire_model.objects.filter(hired_at__gte=since)
        .select_related("client", "requisition")
        .order_by("pk")
    )
    related = {f.name for f in hire_model._meta.get_fields()}
    if "offer" in related:
        hires = hires.select_related("offer")
    for hire in hires.iterator(chunk_size=500):
        if str(hire.pk) in charged:
            continue
        try:
            if hire_fee_add(hire=hire) is not None:
                added += 1
        except (ValidationError, IntegrityError):
            logger.exception("The fee of hire #%s could not be added.", hire.pk)
            failed += 1
    return added, failed


# --- Fees per qualified submission and project fees ----------------------------------------
# The same charges as the invoice lines of these fee models (billing.services.charges_for), as
# the client's recruiting costs: one entry per submission ("submission:<application id>") and
# one per project ("project:<engagement id>"), added by the hourly `generate_fee_entries`.


def submission_fees_add(*, engagement: Engagement, today: date | None = None) -> int:
    """The fee of each qualified submission of the engagement (an application first shown to
    the client, `reached_client_at`) in the last year and not yet recorded; the count added.

    Dated on the day the application reached the client, on its requisition. The engagement
    of a submission is found as a hire's is (`engagement_for`).
    """
    if (
        engagement.fee_model != Engagement.FeeModel.PER_SUBMISSION
        or not engagement.per_submission_fee
        or engagement.status == Engagement.Status.DRAFT
    ):
        return 0
    today = today or timezone.localdate()
    since = max(engagement.starts_on, today - timedelta(days=CATCH_UP_DAYS))
    until = min(today, engagement.ends_on) if engagement.ends_on else today
    if until < since:
        return 0
    charged = set(
        CostEntry.objects.filter(
            client_id=engagement.client_id, origin_ref__startswith="submission:"
        ).values_list("origin_ref", flat=True)
    )
    submitted = (
        Application.objects.filter(
            client_id=engagement.client_id,
            reached_client_at__gte=timezone.make_aware(datetime.combine(since, time())),
            reached_client_at__lt=timezone.make_aware(
                datetime.combine(until + timedelta(days=1), time())
            ),
        )
        .select_related("requisition")
        .order_by("reached_client_at", "pk")
    )
    added = 0
    for application in submitted:
        reference = f"submission:{application.pk}"
        if reference in charged:
            continue
        day = timezone.localdate(application.reached_client_at)
        found = engagement_for(engagement.client_id, application.requisition, day)
        if found is None or found.pk != engagement.pk:
            continue
        cost_entry_add(
            client=engagement.client,
            category="rpo_fees",
            amount=rules.money(engagement.per_submission_fee),
            currency=(engagement.currency or "").upper(),
            incurred_on=day,
            requisition=application.requisition,
            description=(
                f"{engagement.name}: fee for qualified submission, application "
                f"#{application.pk} on {application.requisition.reference}"
            ),
            origin=CostEntry.Origin.FEE_MODEL,
            origin_ref=reference,
        )
        added += 1
    return added


def project_fee_add(*, engagement: Engagement, today: date | None = None) -> CostEntry | None:
    """The project fee once, dated on the engagement's start, when it has started."""
    today = today or timezone.localdate()
    if (
        engagement.fee_model != Engagement.FeeModel.PROJECT
        or not engagement.project_fee
        or engagement.status == Engagement.Status.DRAFT
        or engagement.starts_on > today
    ):
        return None
    return cost_entry_add(
        client=engagement.client,
        category="rpo_fees",
        amount=rules.money(engagement.project_fee),
        currency=(engagement.currency or "").upper(),
        incurred_on=engagement.starts_on,
        description=f"{engagement.name}: project fee",
        origin=CostEntry.Origin.FEE_MODEL,
        origin_ref=f"project:{engagement.pk}",
    )


def _submission_and_project_fees(today: date) -> dict[str, int]:
    result = {"submissions": 0, "projects": 0, "failed": 0}
    engagements = (
        Engagement.objects.filter(
            fee_model__in=[Engagement.FeeModel.PER_SUBMISSION, Engagement.FeeModel.PROJECT],
            starts_on__lte=today,
        )
        .exclude(status=Engagement.Status.DRAFT)
        .select_related("client")
        .order_by("pk")
    )
    done = set(
        CostEntry.objects.filter(origin_ref__startswith="project:").values_list(
            "client_id", "origin_ref"
        )
    )
    for engagement in engagements:
        try:
            if engagement.fee_model == Engagement.FeeModel.PER_SUBMISSION:
                result["submissions"] += submission_fees_add(engagement=engagement, today=today)
            elif (
                engagement.client_id,
                f"project:{engagement.pk}",
            ) not in done and project_fee_add(engagement=engagement, today=today):
                result["projects"] += 1
        except (ValidationError, IntegrityError):
            logger.exception("The fees of engagement #%s could not be added.", engagement.pk)
            result["failed"] += 1
    return result
