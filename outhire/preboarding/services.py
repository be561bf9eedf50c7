"""Pre-boarding workflows: the checklist made at the hire, completing items (by the provider,
the client or the new hire), right-to-work checks, and the hand-over to the client's HR system.

Every status change locks the checklist row first (`select_for_update`), so two people
finishing the last two items at once, or one finishing an item while another hands the
checklist over, are serialised: the checklist completes, and `preboarding.completed` is
emitted, exactly once.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.lib.tasks import enqueue
from outhire.offers.models import HandOff, Hire
from outhire.preboarding.models import (
    DEFAULT_TEMPLATE,
    OFFSET_LIMIT,
    Checklist,
    Item,
    Kind,
    Party,
    RightToWorkCheck,
    TemplateItem,
)
from outhire.webhooks.services import event_emit

EVENT = "preboarding.completed"


# --- Templates -------------------------------------------------------------------------------


def default_items() -> list[dict]:
    return [
        {
            "party": party.value,
            "kind": kind.value,
            "title": title,
            "offset_days": offset,
            "description": description,
            "position": position,
        }
        for position, (party, kind, title, offset, description) in enumerate(DEFAULT_TEMPLATE)
    ]


def template_for(client: Client) -> list[dict]:
    """The client's own template, or the provider's default while it has none."""
    rows = list(
        TemplateItem.objects.filter(client_id=client.pk).values(
            "party", "kind", "title", "offset_days", "description", "position"
        )
    )
    return rows or default_items()


def _template_materialise(client: Client) -> None:
    """Copy the default into the client's rows before the first change (caller holds a lock)."""
    if not TemplateItem.objects.filter(client_id=client.pk).exists():
        TemplateItem.objects.bulk_create(
            TemplateItem(client_id=client.pk, **row) for row in default_items()
        )


def _check_item_fields(*, title: str, party: str, kind: str, offset_days) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the item a title.")
    if party not in Party.values:
        errors["party"] = _("Choose who does it.")
    if kind not in Kind.values:
        errors["kind"] = _("Choose a kind.")
    if offset_days is None or not -OFFSET_LIMIT <= offset_days <= OFFSET_LIMIT:
        errors["offset_days"] = _("Between -%(limit)s and %(limit)s days.") % {
            "limit": OFFSET_LIMIT
        }
    if kind == Kind.DOCUMENT and party != Party.NEW_HIRE:
        errors["kind"] = _("Documents are uploaded by the new hire: make it the new hire's item.")
    if kind == Kind.RIGHT_TO_WORK and party == Party.NEW_HIRE:
        errors["party"] = _("The provider or the client checks the right to work.")
    if errors:
        raise ValidationError(errors)
    return errors


def template_item_add(
    *,
    client: Client,
    title: str,
    party: str,
    kind: str,
    offset_days: int,
    description: str = "",
    by: User,
    request: HttpRequest | None = None,
) -> TemplateItem:
    _check_item_fields(title=title, party=party, kind=kind, offset_days=offset_days)
    with transaction.atomic():
        Client.objects.select_for_update().get(pk=client.pk)
        _template_materialise(client)
        last = TemplateItem.objects.filter(client_id=client.pk).aggregate(m=Max("position"))["m"]
        item = TemplateItem(
            client=client,
            title=title.strip()[:200],
            description=(description or "").strip()[:500],
            party=party,
            kind=kind,
            offset_days=offset_days,
            position=(last or 0) + 1,
        )
        item.full_clean()
        item.save()
        audit.record(
            "preboarding.template_changed",
            actor=by,
            request=request,
            client=client,
            changes={"added": item.title},
        )
    return item


