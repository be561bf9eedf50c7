"""Erasure (GDPR Art. 17): remove or anonymise a person everywhere Outhire holds them.

What is removed: contact details (with their blind indexes), documents and their files, the
parsed profile, notes, consents, pools, community memberships, the timeline, AI scores and
their screening profile, the answers, messages (the e-mail log), comments, self-identification
and hand-off notes of their applications.

What is kept, anonymous: the candidate row as a tombstone ("Erased", no name, no contact,
nothing searchable), and each application with its dates, stages and outcome, so time to fill,
the funnel, source and hire counts stay true. Interviews, scorecards, offers and surveys keep
their numbers (dates, scores, salary) but lose their free text.

What is rewritten: every audit event, notification, webhook delivery, import report, data
request and legal hold that names the person has the name, e-mails and phones replaced by
"[erased]": the trail keeps the event, without the personal data.

A legal hold on the person, or on a requisition they applied to, refuses the erasure.
`verify_erasure` then scans the whole database, the stored files, the e-mail folder and the cache
(`outhire.privacy.scan`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent, Notification
from outhire.accounts.tenancy import unscoped
from outhire.analytics.models import CandidateSurvey, SurveyOptOut
from outhire.candidates.imports.uploads import delete_files
from outhire.candidates.models import Candidate, Document, ImportJob
from outhire.community.models import Delivery as CampaignDelivery
from outhire.community.models import Member
from outhire.interviews.models import Interview, Rating, Scorecard
from outhire.offers.models import HandOff, Hire, Offer, PostHireReview
from outhire.offers.services import offer_withdraw
from outhire.pipeline.models import (
    Application,
    ApplicationAnswer,
    Comment,
    Message,
    StageEvent,
)
from outhire.pipeline.services import application_reject
from outhire.preboarding.models import RightToWorkCheck
from outhire.privacy.export import _candidates_of
from outhire.privacy.models import DataRequest, LegalHold, SelfIdentification
from outhire.privacy.scan import Identifiers, ScanReport, identifiers_of, purge_cache, scan
from outhire.referrals.models import Referral
from outhire.requisitions.models import Approval, DispositionReason, RequisitionEvent
from outhire.screening.models import (
    AssessmentAnswer,
    ScoreLog,
    ScreeningProfile,
    SimilarityLog,
)
from outhire.webhooks.models import Delivery as WebhookDelivery
from outhire.webhooks.services import event_emit

ERASED = "[erased]"
TOMBSTONE_NAME = "Erased"


class ErasureRefused(Exception):
    """The person may not be erased now; the message says why, for the person asking."""


@dataclass
class Erasure:
    candidate_id: int
    records: list[int]
    removed: Counter = field(default_factory=Counter)
    rewritten: Counter = field(default_factory=Counter)
    files_deleted: int = 0
    # What identified the person: kept in memory for the verification scan, never stored.
    identifiers: Identifiers = field(default_factory=Identifiers, repr=False)


def active_holds(candidate: Candidate) -> list[LegalHold]:
    """The holds that keep this person's data: on them, or on a requisition they applied to."""
    with unscoped():
        ids = [c.pk for c in _candidates_of(candidate)]
        requisitions = Application.objects.filter(candidate__in=ids).values("requisition_id")
        return list(
            LegalHold.objects.filter(released_at__isnull=True).filter(
                Q(candidate__in=ids) | Q(requisition__in=requisitions)
            )
        )


