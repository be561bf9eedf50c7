"""Retention: whose data is due to be anonymised, by which rule and since when, and the run
that anonymises them; legal holds that suspend it.

Three parts:
- the rules, plain Python with no Django (`policy_for`, `retention_verdict`, `is_due`), so they
  can be read and tested alone: they see a person as `PersonFacts`;
- the selector (`people_facts`), the only code here that reads the database for the rules;
- the workflows: `retention_run` (the periodic job, its dry-run preview and "Run now"), the
  retention policies' save and delete, and `legal_hold_place` / `legal_hold_release`.

docs/privacy/retention.md explains the rules for a data protection officer.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts import audit
from outhire.accounts.tenancy import unscoped
from outhire.candidates.models import Candidate, Consent
from outhire.pipeline.models import Application
from outhire.privacy.erasure import candidate_erase
from outhire.privacy.models import LegalHold, RetentionPolicy, RetentionRun

logger = logging.getLogger(__name__)

# The rules, in the order the pages list them.
REJECTED = "rejected"
HIRED = "hired"
INACTIVE = "inactive"
RULES = (REJECTED, HIRED, INACTIVE)
RULE_LABELS = {
    REJECTED: gettext_lazy("Rejected or withdrawn"),
    HIRED: gettext_lazy("Hired (after the start date)"),
    INACTIVE: gettext_lazy("No application, inactive"),
}
# Application statuses (pipeline.Application.Status), as plain strings for the pure rules.
IN_PROGRESS = "active"
HIRED_STATUS = "hired"
# The most records of one rule a preview lists (the counts are always complete).
PREVIEW_LIST_LIMIT = 1000
# Candidates whose facts are read per round of queries.
CHUNK = 500


# --- The rules (no Django) ------------------------------------------------------------------


@dataclass(frozen=True)
class Months:
    """The periods of one retention policy, in months."""

    rejected: int
    hired: int
    talent_pool: int


# RetentionPolicy's field defaults: the rule when no policy at all matches.
BUILT_IN = Months(rejected=6, hired=3, talent_pool=24)

# (client id or None for every client, country code or "" for every country) -> periods
Policies = Mapping[tuple[int | None, str], Months]


@dataclass(frozen=True)
class ApplicationFacts:
    """What retention needs of one application."""

    status: str
    client_id: int
    country: str
    requisition_id: int
    # When the application ended for retention: the hire's start date for a hire (when the
    # data was handed to the client), the decision otherwise. None while in progress.
    ended_at: datetime | None


@dataclass(frozen=True)
class PersonFacts:
    """What retention needs of one candidate record."""

    candidate_id: int
    last_activity_at: datetime
    applications: tuple[ApplicationFacts, ...]
    talent_pool_consent: bool
    # An active legal hold on the person or on a requisition they applied to.
    held: bool


@dataclass(frozen=True)
class Verdict:
    """The rule that decides a person's retention and the moment they become due."""

    rule: str
    due_at: datetime


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus calendar months; the 31st becomes the month's last day when it is shorter."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def policy_for(policies: Policies, client_id: int | None, country: str) -> Months:
    """The most specific policy: the client in the country, the client anywhere, every
    client in the country, every client anywhere; the built-in periods when none exists."""
    for key in ((client_id, country), (client_id, ""), (None, country), (None, "")):
        found = policies.get(key)
        if found is not None:
            return found
    return BUILT_IN


