"""Moving applications through a requisition's pipeline.

Every function takes the version the caller saw (`expected_version`): when someone else moved
the application since, it raises StaleVersion with the current application and writes nothing.
A move that the rules refuse raises ValidationError with a message for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.candidates.models import Candidate
from outhire.candidates.services import timeline_add
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Application, StageEvent
from outhire.pipeline.signals import application_closed
from outhire.requisitions import services as requisition_services
from outhire.requisitions.models import (
    CLIENT_VISIBLE_KINDS,
    DispositionReason,
    Requisition,
    Stage,
    StageKind,
)
from outhire.requisitions.services import StaleVersion
from outhire.webhooks.services import event_emit

Status = Application.Status
ACCEPTS_APPLICATIONS = {Requisition.Status.OPEN, Requisition.Status.ON_HOLD}


def _locked(application: Application, expected_version: int | None) -> Application:
    """The application's row, locked until the caller's transaction ends; StaleVersion if moved.

    Only that row is locked, with no join: on PostgreSQL a FOR UPDATE over a join also locks
    the stage and requisition rows, and when a concurrent mover has changed `stage_id` in the
    meantime the join is re-checked against the new row and matches nothing (DoesNotExist,
    a 500). Its stage and requisition are read after the lock, so they are current.
    """
    current = Application.objects.select_for_update().get(pk=application.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    return current


def _stage(stage: Stage | None) -> dict | None:
    return None if stage is None else {"id": stage.pk, "name": stage.name, "kind": stage.kind}


def application_payload(application: Application, *, event: StageEvent | None = None) -> dict:
    """What webhooks say about an application (no contact data; docs/webhooks.md)."""
    requisition = application.requisition
    data = {
        "id": application.pk,
        "candidate": {"id": application.candidate_id, "name": application.candidate.full_name},
        "requisition": {
            "id": requisition.pk,
            "reference": requisition.reference,
            "title": requisition.title,
        },
        "stage": _stage(application.stage),
        "status": application.status,
        "source": application.source,
        "created_at": application.created_at,
        "moved_at": application.moved_at,
    }
    if event is not None:
        data["from_stage"] = _stage(event.from_stage)
        data["disposition"] = event.disposition.name if event.disposition_id else None
        data["by"] = "candidate" if event.by_id is None else "staff"
    return data


# What each kind of stage event tells the client's systems (none for a reopening).
EVENT_OF_KIND = {
    StageEvent.Kind.MOVED: "application.moved",
    StageEvent.Kind.HIRED: "application.moved",
    StageEvent.Kind.REJECTED: "application.rejected",
    StageEvent.Kind.WITHDRAWN: "application.withdrawn",
}


def _record(
    current: Application,
    *,
    kind: str,
    to_stage: Stage,
    to_status: str,
    by: User | None,
    reason: str = "",
    disposition: DispositionReason | None = None,
    at=None,
    request: HttpRequest | None = None,
    emails: list[messaging.Draft] | None = None,
) -> StageEvent:
    at = at or timezone.now()
    event = StageEvent.objects.create(
        client_id=current.client_id,
        application=current,
        kind=kind,
        from_stage=current.stage,
        to_stage=to_stage,
        from_kind=current.stage.kind,
        to_kind=to_stage.kind,
        from_status=current.status,
        to_status=to_status,
        at=at,
        by=by,
        reason=reason,
        disposition=disposition,
    )
    current.stage = to_stage
    current.status = to_status
    current.moved_at = at
    current.version += 1
    current.disposition = disposition if to_status != Status.ACTIVE else None
    if to_stage.kind in CLIENT_VISIBLE_KINDS and current.reached_client_at is None:
        current.reached_client_at = at
    current.closed_at = at if to_status != Status.ACTIVE else None
    current.save()
    if to_status != Status.ACTIVE:
        # In the move's transaction: what others do about it (interviews called off) commits
        # or rolls back with it.
        application_closed.send(sender=Application, application=current, by=by, request=request)
    if kind in EVENT_OF_KIND:
        event_emit(
            client=current.client_id,
            event=EVENT_OF_KIND[kind],
            payload=partial(application_payload, current, event=event),
        )
    if kind != StageEvent.Kind.REOPENED:
        # E-mails for this move, once it is committed (those the person saw and chose, or the
        # client's templates when no person was shown any); a failure there must not undo it.
        transaction.on_commit(
            partial(messaging.on_stage_event, event.pk, drafts=emails), robust=True
        )
    return event


def application_create(
    *,
    requisition: Requisition,
    candidate: Candidate,
    by: User | None,
    stage: Stage | None = None,
    source: str = "",
    source_detail: str = "",
    request: HttpRequest | None = None,
    at=None,
) -> Application:
    if requisition.status not in ACCEPTS_APPLICATIONS:
        raise ValidationError(
            _("This requisition is %(status)s: it does not take candidates.")
            % {"status": requisition.get_status_display().lower()}
        )
    if candidate.merged_into_id or candidate.anonymised_at:
        raise ValidationError(_("This candidate record was merged or erased."))
    if by is not None and by.is_provider_staff:
        # Staff adding the person to a pipeline process their data. The person applying again
        # (by=None) or being referred is not refused: it is their own or a third party's
        # doing, and the refusal would tell a referrer about the person's GDPR requests. The
        # application then cannot be moved until the flag is lifted.
        candidate.check_processing_allowed("adding them to a pipeline")
    stages = list(requisition.stages.filter(archived=False))
    if not stages:
        # Only a requisition opened round its approval chain (before the transition table)
        # can be open without the stages that opening copies.
        raise ValidationError(_("This requisition has no pipeline stages yet: it takes no one."))
    if stage is None:
        wanted = StageKind.APPLIED if source == "careers_site" else StageKind.SOURCED
        stage = next((s for s in stages if s.kind == wanted), None) or stages[0]
    elif stage.requisition_id != requisition.pk or stage.archived:
        raise ValidationError(_("That stage is not one of this requisition's."))
    if stage.kind == StageKind.HIRED:
        raise ValidationError(_("A candidate enters the pipeline before the hired stage."))
    at = at or timezone.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                client_id=requisition.client_id,
                candidate=candidate,
                requisition=requisition,
                stage=stage,
                source=source or candidate.source,
                source_detail=source_detail,
                owner=by if by and by.is_provider_staff else None,
                created_at=at,
                moved_at=at,
                reached_client_at=at if stage.kind in CLIENT_VISIBLE_KINDS else None,
            )
            event = StageEvent.objects.create(
                client_id=requisition.client_id,
                application=application,
                kind=StageEvent.Kind.CREATED,
                to_stage=stage,
                to_kind=stage.kind,
                to_status=Status.ACTIVE,
                at=at,
                by=by,
            )
            transaction.on_commit(partial(messaging.on_stage_event, event.pk), robust=True)
            event_emit(
                client=requisition.client_id,
                event="application.created",
                payload=partial(application_payload, application),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already in the pipeline of this requisition.")
            % {"name": candidate.full_name}
        ) from None
    timeline_add(
        candidate,
        "application",
        f"Added to “{requisition.title}”",
        by=by,
        client=requisition.client,
        at=at,
    )
    audit.record("application.created", actor=by, request=request, obj=application)
    return application


def application_move(
    *,
    application: Application,
    to_stage: Stage,
    by: User | None,
    expected_version: int | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
    at=None,
    emails: list[messaging.Draft] | None = None,
) -> Application:
    """Move an active application to another stage of its requisition; `hired` is a hire.

    `emails`: exactly what to e-mail the candidate once it is committed, as the person moving
    it saw and chose it (`messaging.move_drafts`; an empty list sends nothing). None sends the
    client's templates for the move as they are (the API, the candidate accepting an offer).
    """
    with transaction.atomic():
        current = _locked(application, expected_version)
        if current.status != Status.ACTIVE:
            raise ValidationError(
                _("This application is %(status)s: reopen it first.")
                % {"status": current.get_status_display().lower()}
            )
        if to_stage.requisition_id != current.requisition_id or to_stage.archived:
            raise ValidationError(_("That stage is not one of this requisition's."))
        if to_stage.pk == current.stage_id:
            raise ValidationError(
                _("The application is already at “%(stage)s”.") % {"stage": to_stage.name}
            )
        current.candidate.check_processing_allowed("moving them to another stage")
        if to_stage.kind == StageKind.HIRED:
            _hire(current, to_stage, by=by, reason=reason, request=request, at=at, emails=emails)
            application.refresh_from_db()
            return application
        from_name = current.stage.name
        _record(
            current,
            kind=StageEvent.Kind.MOVED,
            to_stage=to_stage,
            to_status=Status.ACTIVE,
            by=by,
            reason=reason,
            at=at,
            request=request,
            emails=emails,
        )
        timeline_add(
            current.candidate,
            "stage",
            f"{current.requisition.title}: {from_name} → {to_stage.name}",
            by=by,
            client=current.requisition.client,
            at=at,
        )
    application.refresh_from_db()
    return application


def _hire(
    current: Application, stage: Stage, *, by, reason, request, at, emails=None
) -> Application:
    requisition = current.requisition
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationError(
            _("This requisition is %(status)s: no one can be hired on it now.")
            % {"status": requisition.get_status_display().lower()}
        )
    _record(
        current,
        kind=StageEvent.Kind.HIRED,
        to_stage=stage,
        to_status=Status.HIRED,
        by=by,
        reason=reason,
        at=at,
        request=request,
        emails=emails,
    )
    requisition_services.opening_fill(
        requisition=requisition, application=current, by=by, request=request
    )
    timeline_add(
        current.candidate,
        "stage",
        f"Hired for “{requisition.title}”",
        by=by,
        client=requisition.client,
        at=at,
    )
    audit.record("application.hired", actor=by, request=request, obj=current)
    return current


def application_reject(
    *,
    application: Application,
    by: User | None,
    disposition: DispositionReason,
    reason: str = "",
    expected_version: int | None = None,
    withdrawn: bool = False,
    request: HttpRequest | None = None,
    at=None,
    emails: list[messaging.Draft] | None = None,
) -> Application:
    """Close an active application as rejected (or withdrawn by the candidate), with a reason.

    `emails` as for `application_move`.
    """
    to_status = Status.WITHDRAWN if withdrawn else Status.REJECTED
    with transaction.atomic():
        current = _locked(application, expected_version)
        if current.status != Status.ACTIVE:
            raise ValidationError(
                _("This application is already %(status)s.")
                % {"status": current.get_status_display().lower()}
            )
        if disposition is None or disposition.client_id != current.client_id:
            raise ValidationError({"disposition": _("Choose a reason from the client's list.")})
        if disposition.applies_to != to_status:
            raise ValidationError({"disposition": _("That reason is not for this kind of ending.")})
        _record(
            current,
            kind=StageEvent.Kind.WITHDRAWN if withdrawn else StageEvent.Kind.REJECTED,
            to_stage=current.stage,
            to_status=to_status,
            by=by,
            reason=reason,
            disposition=disposition,
            at=at,
            request=request,
            emails=emails,
        )
        verb = "Withdrew from" if withdrawn else "Rejected for"
        timeline_add(
            current.candidate,
            "stage",
            f"{verb} “{current.requisition.title}”: {disposition.name}",
            by=by,
            client=current.requisition.client,
            at=at,
        )
    application.refresh_from_db()
    return application


def application_reopen(
    *,
    application: Application,
    by: User | None,
    reason: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Application:
    """Make a closed application active again at its stage; a hire gives back its opening."""
    with transaction.atomic():
        current = _locked(application, expected_version)
        if current.status == Status.ACTIVE:
            raise ValidationError(_("This application is already active."))
        if current.requisition.status not in ACCEPTS_APPLICATIONS | {Requisition.Status.FILLED}:
            raise ValidationError(_("Its requisition is closed."))
        stage = current.stage
        if current.status == Status.HIRED:
            requisition_services.opening_release(application=current, by=by, request=request)
            stage = (
                current.requisition.stages.filter(archived=False, kind=StageKind.OFFER).first()
                or stage
            )
        _record(
            current,
            kind=StageEvent.Kind.REOPENED,
            to_stage=stage,
            to_status=Status.ACTIVE,
            by=by,
            reason=reason,
            request=request,
        )
        audit.record("application.reopened", actor=by, request=request, obj=current)
    application.refresh_from_db()
    return application


@dataclass
class BulkResult:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def applications_bulk(
    *,
    applications: list[Application],
    by: User,
    to_stage: Stage | None = None,
    disposition: DispositionReason | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
    emails: list[messaging.Draft] | None = None,
) -> BulkResult:
    """Move (to `to_stage`) or reject (with `disposition`) many; each one on its own.

    `emails`: the e-mails the person chose, with their merge fields still in (rendered for
    each candidate; an empty list sends nothing); None sends the client's templates.
    """
    result = BulkResult()
    for application in applications:
        own = None if emails is None else messaging.drafts_render(emails, application, by=by)
        try:
            if to_stage is not None:
                done = application_move(
                    application=application,
                    to_stage=to_stage,
                    by=by,
                    reason=reason,
                    request=request,
                    emails=own,
                )
            else:
                done = application_reject(
                    application=application,
                    by=by,
                    disposition=disposition,
                    reason=reason,
                    request=request,
                    emails=own,
                )
        except ValidationError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.done.append(done)
    return result