def candidate_erase(
    *,
    candidate: Candidate,
    by=None,
    data_request: DataRequest | None = None,
    reason: str = "request",
) -> Erasure:
    """Erase `candidate` (and the records merged into theirs) everywhere; see the module.

    Refuses (ErasureRefused) under an active legal hold. Running it again on an erased
    record finds little left and is harmless. Files are deleted once the transaction commits.
    """
    with unscoped():
        if active_holds(candidate):
            raise ErasureRefused(
                _("A legal hold keeps this person's data: release the hold before erasing.")
            )
        people = _candidates_of(candidate)
        identifiers = identifiers_of(people)
        erasure = Erasure(
            candidate_id=candidate.pk, records=[p.pk for p in people], identifiers=identifiers
        )
        files: list[str] = []
        with transaction.atomic():
            # Lock the records: an import or a portal edit cannot add to them meanwhile.
            list(Candidate.objects.select_for_update().filter(pk__in=erasure.records))
            app_ids = list(
                Application.objects.filter(candidate__in=erasure.records).values_list(
                    "pk", flat=True
                )
            )
            by_client: dict[int, list[int]] = {}
            for client_id, pk in Application.objects.filter(pk__in=app_ids).values_list(
                "client_id", "pk"
            ):
                by_client.setdefault(client_id, []).append(pk)
            _close_open_work(erasure, app_ids, by)
            files += _remove_person_data(erasure, app_ids)
            _strip_applications(erasure, app_ids)
            _rewrite_mentions(erasure, identifiers)
            _tombstone(erasure)
            # Each client that had the person's applications is told, so it erases them too
            # (ids only: nothing left to identify the person by).
            erased_at = timezone.now()
            for client_id, applications in sorted(by_client.items()):
                event_emit(
                    client=client_id,
                    event="candidate.erased",
                    payload={
                        "candidate": candidate.pk,
                        "records": sorted(erasure.records),
                        "applications": sorted(applications),
                        "erased_at": erased_at,
                    },
                )
            if data_request is not None:
                DataRequest.objects.filter(pk=data_request.pk).update(
                    status=DataRequest.Status.DONE,
                    completed_at=timezone.now(),
                    completed_by=by,
                    outcome=data_request.outcome or "Erased.",
                )
            audit.record(
                "privacy.erased",
                actor=by,
                actor_label="" if by else f"Outhire ({reason})",
                changes={
                    "record": f"Candidate #{candidate.pk}",
                    "records": len(erasure.records),
                    "reason": reason,
                    "removed": dict(erasure.removed),
                    "rewritten": dict(erasure.rewritten),
                    "files": len(files),
                },
            )
            erasure.files_deleted = len(files)
            pattern = identifiers.pattern()
            transaction.on_commit(lambda: _delete_files(files, pattern, identifiers))
    return erasure


def verify_erasure(erasure: Erasure, *, by=None) -> ScanReport:
    """Scan everything for the erased person and record the outcome (places, not values)."""
    report = scan(erasure.identifiers)
    audit.record(
        "privacy.erasure_verified",
        actor=by,
        actor_label="" if by else "Outhire",
        changes={
            "record": f"Candidate #{erasure.candidate_id}",
            "clean": report.clean,
            "tables": report.tables,
            "columns": report.columns,
            "files": report.files,
            "findings": report.findings,
        },
    )
    return report


ERASED_REASON = "Erased at the person's request"


def _close_open_work(erasure: Erasure, app_ids: list[int], by) -> None:
    """Applications still in progress end as withdrawn (interviews are called off with them)
    and open offers are withdrawn, as the portal tells the person; nobody is e-mailed."""
    for offer in Offer.objects.filter(application__in=app_ids):
        if offer.is_open:
            offer_withdraw(offer=offer, by=by, reason="The person's data was erased.")
            erasure.rewritten["offers withdrawn"] += 1
    active = Application.objects.filter(pk__in=app_ids, status=Application.Status.ACTIVE)
    for application in active.select_related("client"):
        reason = DispositionReason.objects.filter(
            client=application.client, name=ERASED_REASON, applies_to="withdrawn"
        ).first() or DispositionReason.objects.create(
            client=application.client,
            name=ERASED_REASON,
            applies_to="withdrawn",
            # Inactive: it records what happened without joining the client's choice lists.
            is_active=False,
            position=999,
        )
        application_reject(
            application=application, by=by, disposition=reason, withdrawn=True, emails=[]
        )
        erasure.rewritten["applications closed"] += 1