def retention_verdict(person: PersonFacts, policies: Policies) -> Verdict | None:
    """When `person` becomes due for anonymisation and under which rule; None while kept.

    - Anyone with an application in progress is kept.
    - Anyone with an active talent-pool consent is kept: they asked to be considered for
      future roles, whatever their past applications.
    - With applications, each one gives a date under the policy of its client and its job's
      country: a rejection or withdrawal `rejected` months after the decision, a hire `hired`
      months after the start date. The person is due only when every application's rule says
      so: the latest date wins, and its rule is the one counted.
    - Without any application, the person is due `talent_pool` months after their last
      activity, under the policy for every client (and every country).

    Legal holds are not considered here: a held person keeps their verdict and is counted as
    held by the run (`is_due`).
    """
    if person.talent_pool_consent:
        return None
    if not person.applications:
        months = policy_for(policies, None, "").talent_pool
        return Verdict(INACTIVE, add_months(person.last_activity_at, months))
    latest: Verdict | None = None
    for application in person.applications:
        if application.status == IN_PROGRESS or application.ended_at is None:
            return None
        months = policy_for(policies, application.client_id, application.country)
        if application.status == HIRED_STATUS:
            verdict = Verdict(HIRED, add_months(application.ended_at, months.hired))
        else:
            verdict = Verdict(REJECTED, add_months(application.ended_at, months.rejected))
        if latest is None or verdict.due_at > latest.due_at:
            latest = verdict
    return latest


def is_due(person: PersonFacts, policies: Policies, now: datetime) -> bool:
    """Whether the run anonymises `person` now: due under its rule and not on legal hold."""
    verdict = retention_verdict(person, policies)
    return verdict is not None and verdict.due_at <= now and not person.held


# --- The selector ---------------------------------------------------------------------------


def policies_load() -> dict[tuple[int | None, str], Months]:
    return {
        (p.client_id, p.country): Months(p.rejected_months, p.hired_months, p.talent_pool_months)
        for p in RetentionPolicy.objects.all()
    }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def people_facts(
    *, now: datetime, candidate_ids: Iterable[int] | None = None
) -> Iterator[PersonFacts]:
    """The facts of every candidate record retention may concern, a chunk at a time.

    Merged and already anonymised records are never read. Without `candidate_ids`, people with
    an application in progress or an active talent-pool consent are left out in the query
    (the rules would keep them anyway); with them, exactly those records are read, as the run
    does again for each person inside its transaction. Runs unscoped: retention is the
    provider's, over every client.
    """
    with unscoped():
        consents = Consent.objects.filter(purpose="talent_pool", withdrawn_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )
        people = Candidate.objects.active()
        if candidate_ids is None:
            people = people.exclude(
                pk__in=Application.objects.filter(status=IN_PROGRESS).values("candidate_id")
            ).exclude(pk__in=consents.values("candidate_id"))
        else:
            people = people.filter(pk__in=list(candidate_ids))
        held_requisitions = set(
            LegalHold.objects.filter(
                released_at__isnull=True, requisition__isnull=False
            ).values_list("requisition_id", flat=True)
        )
        ids = list(people.order_by("pk").values_list("pk", "last_activity_at"))
        for start in range(0, len(ids), CHUNK):
            chunk = dict(ids[start : start + CHUNK])
            yield from _chunk_facts(chunk, consents, held_requisitions)


def _chunk_facts(chunk: dict, consents, held_requisitions: set[int]) -> Iterator[PersonFacts]:
    keys = list(chunk)
    consenting = set(consents.filter(candidate_id__in=keys).values_list("candidate_id", flat=True))
    # Records merged into a person are theirs: erasing the person erases those too, so their
    # applications and holds count as the person's.
    mine = models.Q(candidate_id__in=keys) | models.Q(candidate__merged_into_id__in=keys)
    held_people = {
        merged_into or candidate_id
        for candidate_id, merged_into in LegalHold.objects.filter(
            mine, released_at__isnull=True
        ).values_list("candidate_id", "candidate__merged_into_id")
    }
    rows = Application.objects.filter(mine).values_list(
        "candidate_id",
        "candidate__merged_into_id",
        "status",
        "client_id",
        "requisition__country",
        "requisition_id",
        "closed_at",
        "moved_at",
        "hire__start_date",
    )
    applications: dict[int, list[ApplicationFacts]] = {}
    for (
        record_id,
        merged_into,
        status,
        client_id,
        country,
        requisition_id,
        closed,
        moved,
        start,
    ) in rows:
        candidate_id = merged_into or record_id
        if status == IN_PROGRESS:
            ended = None
        elif status == HIRED_STATUS and start is not None:
            ended = _start_of(start)
        else:
            # Imported or older records may lack the decision's time: their last move is it.
            ended = closed or moved
        applications.setdefault(candidate_id, []).append(
            ApplicationFacts(status, client_id, country or "", requisition_id, ended)
        )
    for candidate_id, last_activity in chunk.items():
        mine = tuple(applications.get(candidate_id, ()))
        yield PersonFacts(
            candidate_id=candidate_id,
            last_activity_at=last_activity,
            applications=mine,
            talent_pool_consent=candidate_id in consenting,
            held=candidate_id in held_people
            or any(a.requisition_id in held_requisitions for a in mine),
        )