def template_item_remove(
    *, client: Client, position: int, by: User, request: HttpRequest | None = None
) -> None:
    """Remove the item at `position` of the client's template (the default's, copied first)."""
    with transaction.atomic():
        Client.objects.select_for_update().get(pk=client.pk)
        _template_materialise(client)
        item = TemplateItem.objects.filter(client_id=client.pk, position=position).first()
        if item is None:
            raise ValidationError(_("This item is no longer in the template."))
        item.delete()
        audit.record(
            "preboarding.template_changed",
            actor=by,
            request=request,
            client=client,
            changes={"removed": item.title},
        )


# --- The checklist ---------------------------------------------------------------------------


def checklist_create(*, hire: Hire) -> Checklist:
    """The hire's checklist from its client's template; due dates count from the start date.

    Called by `offers.hires.hire_create` inside the acceptance's transaction: one checklist per
    hire (the one-to-one column refuses a second).
    """
    checklist = Checklist.objects.create(client_id=hire.client_id, hire=hire)
    Item.objects.bulk_create(
        Item(
            client_id=hire.client_id,
            checklist=checklist,
            title=row["title"],
            description=row["description"],
            kind=row["kind"],
            party=row["party"],
            offset_days=row["offset_days"],
            due_on=hire.start_date + timedelta(days=row["offset_days"]),
            position=row["position"],
        )
        for row in template_for(hire.client)
    )
    return checklist


def checklist_welcome(
    *, checklist: Checklist, by: User, request: HttpRequest | None = None
) -> bool:
    """Send the new hire the welcome e-mail the user has read on the checklist page.

    Once: two clicks at the same moment send one e-mail (the row is locked). False when it had
    been sent already. Reminders to the new hire start only after it.
    """
    from outhire.preboarding.tasks import send_welcome

    with transaction.atomic():
        locked = _locked(checklist.pk)
        if locked.welcomed_at is not None or not locked.is_open:
            return False
        locked.welcomed_at = timezone.now()
        locked.save(update_fields=["welcomed_at"])
        audit.record("preboarding.welcome_sent", actor=by, request=request, obj=locked.hire)
        enqueue(send_welcome, locked.pk)
    checklist.welcomed_at = locked.welcomed_at
    return True


def latest_check(checklist: Checklist) -> RightToWorkCheck | None:
    return (
        RightToWorkCheck.objects.filter(item__checklist=checklist)
        .order_by("-recorded_at", "-id")
        .first()
    )


def summary(checklist: Checklist) -> dict:
    """The checklist's state for the hand-off record and the webhook: no document number, no
    document type or expiry, no free text."""
    items = list(checklist.items.order_by("due_on", "position", "id"))
    check = latest_check(checklist)
    return {
        "status": checklist.status,
        "items_done": sum(1 for i in items if i.is_done),
        "items_total": len(items),
        "completed_at": checklist.completed_at.isoformat() if checklist.completed_at else None,
        "handed_over_at": (
            checklist.handed_over_at.isoformat() if checklist.handed_over_at else None
        ),
        "handed_over_by": (
            checklist.handed_over_by.full_name or checklist.handed_over_by.email
            if checklist.handed_over_by
            else None
        ),
        "right_to_work": (
            {
                "outcome": check.outcome,
                "method": check.method,
                "checked_on": check.checked_on.isoformat(),
            }
            if check
            else None
        ),
        "items": [
            {
                "title": i.title,
                "party": i.party,
                "kind": i.kind,
                "due_on": i.due_on.isoformat(),
                "status": i.status,
                "done_at": i.done_at.isoformat() if i.done_at else None,
            }
            for i in items
        ],
    }


def summary_of_hire(hire: Hire) -> dict | None:
    checklist = Checklist.objects.filter(hire_id=hire.pk).first()
    return summary(checklist) if checklist else None