def _remove_person_data(erasure: Erasure, app_ids: list[int]) -> list[str]:
    """Delete what only describes the person; return the document files to delete."""
    ids = erasure.records
    removed = erasure.removed
    documents = Document.objects.filter(candidate__in=ids)
    names = set(documents.exclude(file="").values_list("file", flat=True))
    # A file stored once for two records (the same resume) stays while another keeps it.
    shared = set(
        Document.objects.filter(file__in=names)
        .exclude(candidate__in=ids)
        .values_list("file", flat=True)
    )
    person = Candidate.objects.filter(pk__in=ids)
    for label, queryset in (
        ("contact details", _related(person, "contact_points")),
        ("documents", documents),
        ("profile entries", _related(person, "profile_entries")),
        ("notes", _related(person, "notes")),
        ("consents", _related(person, "consents")),
        ("pool memberships", _related(person, "pool_memberships")),
        ("timeline events", _related(person, "timeline")),
        ("pending e-mail changes", _related(person, "portal_email_changes")),
        ("community memberships", Member.objects.filter(candidate__in=ids)),
        ("campaign deliveries", CampaignDelivery.objects.filter(candidate__in=ids)),
        ("survey opt-outs", SurveyOptOut.objects.filter(candidate__in=ids)),
        ("AI scores", ScoreLog.objects.filter(candidate__in=ids)),
        (
            "similarity suggestions",
            SimilarityLog.objects.filter(Q(candidate__in=ids) | Q(origin__in=ids)),
        ),
        ("screening profiles", ScreeningProfile.objects.filter(candidate__in=ids)),
        ("answers", ApplicationAnswer.objects.filter(application__in=app_ids)),
        ("messages", Message.objects.filter(application__in=app_ids)),
        ("comments", Comment.objects.filter(application__in=app_ids)),
        ("self-identification", SelfIdentification.objects.filter(application__in=app_ids)),
        ("hand-off notes", HandOff.objects.filter(hire__application__in=app_ids)),
        (
            "right-to-work checks",
            RightToWorkCheck.objects.filter(item__checklist__hire__application__in=app_ids),
        ),
    ):
        count, _ = queryset.delete()
        if count:
            removed[label] += count
    for candidate in person:
        candidate.tags.clear()
    return sorted(names - shared)


def _related(people, name: str):
    field_ = Candidate._meta.get_field(name)
    return field_.related_model._base_manager.filter(
        **{f"{field_.field.name}__in": people.values("pk")}
    )


def _strip_applications(erasure: Erasure, app_ids: list[int]) -> None:
    """Keep each application's facts (dates, stages, outcome, scores, pay) without free text."""
    rewritten = erasure.rewritten
    updates = (
        (
            "applications",
            Application.objects.filter(pk__in=app_ids),
            {"review_reason": "", "referrer": ""},
        ),
        (
            "stage events",
            StageEvent.objects.filter(application__in=app_ids).exclude(reason=""),
            {"reason": ""},
        ),
        (
            "interviews",
            Interview.objects.filter(application__in=app_ids),
            {"cancel_reason": "", "link_nonce": ""},
        ),
        (
            "scorecards",
            Scorecard.objects.filter(interview__application__in=app_ids).exclude(notes=""),
            {"notes": ""},
        ),
        (
            "ratings",
            Rating.objects.filter(scorecard__interview__application__in=app_ids).exclude(note=""),
            {"note": ""},
        ),
        (
            "offers",
            Offer.objects.filter(application__in=app_ids),
            {
                "signed_name": "",
                "response_ip": None,
                "response_user_agent": "",
                "decline_reason": "",
                "other_terms": "",
            },
        ),
        (
            "hires",
            Hire.objects.filter(application__in=app_ids).exclude(leave_reason=""),
            {"leave_reason": ""},
        ),
        (
            "post-hire reviews",
            PostHireReview.objects.filter(hire__application__in=app_ids).exclude(comment=""),
            {"comment": ""},
        ),
        (
            "surveys",
            CandidateSurvey.objects.filter(application__in=app_ids).exclude(comment=""),
            {"comment": ""},
        ),
        (
            "assessment answers",
            AssessmentAnswer.objects.filter(sitting__application__in=app_ids),
            {"text": "", "reviewer_note": ""},
        ),
        (
            "referrals",
            Referral.objects.filter(application__in=app_ids),
            {"referred_name": "", "note": ""},
        ),
    )
    for label, queryset, values in updates:
        count = queryset.update(**values)
        if count:
            rewritten[label] += count
    # An interview's title was written for people ("Interview with Ada Lovelace").
    for interview in Interview.objects.filter(application__in=app_ids).select_related("plan"):
        title = interview.plan.name if interview.plan_id else interview.get_kind_display()
        if interview.title != title:
            Interview.objects.filter(pk=interview.pk).update(title=title[:200])


def _mentions(model, fields: list[str], values: tuple[str, ...]):
    """Rows of `model` whose `fields` (text or JSON) contain any of `values`, any case."""
    casts = {f"_text_{name}": Cast(name, TextField()) for name in fields}
    condition = Q()
    for alias in casts:
        for value in values:
            condition |= Q(**{f"{alias}__icontains": value})
    return model._base_manager.annotate(**casts).filter(condition)