@dataclass(frozen=True)
class DueRecord:
    candidate_id: int
    rule: str
    due_at: datetime


def retention_due(*, now: datetime) -> tuple[list[DueRecord], int]:
    """Everyone due now, longest overdue first, and how many more would be but are held."""
    policies = policies_load()
    due: list[DueRecord] = []
    held = 0
    for person in people_facts(now=now):
        verdict = retention_verdict(person, policies)
        if verdict is None or verdict.due_at > now:
            continue
        if person.held:
            held += 1
        else:
            due.append(DueRecord(person.candidate_id, verdict.rule, verdict.due_at))
    due.sort(key=lambda record: (record.due_at, record.candidate_id))
    return due, held


# --- The run --------------------------------------------------------------------------------


def _still_due(candidate_id: int, now: datetime) -> bool:
    person = next(people_facts(now=now, candidate_ids=[candidate_id]), None)
    return person is not None and is_due(person, policies_load(), now)


def retention_run(
    *,
    by=None,
    now: datetime | None = None,
    dry_run: bool = False,
    batch: int | None = None,
    request: HttpRequest | None = None,
) -> RetentionRun:
    """Anonymise everyone due (at most `batch`, OUTHIRE_RETENTION_BATCH, longest overdue
    first), or with `dry_run` only count and list them. Records a RetentionRun and one audit
    event with the counts, never with personal data.

    Each person is anonymised in a transaction of their own, after locking their record and
    checking again that they are still due (a new application, a consent or a hold may have
    come since the selection); a failure is counted and logged by record number, and the run
    goes on.
    """
    now = now or timezone.now()
    batch = settings.OUTHIRE_RETENTION_BATCH if batch is None else batch
    with unscoped():
        run = RetentionRun.objects.create(dry_run=dry_run, by=by)
        due, held = retention_due(now=now)
        counts: dict = dict.fromkeys(RULES, 0)
        counts.update(held=held, failed=0, remaining=max(0, len(due) - batch))
        if dry_run:
            listed: dict[str, list] = {rule: [] for rule in RULES}
            for record in due:
                counts[record.rule] += 1
                if len(listed[record.rule]) < PREVIEW_LIST_LIMIT:
                    listed[record.rule].append(
                        [record.candidate_id, record.due_at.date().isoformat()]
                    )
            records = listed
        else:
            counts["skipped"] = 0
            for record in due[:batch]:
                outcome = _anonymise(record, by=by, now=now)
                counts[outcome] += 1
            records = None
        run.finished_at = timezone.now()
        run.counts = {**counts, "records": records} if records is not None else counts
        run.save(update_fields=["finished_at", "counts"])
        audit.record(
            "privacy.retention_previewed" if dry_run else "privacy.retention_run",
            actor=by,
            actor_label="" if by else "the retention job",
            request=request,
            obj=run,
            changes=counts,
        )
    return run


