"""Data subject requests: opening one is the same whoever receives it (the candidate portal,
a recruiter taking a call, a client passing a letter on); owning, extending and closing it;
the restriction and objection flags that stop processing; the deadline reminders.

The person is passed in (a `Candidate`), never imported: privacy sits below candidates in the
layers, and works on the person through the instance it is given."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent, User
from outhire.accounts.notifications import notify
from outhire.accounts.roles import Role
from outhire.lib.formatting import calendar_date
from outhire.privacy.models import MAX_EXTENSION_DAYS, DataRequest


def data_request_open(
    *,
    candidate,
    kind: str,
    channel: str,
    details: str = "",
    by=None,
    received_at=None,
) -> DataRequest:
    """Log a request about `candidate`, due one month after it was received.

    A second open request of the same kind for the same person is the same request asked
    again: it is returned, not duplicated (the portal's button can be pressed twice).
    """
    if kind not in DataRequest.Kind.values:
        raise ValueError(f"unknown request kind {kind!r}")
    if channel not in DataRequest.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    with transaction.atomic():
        # Lock the person's row so two simultaneous submissions make one request.
        type(candidate).objects.select_for_update().filter(pk=candidate.pk).first()
        existing = (
            DataRequest.objects.filter(
                candidate=candidate, kind=kind, status=DataRequest.Status.OPEN
            )
            .order_by("received_at")
            .first()
        )
        if existing is not None:
            return existing
        request = DataRequest.objects.create(
            candidate=candidate,
            kind=kind,
            channel=channel,
            details=details,
            received_at=received_at or timezone.now(),
            created_by=by,
        )
        audit.record(
            "privacy.request_opened",
            actor=by,
            actor_label="" if by else "the candidate",
            obj=request,
            changes={"kind": kind, "channel": channel},
        )
    return request


# --- Owning, extending and closing a request -------------------------------------------------

# The deadline reminder goes this long before a request's deadline (docs/privacy/requests.md).
REMINDER_DAYS = 7


class RequestNotOpen(ValidationError):
    """The request was closed meanwhile (someone else completed or refused it): a 409."""


def _locked_open(data_request: DataRequest) -> DataRequest:
    """The request's row, locked until the transaction ends; RequestNotOpen if it is closed."""
    current = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if current.status != DataRequest.Status.OPEN:
        status = current.get_status_display().lower()
        if current.completed_by:
            refused = _(
                "This request was already closed (%(status)s by %(person)s): nothing was changed."
            ) % {"status": status, "person": current.completed_by.full_name}
        else:
            refused = _("This request was already closed (%(status)s): nothing was changed.") % {
                "status": status
            }
        raise RequestNotOpen(refused)
    return current


def _named(data_request: DataRequest) -> dict:
    """The parameters that name a request in a notification ("Access ... request #12")."""
    return {"kind": DataRequest.Kind(data_request.kind).label, "number": data_request.pk}


# A reminder of a request's deadline: (in so many days, in one day, within a day) × (owned,
# nobody owns it), whole sentences for the translators.
REMINDERS = {
    ("days", True): gettext_noop(
        "%(kind)s request #%(number)s is due in %(days)s days (%(deadline)s)."
    ),
    ("one", True): gettext_noop("%(kind)s request #%(number)s is due in 1 day (%(deadline)s)."),
    ("today", True): gettext_noop(
        "%(kind)s request #%(number)s is due within a day (%(deadline)s)."
    ),
    ("days", False): gettext_noop(
        "%(kind)s request #%(number)s is due in %(days)s days (%(deadline)s) and nobody owns "
        "it yet."
    ),
    ("one", False): gettext_noop(
        "%(kind)s request #%(number)s is due in 1 day (%(deadline)s) and nobody owns it yet."
    ),
    ("today", False): gettext_noop(
        "%(kind)s request #%(number)s is due within a day (%(deadline)s) and nobody owns it yet."
    ),
}


def _reminder_text(*, days: int, owned: bool) -> str:
    when = "today" if days == 0 else "one" if days == 1 else "days"
    return REMINDERS[(when, owned)]


def _request_url(data_request: DataRequest) -> str:
    return reverse("privacy:request_detail", args=[data_request.pk])


def request_owners():
    """The people who may own a request: active provider admins."""
    return User.objects.filter(is_active=True, provider_role=Role.ADMIN).order_by("full_name")


def data_request_assign(
    *, data_request: DataRequest, owner, by, request: HttpRequest | None = None
) -> DataRequest:
    """Make `owner` (a provider admin, or None for nobody) answerable for an open request, and
    tell them."""
    if owner is not None and not (owner.is_active and owner.is_provider_admin):
        raise ValidationError({"owner": _("Only an active provider admin can own a request.")})
    with transaction.atomic():
        current = _locked_open(data_request)
        before = current.owner_id
        if before == getattr(owner, "pk", None):
            return current
        current.owner = owner
        current.save(update_fields=["owner"])
        audit.record(
            "privacy.request_assigned",
            actor=by,
            request=request,
            obj=current,
            changes={"owner": [before, getattr(owner, "pk", None)]},
        )
        if owner is not None:
            deadline = timezone.localdate(current.deadline)
            notify(
                [owner],
                kind="data_request",
                # In each reader's language (accounts.notifications.translated)
                text=gettext_noop(
                    "%(kind)s request #%(number)s is yours to answer by %(deadline)s."
                ),
                params={**_named(current), "deadline": deadline},
                url=_request_url(current),
                skip=by,
            )
    data_request.refresh_from_db()
    return data_request


def extension_room(data_request: DataRequest) -> int:
    """How many more days the deadline may still move (at most MAX_EXTENSION_DAYS in all)."""
    latest = data_request.due_at + timedelta(days=MAX_EXTENSION_DAYS)
    return max((latest - data_request.deadline).days, 0)


def data_request_extend(
    *,
    data_request: DataRequest,
    days: int,
    reason: str,
    person_told_on: date,
    by,
    request: HttpRequest | None = None,
) -> DataRequest:
    """Move an open request's deadline `days` further (GDPR Art. 12(3)).

    The deadline may move by MAX_EXTENSION_DAYS in all beyond the first one, for a reason
    written down, and the person must have been told of the extension and why within the
    first month: `person_told_on` is that day, no later than the first deadline. Each
    extension adds a dated line to `extension_reason` and an audit event.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request needs more time.")})
    with transaction.atomic():
        current = _locked_open(data_request)
        room = extension_room(current)
        if days < 1:
            raise ValidationError({"days": _("Extend by at least one day.")})
        if days > room:
            raise ValidationError(
                {
                    "days": ngettext(
                        "The deadline can move %(most)s days at most beyond the first one; "
                        "%(room)s day left.",
                        "The deadline can move %(most)s days at most beyond the first one; "
                        "%(room)s days left.",
                        room,
                    )
                    % {"most": MAX_EXTENSION_DAYS, "room": room}
                }
            )
        received = timezone.localdate(current.received_at)
        first_deadline = timezone.localdate(current.due_at)
        if person_told_on > timezone.localdate():
            raise ValidationError({"person_told_on": _("That day has not come yet.")})
        if not received <= person_told_on <= first_deadline:
            raise ValidationError(
                {
                    "person_told_on": _(
                        "The person must be told of the extension, and why, within the first "
                        "month: between %(received)s and %(deadline)s."
                    )
                    % {
                        "received": calendar_date(received),
                        "deadline": calendar_date(first_deadline),
                    }
                }
            )
        before = current.deadline
        current.extended_to = before + timedelta(days=days)
        line = (
            f"{timezone.localdate():%Y-%m-%d}: +{days} days to "
            f"{timezone.localtime(current.extended_to):%Y-%m-%d}, person told on "
            f"{person_told_on:%Y-%m-%d}. {reason}"
        )
        current.extension_reason = "\n".join(
            part for part in [current.extension_reason.strip(), line] if part
        )
        current.full_clean()
        current.save(update_fields=["extended_to", "extension_reason"])
        audit.record(
            "privacy.request_extended",
            actor=by,
            request=request,
            obj=current,
            changes={
                "deadline": [before.isoformat(), current.extended_to.isoformat()],
                "days": days,
                "person_told_on": person_told_on.isoformat(),
            },
        )
    data_request.refresh_from_db()
    return data_request


def data_request_close(
    *,
    data_request: DataRequest,
    status: str,
    outcome: str,
    by,
    request: HttpRequest | None = None,
) -> DataRequest:
    """Close an open request as done, refused or withdrawn, saying what was done or why not.

    Two people closing it at once: the first wins, the second gets RequestNotOpen.
    """
    closing = {DataRequest.Status.DONE, DataRequest.Status.REFUSED, DataRequest.Status.WITHDRAWN}
    if status not in closing:
        raise ValueError(f"not a closing status: {status!r}")
    outcome = outcome.strip()
    if not outcome:
        if status == DataRequest.Status.REFUSED:
            refused = _("Say why it is refused: the log is the proof of the answer.")
        else:
            refused = _("Say what was done: the log is the proof of the answer.")
        raise ValidationError({"outcome": refused})
    with transaction.atomic():
        current = _locked_open(data_request)
        current.status = status
        current.outcome = outcome
        current.completed_at = timezone.now()
        current.completed_by = by
        current.full_clean()
        current.save(update_fields=["status", "outcome", "completed_at", "completed_by"])
        audit.record(
            f"privacy.request_{status}",
            actor=by,
            request=request,
            obj=current,
            changes={
                "status": [DataRequest.Status.OPEN, status],
                "in_time": current.completed_at <= current.deadline,
            },
        )
    data_request.refresh_from_db()
    return data_request


def data_request_complete(
    *, data_request: DataRequest, outcome: str, by, request: HttpRequest | None = None
) -> DataRequest:
    """Close an open request as done, with what was done."""
    return data_request_close(
        data_request=data_request,
        status=DataRequest.Status.DONE,
        outcome=outcome,
        by=by,
        request=request,
    )


def data_request_refuse(
    *, data_request: DataRequest, reason: str, by, request: HttpRequest | None = None
) -> DataRequest:
    """Close an open request as refused (GDPR Art. 12(5): manifestly unfounded or excessive,
    or the person could not be identified), with the reason the person is given."""
    return data_request_close(
        data_request=data_request,
        status=DataRequest.Status.REFUSED,
        outcome=reason,
        by=by,
        request=request,
    )


# --- Restriction and objection ---------------------------------------------------------------

FLAGS = {
    # flag: (field, audit action when set, audit action when lifted)
    "restriction": ("restricted_at", "privacy.processing_restricted", "privacy.restriction_lifted"),
    "objection": ("objected_at", "privacy.objection_recorded", "privacy.objection_lifted"),
}


def candidate_processing_flag(
    *,
    candidate,
    flag: str,
    stop: bool,
    by,
    data_request: DataRequest | None = None,
    request: HttpRequest | None = None,
):
    """Set (`stop`) or lift a person's restriction (GDPR Art. 18) or objection (Art. 21).

    While either is set nothing new is done with the person's data: see
    `Candidate.check_processing_allowed`. Setting a flag already set, or lifting one already
    lifted, changes nothing and records nothing.
    """
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}")
    field, set_action, lift_action = FLAGS[flag]
    with transaction.atomic():
        current = type(candidate).objects.select_for_update().get(pk=candidate.pk)
        if current.anonymised_at is not None or current.merged_into_id is not None:
            raise ValidationError(_("This candidate record was merged or erased."))
        before = getattr(current, field)
        if (before is not None) == stop:
            return candidate
        setattr(current, field, timezone.now() if stop else None)
        current.save(update_fields=[field, "updated_at"])
        changes = {field: [_iso(before), _iso(getattr(current, field))]}
        if data_request is not None:
            changes["data_request"] = data_request.pk
        audit.record(
            set_action if stop else lift_action,
            actor=by,
            request=request,
            obj=current,
            changes=changes,
        )
    candidate.refresh_from_db(fields=[field, "updated_at"])
    return candidate


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# --- Deadline reminders ----------------------------------------------------------------------

REMINDED = "privacy.request_reminded"


def data_requests_remind(*, now: datetime | None = None) -> int:
    """Tell each open request's owner (or, when nobody owns it, every provider admin) once
    that its deadline is REMINDER_DAYS away or nearer; how many requests were reminded.

    "Once" per deadline: the reminder is an audit event naming the deadline it was for, so an
    extended request is reminded again before its new deadline.
    """
    now = now or timezone.now()
    horizon = now + timedelta(days=REMINDER_DAYS)
    due = list(
        DataRequest.objects.filter(status=DataRequest.Status.OPEN)
        .annotate(until=Coalesce("extended_to", "due_at"))
        .filter(until__gt=now, until__lte=horizon)
        .select_related("owner")
    )
    if not due:
        return 0
    reminded = {
        (object_id, changes.get("deadline"))
        for object_id, changes in AuditEvent.objects.filter(
            action=REMINDED,
            object_type=DataRequest._meta.label,
            object_id__in=[str(r.pk) for r in due],
        ).values_list("object_id", "changes")
    }
    admins = None
    sent = 0
    for data_request in due:
        deadline = data_request.deadline
        if (str(data_request.pk), deadline.isoformat()) in reminded:
            continue
        if data_request.owner is not None and data_request.owner.is_active:
            people = [data_request.owner]
        else:
            if admins is None:
                admins = list(request_owners())
            people = admins
        days = max((deadline - now).days, 0)
        notify(
            people,
            kind="data_request",
            # In each reader's language (accounts.notifications.translated)
            text=_reminder_text(days=days, owned=bool(data_request.owner_id)),
            params={
                **_named(data_request),
                "days": days,
                "deadline": timezone.localdate(deadline),
            },
            url=_request_url(data_request),
        )
        audit.record(
            REMINDED,
            actor_label="Outhire",
            obj=data_request,
            changes={"deadline": deadline.isoformat(), "told": len(people)},
        )
        sent += 1
    return sent