def _rewrite_mentions(erasure: Erasure, identifiers: Identifiers) -> None:
    """Replace the person's name, e-mails and phones wherever staff-side text names them."""
    pattern = identifiers.pattern()
    if pattern is None:
        return
    values = identifiers.variants()

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub(ERASED, value)
        if value is None or isinstance(value, bool | int | float):
            return value
        return json.loads(pattern.sub(ERASED, json.dumps(value)))

    record = f"Candidate #{erasure.candidate_id} ({ERASED})"
    people = [str(pk) for pk in erasure.records]
    # The audit trail: the events about the person's record lose its name, and any event whose
    # text names them has the name replaced.
    events = (
        AuditEvent._base_manager.filter(object_type="candidates.Candidate", object_id__in=people)
        .exclude(object_repr=record)
        .values_list("pk", flat=True)
    )
    erasure.rewritten["audit events"] += audit.rewrite_for_erasure(events, object_repr=record)
    for model, fields, label in (
        (AuditEvent, ["object_repr", "changes"], "audit events"),
        (Comment, ["body"], "comments elsewhere"),
        (RequisitionEvent, ["reason"], "requisition events"),
        (Approval, ["comment"], "approval comments"),
        (StageEvent, ["reason"], "stage events elsewhere"),
        (DataRequest, ["details", "outcome", "extension_reason"], "data requests"),
        (LegalHold, ["reason"], "legal holds"),
        (ImportJob, ["errors", "duplicates", "message"], "import reports"),
    ):
        for row in _mentions(model, fields, values):
            changed = {name: scrub(getattr(row, name)) for name in fields}
            if model is AuditEvent:
                audit.rewrite_for_erasure([row.pk], **changed)
            else:
                model._base_manager.filter(pk=row.pk).update(**changed)
            erasure.rewritten[label] += 1
    # Notifications are a person's to-do list: one about the erased person has nothing left to do.
    notifications = _mentions(Notification, ["text"], values)
    count, _ = Notification._base_manager.filter(pk__in=notifications.values("pk")).delete()
    if count:
        erasure.removed["notifications"] += count
    # Webhook bodies are encrypted, so they are read here rather than searched in SQL.
    # Only deliveries made since the person's first record can carry their data.
    since = min(c.created_at for c in Candidate._base_manager.filter(pk__in=erasure.records))
    deliveries = WebhookDelivery._base_manager.filter(created_at__gte=since)
    for delivery in deliveries.only("pk", "body").iterator(chunk_size=200):
        if delivery.body and pattern.search(delivery.body):
            WebhookDelivery._base_manager.filter(pk=delivery.pk).update(
                body=pattern.sub(ERASED, delivery.body)
            )
            erasure.rewritten["webhook deliveries"] += 1
    # An import file that still holds the person's row goes: its report keeps the counts.
    for job in ImportJob.objects.exclude(file="").only("pk", "file", "resumes"):
        if _file_mentions(job.file, pattern):
            delete_files(job)
            erasure.removed["import files"] += 1


def _file_mentions(stored, pattern) -> bool:
    try:
        with stored.open("rb") as handle:
            text = handle.read(50 * 1024 * 1024).decode("utf-8", errors="replace")
    except (FileNotFoundError, OSError, ValueError):
        return False
    return bool(pattern.search(text))


def _tombstone(erasure: Erasure) -> None:
    now = timezone.now()
    Candidate._base_manager.filter(pk__in=erasure.records).update(
        first_name=TOMBSTONE_NAME,
        last_name="",
        address="",
        location="",
        time_zone="",
        current_title="",
        current_employer="",
        linkedin_url="",
        linkedin="",
        github_url="",
        portfolio_url="",
        source_detail="",
        summary="",
        years_experience=None,
        search_text="",
        external_ref="",
        owner=None,
        anonymised_at=now,
        restricted_at=None,
        objected_at=None,
    )
    erasure.rewritten["candidate records"] += len(erasure.records)


def _delete_files(names: list[str], pattern, identifiers: Identifiers) -> None:
    purge_cache(identifiers)
    storage = Document._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
    # The file e-mail backend's folder (development and the demo) is an e-mail log.
    if "filebased" in settings.EMAIL_BACKEND and pattern is not None:
        folder = Path(settings.EMAIL_FILE_PATH)
        for path in folder.glob("*") if folder.is_dir() else ():
            try:
                if path.is_file() and pattern.search(path.read_text("utf-8", errors="replace")):
                    path.unlink()
            except OSError:
                continue