def _anonymise(record: DueRecord, *, by, now: datetime) -> str:
    """One person, in a transaction of their own: the rule counted, "skipped" or "failed"."""
    try:
        with transaction.atomic():
            candidate = (
                Candidate.objects.select_for_update()
                .filter(pk=record.candidate_id, anonymised_at__isnull=True)
                .filter(merged_into__isnull=True)
                .first()
            )
            if candidate is None or not _still_due(record.candidate_id, now):
                return "skipped"
            candidate_erase(candidate=candidate, by=by, reason="retention")
    except Exception as error:  # one person's failure must not stop the others
        # The record number and the kind of error only: the message may quote personal data.
        logger.warning(
            "retention: candidate #%s not anonymised (%s)",
            record.candidate_id,
            type(error).__name__,
        )
        return "failed"
    return record.rule


def retention_ran_today(now: datetime | None = None) -> bool:
    """Whether the job already ran today with nothing left over (the periodic job runs once a
    day; while a backlog is larger than a batch it runs again at the next tick)."""
    today = timezone.localdate(now or timezone.now())
    last = (
        RetentionRun.objects.filter(dry_run=False, by__isnull=True, finished_at__isnull=False)
        .order_by("-started_at")
        .first()
    )
    return (
        last is not None
        and timezone.localdate(last.started_at) == today
        and not last.counts.get("remaining")
    )


# --- Policies -------------------------------------------------------------------------------


def retention_policy_save(
    *, policy: RetentionPolicy, by, request: HttpRequest | None = None
) -> RetentionPolicy:
    """Create or change a policy; an audit event names what changed."""
    created = policy.pk is None
    before = {}
    if not created:
        stored = RetentionPolicy.objects.filter(pk=policy.pk).values().first() or {}
        before = {name: stored.get(name) for name in _POLICY_FIELDS}
    policy.updated_by = by
    policy.full_clean()
    policy.save()
    after = {name: getattr(policy, name) for name in _POLICY_FIELDS}
    audit.record(
        "privacy.retention_policy_created" if created else "privacy.retention_policy_changed",
        actor=by,
        request=request,
        obj=policy,
        changes=after if created else audit.diff(before, after),
    )
    return policy


_POLICY_FIELDS = ("client_id", "country", "rejected_months", "hired_months", "talent_pool_months")


def retention_policy_delete(*, policy: RetentionPolicy, by, request=None) -> None:
    audit.record(
        "privacy.retention_policy_deleted",
        actor=by,
        request=request,
        obj=policy,
        changes={name: getattr(policy, name) for name in _POLICY_FIELDS},
    )
    policy.delete()


# --- Legal holds ----------------------------------------------------------------------------


def legal_hold_place(
    *, reason: str, by, candidate=None, requisition=None, request: HttpRequest | None = None
) -> LegalHold:
    """Suspend retention (and erasure) of a person, or of everyone who applied to a
    requisition, until the hold is released. The reason stays with the hold, out of the
    audit trail (it may name people)."""
    if (candidate is None) == (requisition is None):
        raise ValueError("a legal hold is on one candidate or one requisition")
    with transaction.atomic():
        # The run locks the person's record before its last check: placing a hold on them
        # waits for (or blocks) an anonymisation under way.
        if candidate is not None:
            type(candidate).objects.select_for_update().filter(pk=candidate.pk).first()
        hold = LegalHold(candidate=candidate, requisition=requisition, reason=reason.strip())
        hold.placed_by = by
        hold.full_clean()
        hold.save()
        audit.record("privacy.legal_hold_placed", actor=by, request=request, obj=hold)
    return hold


class HoldAlreadyReleased(Exception):
    pass


def legal_hold_release(*, hold: LegalHold, by, request: HttpRequest | None = None) -> LegalHold:
    """Release an active hold, once: two people releasing it together make one release."""
    now = timezone.now()
    with transaction.atomic():
        changed = LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=now, released_by=by
        )
        if not changed:
            raise HoldAlreadyReleased
        hold.released_at, hold.released_by = now, by
        audit.record("privacy.legal_hold_released", actor=by, request=request, obj=hold)
    return hold


def validate_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case, or "" for every country."""
    value = (value or "").strip().upper()
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise ValidationError(_("Enter a two-letter country code (ISO 3166-1), such as DE or FR."))
    return value
