"""Writes of the records pages: processing agreements and the breach log.

Every change leaves an audit event. The steps of a breach (reported to the authority or
not, people told, closed) lock the row and check its state, so two people clicking at once
make one change and the second is told it was already done.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent, Client, Membership, User
from outhire.accounts.notifications import notify
from outhire.accounts.roles import Role
from outhire.engagements.models import Engagement
from outhire.lib.formatting import date_time
from outhire.privacy.models import Breach, ProcessingAgreement

AGREEMENT_FIELDS = (
    "provider_role",
    "signed_on",
    "sub_processors",
    "transfers",
    "security_measures",
    "notes",
)
BREACH_FIELDS = (
    "discovered_at",
    "occurred_at",
    "summary",
    "description",
    "data_categories",
    "subjects_affected",
    "consequences",
    "measures",
)
CLIENTS_NOTIFIED = "privacy.breach_clients_notified"


class AlreadyDone(Exception):
    """The step was done by someone else in the meantime."""


def _values(obj, names) -> dict:
    return {name: str(getattr(obj, name)) if getattr(obj, name) is not None else None
            for name in names}  # fmt: skip


def agreement_save(
    *, engagement: Engagement, fields: dict, by: User, request=None
) -> ProcessingAgreement:
    """Create or change the processing agreement of `engagement`; audited with the diff."""
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not agreement fields: {sorted(unknown)}")
    with transaction.atomic():
        # Lock the engagement: two first saves at once make one agreement, not an error.
        Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
        agreement = (
            ProcessingAgreement.objects.select_for_update()
            .filter(engagement_id=engagement.pk)
            .first()
        )
        created = agreement is None
        if created:
            agreement = ProcessingAgreement(client_id=engagement.client_id, engagement=engagement)
        before = {} if created else _values(agreement, AGREEMENT_FIELDS)
        for name, value in fields.items():
            if isinstance(value, str):
                value = "\n".join(line.rstrip() for line in value.strip().splitlines())
            setattr(agreement, name, value)
        agreement.updated_by = by
        agreement.full_clean()
        agreement.save()
        changes = audit.diff(before, _values(agreement, fields))
        if created or changes:
            audit.record(
                "privacy.agreement_created" if created else "privacy.agreement_changed",
                actor=by,
                request=request,
                obj=agreement,
                changes=changes,
            )
    return agreement


def breach_create(*, fields: dict, clients: list[Client], by: User, request=None) -> Breach:
    breach = Breach(recorded_by=by, **_breach_fields(fields))
    with transaction.atomic():
        breach.full_clean()
        breach.save()
        breach.clients.set(clients)
        audit.record(
            "privacy.breach_recorded",
            actor=by,
            request=request,
            obj=breach,
            changes={"clients": [c.name for c in clients]},
        )
    return breach


def breach_update(
    *, breach: Breach, fields: dict, clients: list[Client], by: User, request=None
) -> Breach:
    with transaction.atomic():
        current = Breach.objects.select_for_update().get(pk=breach.pk)
        before = _values(current, fields)
        before_clients = sorted(current.clients.values_list("name", flat=True))
        for name, value in _breach_fields(fields).items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        current.clients.set(clients)
        changes = audit.diff(before, _values(current, fields))
        after_clients = sorted(c.name for c in clients)
        if after_clients != before_clients:
            changes["clients"] = [", ".join(before_clients), ", ".join(after_clients)]
        if changes:
            audit.record(
                "privacy.breach_changed", actor=by, request=request, obj=current, changes=changes
            )
    return current


def _breach_fields(fields: dict) -> dict:
    unknown = set(fields) - set(BREACH_FIELDS)
    if unknown:
        raise ValueError(f"not breach fields: {sorted(unknown)}")
    return fields


def _locked_open(breach: Breach) -> Breach:
    current = Breach.objects.select_for_update().get(pk=breach.pk)
    if current.closed_at is not None:
        raise AlreadyDone(_("This breach is closed."))
    return current


def breach_report(
    *,
    breach: Breach,
    by: User,
    reported_at: datetime | None = None,
    reference: str = "",
    not_reported_reason: str = "",
    request=None,
) -> Breach:
    """Record that the breach was reported to the supervisory authority (when, its reference)
    or why it was not (Art. 33(1): unlikely to result in a risk to people's rights)."""
    reference, reason = reference.strip(), not_reported_reason.strip()
    if reported_at is None and not reason:
        raise ValidationError(_("Give the date it was reported, or the reason it was not."))
    if reported_at is not None and reason:
        raise ValidationError(_("A breach is either reported or not: give one of the two."))
    if reported_at is not None and reported_at > timezone.now():
        raise ValidationError({"reported_to_authority_at": _("This is in the future.")})
    with transaction.atomic():
        current = _locked_open(breach)
        if current.reported_to_authority_at is not None or current.not_reported_reason:
            raise AlreadyDone(_("The report to the authority is already recorded."))
        current.reported_to_authority_at = reported_at
        current.authority_reference = reference
        current.not_reported_reason = reason
        current.save(
            update_fields=[
                "reported_to_authority_at",
                "authority_reference",
                "not_reported_reason",
            ]
        )
        audit.record(
            "privacy.breach_reported" if reported_at else "privacy.breach_not_reported",
            actor=by,
            request=request,
            obj=current,
            changes={
                "reported_to_authority_at": reported_at.isoformat() if reported_at else None,
                "authority_reference": reference,
                "not_reported_reason": reason,
            },
        )
    return current


def breach_subjects_notified(*, breach: Breach, by: User, at: datetime, request=None) -> Breach:
    """Record when the people affected were told (Art. 34)."""
    if at > timezone.now():
        raise ValidationError({"subjects_notified_at": _("This is in the future.")})
    with transaction.atomic():
        current = _locked_open(breach)
        if current.subjects_notified_at is not None:
            raise AlreadyDone(_("It is already recorded when the people affected were told."))
        current.subjects_notified_at = at
        current.save(update_fields=["subjects_notified_at"])
        audit.record(
            "privacy.breach_subjects_notified",
            actor=by,
            request=request,
            obj=current,
            changes={"subjects_notified_at": at.isoformat()},
        )
    return current


def breach_close(*, breach: Breach, by: User, request=None) -> Breach:
    with transaction.atomic():
        current = _locked_open(breach)
        if current.reported_to_authority_at is None and not current.not_reported_reason:
            raise ValidationError(
                _(
                    "Record the report to the authority, or why it was not reported, before "
                    "closing the breach."
                )
            )
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at"])
        audit.record("privacy.breach_closed", actor=by, request=request, obj=current)
    return current


def breach_notice_text(breach: Breach, client: Client) -> str:
    """The notice a client's admins get: what happened, not who (it goes out by e-mail). In
    the language of the person preparing it, who reads and may change it before it goes."""
    found = timezone.localtime(breach.discovered_at)
    return _(
        "A personal data breach may affect the recruitment data of %(client)s: %(summary)s. "
        "Found %(found)s. The provider's data protection officer will contact you with the "
        "details."
    ) % {"client": client.name, "summary": breach.summary, "found": date_time(found)}


def breach_client_admins(clients) -> dict[int, list[User]]:
    """Client id -> its active client admins (one query)."""
    found: dict[int, list[User]] = {c.pk: [] for c in clients}
    rows = (
        Membership.objects.filter(
            client_id__in=list(found), role=Role.CLIENT_ADMIN, user__is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )
    for membership in rows:
        found[membership.client_id].append(membership.user)
    return found


def breach_notices_sent(breach: Breach) -> int:
    """How many client notices about `breach` were sent so far (the audit trail's count)."""
    return AuditEvent.objects.filter(
        action=CLIENTS_NOTIFIED, object_type=Breach._meta.label, object_id=str(breach.pk)
    ).count()


def breach_notify_clients(
    *,
    breach: Breach,
    texts: dict[int, str],
    by: User,
    sent_before: int | None = None,
    request=None,
) -> int:
    """Tell the admins of each affected client, with the text shown to `by` before sending;
    how many people were told. Audited per client.

    `sent_before`: how many notices had been sent when `by` read them; if someone sent
    notices since (or the same form was sent twice), AlreadyDone, and nobody is told twice.
    """
    clients = list(breach.clients.all())
    unknown = set(texts) - {c.pk for c in clients}
    if unknown:
        raise ValueError("texts for clients the breach does not affect")
    admins = breach_client_admins(clients)
    told = 0
    with transaction.atomic():
        Breach.objects.select_for_update().filter(pk=breach.pk).first()
        if sent_before is not None and breach_notices_sent(breach) != sent_before:
            raise AlreadyDone(
                _(
                    "Notices about this breach were sent meanwhile: read what was sent before "
                    "sending again."
                )
            )
        for client in clients:
            text = (texts.get(client.pk) or "").strip()
            if not text:
                continue
            made = notify(
                admins[client.pk],
                kind="privacy_breach",
                text=text,
                url=reverse("privacy:register"),
                client=client,
                skip=by,
            )
            told += len(made)
            audit.record(
                CLIENTS_NOTIFIED,
                actor=by,
                request=request,
                obj=breach,
                client=client,
                changes={"client": client.name, "people": len(made), "text": text},
            )
    return told


def clients_notified(breach: Breach) -> dict[int, datetime]:
    """Client id -> when its admins were last told of `breach` (from the audit trail)."""
    events = AuditEvent.objects.filter(
        action=CLIENTS_NOTIFIED, object_type=Breach._meta.label, object_id=str(breach.pk)
    ).values_list("client_id", "at")
    found: dict[int, datetime] = {}
    for client_id, at in events:
        if client_id is not None and (client_id not in found or at > found[client_id]):
            found[client_id] = at
    return found