def _finish(checklist: Checklist, *, by: User | None, request: HttpRequest | None) -> None:
    """The checklist has just completed or been handed over (the caller holds its lock): the
    stored hand-off record gets its state, and `preboarding.completed` goes to the client."""
    state = summary(checklist)
    record = HandOff.objects.filter(hire_id=checklist.hire_id).first()
    if record is not None:
        body = record.payload
        body["preboarding"] = state
        record.body = json.dumps(body, cls=DjangoJSONEncoder)
        record.save(update_fields=["body"])
    audit.record(
        f"preboarding.{checklist.status}",
        actor=by,
        request=request,
        obj=checklist,
        actor_label="" if by else "the new hire",
        changes={"items_done": state["items_done"], "items_total": state["items_total"]},
    )
    event_emit(
        client=checklist.client_id,
        event=EVENT,
        payload=lambda: {"hire_id": checklist.hire_id, "preboarding": state},
    )


def _locked(checklist_id: int) -> Checklist:
    current = Checklist.objects.select_for_update().get(pk=checklist_id)
    if current.status == Checklist.Status.HANDED_OVER:
        raise ValidationError(
            _("The client's HR system has taken this checklist over: it can no longer change here.")
        )
    if current.status == Checklist.Status.COMPLETED:
        raise ValidationError(_("This checklist is already complete."))
    return current


def item_complete(
    *,
    item: Item,
    by: User | None,
    details: str = "",
    document=None,
    request: HttpRequest | None = None,
) -> Item:
    """Mark `item` done (`by` None: the new hire, through their link). The last item done
    completes the checklist."""
    details = (details or "").strip()
    if item.kind in {Kind.FIRST_DAY, Kind.BUDDY} and not details:
        message = (
            _("Write the first-day details for the new hire.")
            if item.kind == Kind.FIRST_DAY
            else _("Write the buddy's name and contact for the new hire.")
        )
        raise ValidationError({"details": message})
    if item.kind == Kind.DOCUMENT and document is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    if item.kind == Kind.RIGHT_TO_WORK:
        raise ValidationError(_("Record the right-to-work check with its outcome."))
    with transaction.atomic():
        checklist = _locked(item.checklist_id)
        current = Item.objects.select_for_update().get(pk=item.pk)
        if current.is_done:
            raise ValidationError(_("This item is already done."))
        _mark_done(current, by=by, details=details[:4000], document=document)
        audit.record(
            "preboarding.item_done",
            actor=by,
            request=request,
            obj=current,
            actor_label="" if by else "the new hire",
            changes={"item": current.title},
        )
        _complete_if_all_done(checklist, by=by, request=request)
    return current


def _mark_done(item: Item, *, by: User | None, details: str = "", document=None) -> None:
    item.status = Item.Status.DONE
    item.done_at = timezone.now()
    item.done_by = by
    fields = ["status", "done_at", "done_by"]
    if details:
        item.details = details
        fields.append("details")
    if document is not None:
        item.document = document
        fields.append("document")
    item.save(update_fields=fields)


def _complete_if_all_done(checklist: Checklist, *, by, request) -> None:
    if checklist.items.exclude(status=Item.Status.DONE).exists():
        return
    checklist.status = Checklist.Status.COMPLETED
    checklist.completed_at = timezone.now()
    checklist.save(update_fields=["status", "completed_at"])
    _finish(checklist, by=by, request=request)


def document_upload(
    *, item: Item, data: bytes, filename: str, max_bytes: int, request: HttpRequest | None = None
) -> Item:
    """The new hire's file for a document item, read on the hostile-file-safe path of every
    candidate document (`candidates.services.document_add`); refused files are not kept."""
    from outhire.candidates import services as candidate_services
    from outhire.candidates.models import Document

    if item.kind != Kind.DOCUMENT or item.party != Party.NEW_HIRE:
        raise ValidationError(_("This item takes no file."))
    with transaction.atomic():
        _locked(item.checklist_id)
        if Item.objects.filter(pk=item.pk, status=Item.Status.DONE).exists():
            raise ValidationError(_("This item is already done."))
        try:
            document = candidate_services.document_add(
                candidate=item.checklist.hire.application.candidate,
                data=data,
                filename=filename,
                kind=Document.Kind.OTHER,
                by=None,
                max_bytes=max_bytes,
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                if error.error_dict["file"][0].code == "unique":
                    raise ValidationError(
                        {"file": _("We already have this file from you: choose the right one.")}
                    ) from None
                raise ValidationError({"file": error.error_dict["file"]}) from None
            raise
        return item_complete(item=item, by=None, document=document, request=request)


def rtw_record(
    *,
    item: Item,
    by: User,
    outcome: str,
    method: str,
    checked_on: date,
    document_type: str = "",
    document_expires: date | None = None,
    request: HttpRequest | None = None,
) -> RightToWorkCheck:
    """Record a right-to-work check. A passing outcome completes the item; another is kept and
    the item stays open for a new check. No document number is ever asked for or kept."""
    errors = {}
    if item.kind != Kind.RIGHT_TO_WORK:
        raise ValidationError(_("This item is not a right-to-work check."))
    if outcome not in RightToWorkCheck.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if method not in RightToWorkCheck.Method.values:
        errors["method"] = _("Choose how it was checked.")
    if checked_on is None:
        errors["checked_on"] = _("Give the day of the check.")
    elif checked_on > timezone.localdate():
        errors["checked_on"] = _("Record a check once it is done.")
    if outcome == RightToWorkCheck.Outcome.TIME_LIMITED and document_expires is None:
        errors["document_expires"] = _("A time-limited right to work needs its expiry date.")
    if document_expires is not None and checked_on and document_expires < checked_on:
        errors["document_expires"] = _("The document had expired on the day of the check.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        checklist = _locked(item.checklist_id)
        current = Item.objects.select_for_update().get(pk=item.pk)
        if current.is_done:
            raise ValidationError(_("The right to work is already checked."))
        check = RightToWorkCheck.objects.create(
            client_id=item.client_id,
            item=current,
            outcome=outcome,
            method=method,
            document_type=(document_type or "").strip()[:100],
            document_expires=document_expires.isoformat() if document_expires else "",
            checked_on=checked_on,
            checked_by=by,
        )
        # The outcome only: the type and expiry stay out of the audit trail.
        audit.record(
            "preboarding.right_to_work_checked",
            actor=by,
            request=request,
            obj=current,
            changes={"outcome": outcome, "method": method},
        )
        if check.passes:
            _mark_done(current, by=by)
            _complete_if_all_done(checklist, by=by, request=request)
    return check


def checklist_hand_over(
    *, checklist: Checklist, by: User, request: HttpRequest | None = None
) -> Checklist:
    """The client's HR system takes over: the items still open freeze, reminders stop, and
    `preboarding.completed` goes out with the state of this moment."""
    with transaction.atomic():
        current = _locked(checklist.pk)
        current.items.filter(status=Item.Status.OPEN).update(status=Item.Status.HANDED_OVER)
        current.status = Checklist.Status.HANDED_OVER
        current.handed_over_at = timezone.now()
        current.handed_over_by = by
        current.save(update_fields=["status", "handed_over_at", "handed_over_by"])
        _finish(current, by=by, request=request)
    return current


# --- Who does what -----------------------------------------------------------------------------


def may_act(access, item: Item) -> bool:
    """Provider items: the provider's staff who write for the client. Client items: those who
    write for the client (its recruiters and admins, the provider's staff) and the hiring
    manager. New-hire items: the new hire only, through their link."""
    if access.read_only or not access.is_authenticated:
        return False
    if item.party == Party.PROVIDER:
        return access.is_provider_staff and access.can_write(item.client_id)
    if item.party == Party.CLIENT:
        hire = item.checklist.hire
        return access.can_write(item.client_id) or (
            hire.requisition.hiring_manager_id == access.user.pk
        )
    return False


def may_hand_over(access, checklist: Checklist) -> bool:
    return access.can_write(checklist.client_id)
