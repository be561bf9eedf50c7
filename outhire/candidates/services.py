"""Workflows on candidates: create, contact points, notes, consents, pools, profile, merge."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.candidates.files import DocumentError
from outhire.candidates.models import (
    Candidate,
    Consent,
    ContactPoint,
    Document,
    Note,
    PoolMembership,
    ProfileEntry,
    TalentPool,
    TimelineEvent,
    linkedin_handle,
)
from outhire.candidates.reading import (
    DocumentUnreadable,
    ReadLimits,
    read_document,
    read_document_text,
)
from outhire.screening.resume_parser import parse_resume

NAME_SIMILARITY = 0.85


def _stored(display: Callable[[], str]) -> str:
    """A choice's label as a timeline summary stores it: in the default language, whatever the
    language of the request that writes it (the summary is written once, read by everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(display())


def timeline_add(
    candidate: Candidate,
    kind: str,
    summary: str,
    *,
    by: User | None = None,
    client=None,
    at=None,
    **data,
) -> TimelineEvent:
    """Append to the candidate's history; `client` keeps it to those who may see that client.

    `at` backdates the event (demo data, imports of past moves); the candidate's last activity
    only ever moves forward.
    """
    event = TimelineEvent.objects.create(
        candidate=candidate,
        kind=kind,
        summary=summary[:300],
        actor=by,
        client=client,
        at=at or timezone.now(),
        data=data,
    )
    Candidate.objects.filter(pk=candidate.pk, last_activity_at__lt=event.at).update(
        last_activity_at=event.at
    )
    return event


# --- Creating and editing ------------------------------------------------------------------


def contact_points_set(*, candidate: Candidate, emails: list[str], phones: list[str]) -> None:
    """Replace the candidate's e-mails and phones; the first of each is the primary one.

    The identity locks of the new values are held until the outermost transaction ends, so no
    one creates another person with them in the meantime.
    """
    with transaction.atomic():
        identity_lock(emails=emails, phones=phones)
        candidate.contact_points.all().delete()
        for kind, values in (
            (ContactPoint.Kind.EMAIL, emails),
            (ContactPoint.Kind.PHONE, phones),
        ):
            seen = set()
            for position, value in enumerate(v.strip() for v in values if v and v.strip()):
                index = ContactPoint.index_of(kind, value)
                if index in seen:
                    continue
                seen.add(index)
                ContactPoint.objects.create(
                    candidate=candidate, kind=kind, value=value, is_primary=position == 0
                )


# --- Finding or creating a person ----------------------------------------------------------

# The first key of the advisory locks below, so they cannot collide with other advisory locks.
IDENTITY_LOCK_CLASS = 0x0C4D1DA7


def _identity_keys(emails: Iterable[str], phones: Iterable[str]) -> list[int]:
    keys = set()
    for kind, values in ((ContactPoint.Kind.EMAIL, emails), (ContactPoint.Kind.PHONE, phones)):
        for value in values:
            if value and value.strip():
                index = ContactPoint.index_of(kind, value.strip())
                digest = hashlib.blake2b(f"{kind}:{index}".encode(), digest_size=4).digest()
                keys.add(int.from_bytes(digest, "big", signed=True))
    return sorted(keys)


def identity_lock(*, emails: Iterable[str] = (), phones: Iterable[str] = ()) -> None:
    """Hold, until the current transaction ends, the lock of each e-mail address and phone.

    Whoever looks a person up by e-mail or phone and then creates them holds these across
    both steps; otherwise two requests at the same moment (a double-click on the apply form, a
    script retrying a POST) both find no one and both create someone. On PostgreSQL these are
    transaction-level advisory locks on a hash of each blind index, taken in sorted order so
    that two callers cannot deadlock (a hash collision only makes two people wait for each
    other). SQLite runs one writing transaction at a time (transaction_mode IMMEDIATE takes
    the write lock when the transaction begins), so there is nothing more to take there.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("identity_lock() is released when the transaction ends: open one.")
    if connection.vendor != "postgresql":
        return
    keys = _identity_keys(emails, phones)
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IDENTITY_LOCK_CLASS, key])


class PossibleDuplicates(Exception):
    """`candidate_find_or_create(match="refuse")` found likely existing records of the person."""

    def __init__(self, duplicates: list[Duplicate]) -> None:
        super().__init__(_("This person may already be in the talent network."))
        self.duplicates = duplicates


def candidate_by_email(email: str) -> Candidate | None:
    """The active candidate with this e-mail address (exact, through the blind index).

    When several have it, the oldest record wins, so every caller picks the same one.
    """
    if not email or not email.strip():
        return None
    point = (
        ContactPoint.objects.filter(
            kind=ContactPoint.Kind.EMAIL,
            value_index=ContactPoint.index_of(ContactPoint.Kind.EMAIL, email.strip()),
            candidate__in=Candidate.objects.active(),
        )
        .select_related("candidate")
        .order_by("candidate_id")
        .first()
    )
    return point.candidate if point else None


def candidate_find_or_create(
    *,
    by: User | None,
    match: Literal["email", "contact", "refuse", "none"],
    emails: list[str] = (),
    phones: list[str] = (),
    request: HttpRequest | None = None,
    **fields,
) -> tuple[Candidate, bool]:
    """Find the person by e-mail or phone, or add them: `(candidate, created)`. Atomic.

    Every way a person enters the talent network goes through here, holding the identity
    locks of the e-mails and phones (`identity_lock`) from the look-up to the insert, so the
    same person sent twice at the same moment becomes one record. `match` says what an
    existing record means:

    - "email": it is them when an e-mail address matches (the public apply and community
      forms: anonymous, so a phone number alone does not tie them to a record);
    - "contact": it is them when an e-mail or a phone matches, strongest evidence first
      (referrals);
    - "refuse": raise PossibleDuplicates when `find_duplicates` finds anyone (staff adding
      someone, in the pages and the API: they choose);
    - "none": always add a new record (staff who chose to add a likely duplicate anyway).
    """
    emails = [e for e in emails if e and e.strip()]
    phones = [p for p in phones if p and p.strip()]
    with transaction.atomic():
        identity_lock(emails=emails, phones=phones)
        existing = None
        if match == "email":
            existing = next(filter(None, map(candidate_by_email, emails)), None)
        elif match == "contact":
            found = find_duplicates(emails=emails, phones=phones, limit=1)
            existing = found[0].candidate if found else None
        elif match == "refuse":
            duplicates = find_duplicates(
                emails=emails,
                phones=phones,
                linkedin_url=fields.get("linkedin_url") or "",
                first_name=fields.get("first_name") or "",
                last_name=fields.get("last_name") or "",
                employer=fields.get("current_employer") or "",
                location=fields.get("location") or "",
            )
            if duplicates:
                raise PossibleDuplicates(duplicates)
        elif match != "none":
            raise ValueError(f"Unknown match {match!r}")
        if existing is not None:
            return existing, False
        candidate = candidate_create(by=by, request=request, emails=emails, phones=phones, **fields)
    return candidate, True


def candidate_create(
    *,
    by: User | None,
    request: HttpRequest | None = None,
    emails: list[str] = (),
    phones: list[str] = (),
    tags=(),
    **fields,
) -> Candidate:
    with transaction.atomic():
        candidate = Candidate(owner=fields.pop("owner", by), **fields)
        candidate.full_clean(exclude=["owner"])
        candidate.save()
        contact_points_set(candidate=candidate, emails=list(emails), phones=list(phones))
        if tags:
            candidate.tags.set(tags)
        candidate_reindex(candidate)
        timeline_add(
            candidate,
            "created",
            f"Added to the talent network ({_stored(candidate.get_source_display).lower()})",
            by=by,
        )
        audit.record(
            "candidate.created",
            actor=by,
            request=request,
            obj=candidate,
            changes={"source": candidate.source},
        )
    return candidate


def candidate_update(
    *,
    candidate: Candidate,
    fields: dict,
    by: User,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Candidate:
    with transaction.atomic():
        before = {name: str(getattr(candidate, name)) for name in fields if name != "tags"}
        tags = fields.pop("tags", None)
        for name, value in fields.items():
            setattr(candidate, name, value)
        candidate.full_clean(exclude=["owner"])
        candidate.save()
        changed = audit.diff(before, {name: str(getattr(candidate, name)) for name in before})
        if tags is not None:
            old_tags = sorted(candidate.tags.values_list("name", flat=True))
            candidate.tags.set(tags)
            if sorted(t.name for t in tags) != old_tags:
                changed["tags"] = "changed"
        if emails is not None or phones is not None:
            old = {(p.kind, p.value) for p in candidate.contact_points.all()}
            contact_points_set(
                candidate=candidate,
                emails=emails if emails is not None else [candidate.email],
                phones=phones if phones is not None else [candidate.phone],
            )
            if {(p.kind, p.value) for p in candidate.contact_points.all()} != old:
                # The values are personal data: record that they changed, not what they are.
                changed["contact_points"] = "changed"
        candidate_reindex(candidate)
        if changed:
            timeline_add(
                candidate, "updated", "Profile details edited", by=by, fields=sorted(changed)
            )
            audit.record(
                "candidate.updated",
                actor=by,
                request=request,
                obj=candidate,
                changes={name: "changed" for name in changed},
            )
    return candidate


# The candidates whose reindexing `reindex_deferred` holds back, by id; None outside one.
_deferred_reindex: ContextVar[dict[int, None] | None] = ContextVar("deferred_reindex", default=None)


@contextmanager
def reindex_deferred() -> Iterator[None]:
    """Reindex each candidate the block touches once, as the block ends, from the database.

    For bulk work that calls several services per candidate: the demo's seed creates, uploads
    and parses each of its 1,000 candidates, and reindexed each one three times. When the
    block raises, nothing is reindexed (its transaction is rolled back anyway).
    """
    pending: dict[int, None] = {}
    token = _deferred_reindex.set(pending)
    try:
        yield
    finally:
        _deferred_reindex.reset(token)
    for candidate in Candidate.objects.filter(pk__in=pending).order_by("pk"):
        candidate_reindex(candidate)


def candidate_reindex(candidate: Candidate) -> None:
    """Refresh the words full-text search looks at (profile, skills, notes, resume text)."""
    pending = _deferred_reindex.get()
    if pending is not None:
        pending[candidate.pk] = None
        return
    text = candidate.search_text_from(
        entries=candidate.profile_entries.filter(hidden=False),
        tags=candidate.tags.values_list("name", flat=True),
        texts=candidate.documents.values_list("text", flat=True),
    )
    Candidate.objects.filter(pk=candidate.pk).update(search_text=text)
    candidate.search_text = text


# --- Notes, consents, pools ----------------------------------------------------------------


def note_add(
    *,
    candidate: Candidate,
    body: str,
    visibility: str,
    by: User,
    request: HttpRequest | None = None,
) -> Note:
    note = Note(candidate=candidate, body=body, visibility=visibility, author=by)
    note.full_clean()
    note.save()
    timeline_add(
        candidate, "note", f"Note added ({_stored(note.get_visibility_display).lower()})", by=by
    )
    # The body may hold personal data, so the trail says who wrote a note, not what it says.
    audit.record(
        "candidate.note_added",
        actor=by,
        request=request,
        obj=candidate,
        changes={"note": note.pk, "visibility": note.visibility},
    )
    return note


def consent_record(
    *,
    candidate: Candidate,
    purpose: str,
    method: str,
    by: User | None,
    expires_at=None,
    evidence: str = "",
    given_at=None,
    request: HttpRequest | None = None,
) -> Consent:
    consent = Consent(
        candidate=candidate,
        purpose=purpose,
        method=method,
        expires_at=expires_at,
        evidence=evidence,
        recorded_by=by,
        given_at=given_at or timezone.now(),
    )
    consent.full_clean()
    consent.save()
    timeline_add(
        candidate, "consent", f"Consent given: {_stored(consent.get_purpose_display)}", by=by
    )
    audit.record(
        "consent.recorded",
        actor=by,
        request=request,
        obj=consent,
        changes={"purpose": purpose, "method": method},
    )
    return consent


def consent_withdraw(
    *, consent: Consent, by: User | None, request: HttpRequest | None = None
) -> Consent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        timeline_add(
            consent.candidate,
            "consent",
            f"Consent withdrawn: {_stored(consent.get_purpose_display)}",
            by=by,
        )
        audit.record(
            "consent.withdrawn",
            actor=by,
            request=request,
            obj=consent,
            changes={"purpose": consent.purpose},
        )
    return consent


def pool_add(*, pool: TalentPool, candidate: Candidate, by: User) -> PoolMembership:
    membership, created = PoolMembership.objects.get_or_create(
        pool=pool, candidate=candidate, defaults={"added_by": by}
    )
    if created:
        timeline_add(candidate, "pool", f"Added to the talent pool “{pool.name}”", by=by)
    return membership


def pool_remove(*, pool: TalentPool, candidate: Candidate, by: User) -> None:
    deleted, _counts = PoolMembership.objects.filter(pool=pool, candidate=candidate).delete()
    if deleted:
        timeline_add(candidate, "pool", f"Removed from the talent pool “{pool.name}”", by=by)


# --- Profile from a parsed resume ----------------------------------------------------------


def _date(value: str | None) -> date | None:
    """A JSON Resume date ("2019", "2019-03" or "2019-03-01") as a date, or None."""
    if not value:
        return None
    parts = [int(p) for p in str(value).split("-")[:3] if p.isdigit()]
    if not parts or not 1900 <= parts[0] <= 2100:
        return None
    year, month, day = (parts + [1, 1])[:3]
    try:
        return date(year, max(1, min(month, 12)), max(1, min(day, 28)))
    except ValueError:
        return None


def entries_from_resume(resume: dict) -> list[ProfileEntry]:
    """The profile entries a parsed JSON Resume makes, unsaved, each keyed as a re-parse
    compares them (`parsed_key`); imports use the keys to tell what a resume adds."""
    entries = []
    for skill in resume.get("skills") or []:
        name = str(skill.get("name") or "").strip()[:200]
        if name:
            entries.append(
                ProfileEntry(
                    kind=ProfileEntry.Kind.SKILL,
                    name=name,
                    detail=str(skill.get("level") or "")[:200],
                )
            )
    for job in resume.get("work") or []:
        name = str(job.get("name") or "").strip()[:200]
        position = str(job.get("position") or "").strip()[:200]
        if name or position:
            entries.append(
                ProfileEntry(
                    kind=ProfileEntry.Kind.WORK,
                    name=name or "(employer not given)",
                    title=position,
                    start_date=_date(job.get("startDate")),
                    end_date=_date(job.get("endDate")),
                    summary=str(job.get("summary") or "")[:5000],
                )
            )
    for school in resume.get("education") or []:
        name = str(school.get("institution") or "").strip()[:200]
        if name:
            entries.append(
                ProfileEntry(
                    kind=ProfileEntry.Kind.EDUCATION,
                    name=name,
                    title=str(school.get("studyType") or "")[:200],
                    detail=str(school.get("area") or "")[:200],
                    end_date=_date(school.get("endDate")),
                )
            )
    for entry in entries:
        entry.origin = ProfileEntry.Origin.PARSED
        entry.parsed_key = ProfileEntry.key_for(
            entry.kind, entry.name, entry.title, entry.start_date
        )
    return entries


def profile_apply_resume(*, candidate: Candidate, resume: dict, by: User | None = None) -> int:
    """Fill the profile from a parsed JSON Resume, keeping every recruiter correction.

    Parsed entries nobody touched are replaced. A recruiter's entry (or a parsed entry a
    recruiter hid or edited, which then became theirs) stays, and a parsed entry that a
    recruiter's entry already stands for (same key) is not added again.
    """
    with transaction.atomic():
        # what the previous resume said the candidate does, before its entries go: a headline
        # that still says it came from that resume and is replaced by the new one's
        parsed_before = set(
            candidate.profile_entries.filter(
                origin=ProfileEntry.Origin.PARSED, kind=ProfileEntry.Kind.WORK
            ).values_list("title", "name")
        )
        # and the headline that resume gave, which may be no job's title ("Compiler Specialist")
        previous_text = (
            candidate.documents.filter(kind=Document.Kind.RESUME, parsed_at__isnull=False)
            .exclude(text="")
            .order_by("-parsed_at", "-pk")
            .values_list("text", flat=True)
            .first()
        )
        if previous_text:
            parsed_before.add(_headline(parse_resume(previous_text).resume))
        candidate.profile_entries.filter(origin=ProfileEntry.Origin.PARSED, hidden=False).delete()
        kept = set(candidate.profile_entries.values_list("parsed_key", flat=True))
        new = [e for e in entries_from_resume(resume) if e.parsed_key not in kept]
        seen = set()
        unique = []
        for entry in new:
            if entry.parsed_key not in seen:
                seen.add(entry.parsed_key)
                entry.candidate = candidate
                entry.set_skill()
                unique.append(entry)
        ProfileEntry.objects.bulk_create(unique)
        _fill_blank_fields(candidate, resume, parsed_before=parsed_before)
        candidate_reindex(candidate)
    return len(unique)


def _headline(resume: dict) -> tuple[str, str]:
    """(current title, current employer) as a parsed resume gives them. An employer that is
    the title again or a part of it ("Head of Analytics at Head of Analytics", "Registered
    Nurse (ICU) at ICU") is no employer."""
    basics = resume.get("basics") or {}
    current = next((w for w in resume.get("work") or [] if not w.get("endDate")), None) or {}
    title = str(basics.get("label") or current.get("position") or "")[:200]
    employer = str(current.get("name") or "")[:200]
    if _words_within(employer, title) or _words_within(employer, current.get("position")):
        employer = ""
    return title, employer


def _words_within(part: str, whole: object) -> bool:
    """Are `part`'s words, in order, words of `whole` ("ICU" of "Registered Nurse (ICU)"; not
    "Ford" of "Stafford Site Manager")? An empty `part` is."""

    def words(s: object) -> str:
        return " ".join(_NON_WORD_RE.sub(" ", str(s or "").casefold()).split())

    return f" {words(part)} " in f" {words(whole)} "


_NON_WORD_RE = re.compile(r"\W+")


def _from_resume(value: str, parsed: set[str]) -> bool:
    """Is this headline field empty or still what a parsed resume said (not a recruiter's)?"""
    return not value or value.casefold() in {p.casefold() for p in parsed if p}


def _fill_blank_fields(
    candidate: Candidate, resume: dict, *, parsed_before: Collection[tuple[str, str]] = ()
) -> None:
    """Headline fields from the resume where the recruiter left them empty. The current title
    and employer also follow a newer resume while they still read as the previous resume's
    (`parsed_before`: its jobs' (title, employer)); a recruiter's own wording stays."""
    basics = resume.get("basics") or {}
    meta = resume.get("meta") or {}
    updates = {}
    title, employer = _headline(resume)
    if title and _from_resume(candidate.current_title, {t for t, _ in parsed_before}):
        updates["current_title"] = title
    if employer and _from_resume(candidate.current_employer, {e for _, e in parsed_before}):
        updates["current_employer"] = employer
    updates = {k: v for k, v in updates.items() if getattr(candidate, k) != v}
    location = basics.get("location") or {}
    place = ", ".join(str(location[k]) for k in ("city", "region") if location.get(k))
    if not candidate.location and place:
        updates["location"] = place[:200]
    years = meta.get("yearsOfExperience", meta.get("totalYearsExperience"))
    if candidate.years_experience is None and isinstance(years, int | float):
        updates["years_experience"] = round(min(float(years), 99.9), 1)
    if not candidate.summary and basics.get("summary"):
        updates["summary"] = str(basics["summary"])[:5000]
    for profile in basics.get("profiles") or []:
        url = str((profile or {}).get("url") or "")
        if "linkedin.com" in url and not candidate.linkedin_url:
            updates["linkedin_url"] = url[:300]
        elif "github.com" in url and not candidate.github_url:
            updates["github_url"] = url[:300]
    for name, value in updates.items():
        setattr(candidate, name, value)
    if updates:
        candidate.save(update_fields=list(updates))


def profile_entry_correct(*, entry: ProfileEntry, fields: dict, by: User) -> ProfileEntry:
    """A recruiter's edit of one entry: from now on it is theirs and survives re-parsing."""
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.origin = ProfileEntry.Origin.RECRUITER
    entry.full_clean()
    entry.save()
    candidate_reindex(entry.candidate)
    timeline_add(
        entry.candidate,
        "profile",
        f"{_stored(entry.get_kind_display)} corrected: {entry.name}",
        by=by,
    )
    return entry


def profile_entry_hide(*, entry: ProfileEntry, by: User) -> None:
    """Hide a wrong entry; a hidden parsed entry is remembered so it is not parsed back in."""
    entry.hidden = True
    entry.save(update_fields=["hidden"])
    candidate_reindex(entry.candidate)
    timeline_add(
        entry.candidate,
        "profile",
        f"{_stored(entry.get_kind_display)} removed: {entry.name}",
        by=by,
    )


# --- Duplicates and merging ------------------------------------------------------------------


@dataclass
class Duplicate:
    candidate: Candidate
    reasons: list[str] = field(default_factory=list)


def _name_key(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".lower().split())


def find_duplicates(
    *,
    emails=(),
    phones=(),
    linkedin_url: str = "",
    first_name: str = "",
    last_name: str = "",
    employer: str = "",
    location: str = "",
    exclude: Candidate | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """Likely existing records of the same person, strongest evidence first.

    Same e-mail or phone (through the blind index), same LinkedIn profile, or a similar name
    together with the same employer or location.
    """
    found: dict[int, Duplicate] = {}

    def note(candidate: Candidate, reason: str) -> None:
        found.setdefault(candidate.pk, Duplicate(candidate)).reasons.append(reason)

    indexes = [ContactPoint.index_of(ContactPoint.Kind.EMAIL, e) for e in emails if e]
    indexes += [ContactPoint.index_of(ContactPoint.Kind.PHONE, p) for p in phones if p]
    base = Candidate.objects.active()
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    if indexes:
        points = ContactPoint.objects.filter(
            value_index__in=indexes, candidate__in=base
        ).select_related("candidate")
        for point in points:
            note(
                point.candidate,
                _("same e-mail") if point.kind == ContactPoint.Kind.EMAIL else _("same phone"),
            )
    handle = linkedin_handle(linkedin_url)
    if handle:
        for candidate in base.filter(linkedin=handle):
            note(candidate, _("same LinkedIn profile"))
    wanted = _name_key(first_name, last_name)
    if wanted and (employer or location):
        similar = base.filter(
            Q(last_name__iexact=last_name.strip()) | Q(first_name__iexact=first_name.strip())
        )
        near = Q()
        if employer:
            near |= Q(current_employer__iexact=employer.strip())
        if location:
            near |= Q(location__iexact=location.strip())
        for candidate in similar.filter(near)[:200]:
            ratio = SequenceMatcher(
                None, wanted, _name_key(candidate.first_name, candidate.last_name)
            ).ratio()
            if ratio >= NAME_SIMILARITY:
                same_employer = (
                    employer and candidate.current_employer.lower() == employer.strip().lower()
                )
                note(
                    candidate,
                    _("similar name and same employer")
                    if same_employer
                    else _("similar name and same location"),
                )
    ranked = sorted(found.values(), key=lambda d: (-len(d.reasons), d.candidate.pk))
    return ranked[:limit]


def duplicates_of(candidate: Candidate) -> list[Duplicate]:
    """Other records that are likely the same person as `candidate`."""
    points = list(candidate.contact_points.all())
    return find_duplicates(
        emails=[p.value for p in points if p.kind == ContactPoint.Kind.EMAIL],
        phones=[p.value for p in points if p.kind == ContactPoint.Kind.PHONE],
        linkedin_url=candidate.linkedin_url,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        employer=candidate.current_employer,
        location=candidate.location,
        exclude=candidate,
    )


def candidate_merge(
    *, keep: Candidate, drop: Candidate, by: User, request: HttpRequest | None = None
) -> Candidate:
    """Fold `drop` into `keep`: every document, note, consent, event, pool and entry moves.

    `drop` remains as a tombstone pointing at `keep`, so old links and imports still resolve.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("A candidate cannot be merged with itself."))
    if drop.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("One of these candidates was already merged."))
    with transaction.atomic():
        existing_hashes = set(keep.documents.values_list("sha256", flat=True))
        drop.documents.exclude(sha256__in=existing_hashes).update(candidate=keep)
        drop.notes.update(candidate=keep)
        drop.consents.update(candidate=keep)
        drop.timeline.update(candidate=keep)
        keep_pools = set(keep.pool_memberships.values_list("pool_id", flat=True))
        drop.pool_memberships.exclude(pool_id__in=keep_pools).update(candidate=keep)
        keep_keys = set(keep.profile_entries.values_list("parsed_key", flat=True))
        drop.profile_entries.exclude(parsed_key__in=keep_keys - {""}).update(candidate=keep)
        known = {p.value_index for p in keep.contact_points.all()}
        for point in drop.contact_points.all():
            if point.value_index not in known:
                point.candidate = keep
                point.is_primary = False
                point.save(update_fields=["candidate", "is_primary"])
        keep.tags.add(*drop.tags.all())
        for name in (
            "location",
            "current_title",
            "current_employer",
            "linkedin_url",
            "github_url",
            "portfolio_url",
            "address",
            "summary",
        ):
            if not getattr(keep, name) and getattr(drop, name):
                setattr(keep, name, getattr(drop, name))
        keep.save()
        drop.merged_into = keep
        drop.save(update_fields=["merged_into"])
        candidate_reindex(keep)
        timeline_add(
            keep, "merged", f"Merged with duplicate record #{drop.pk}", by=by, merged_id=drop.pk
        )
        audit.record(
            "candidate.merged",
            actor=by,
            request=request,
            obj=keep,
            changes={"kept": keep.pk, "merged": drop.pk},
        )
    return keep


def document_store_check(candidate: Candidate, sha256: str) -> Document | None:
    """The candidate's existing copy of a file with this content, if any."""
    return candidate.documents.filter(sha256=sha256).first()


def profile_entry_add(*, candidate: Candidate, fields: dict, by: User) -> ProfileEntry:
    """A recruiter's own skill, job or education entry."""
    entry = ProfileEntry(candidate=candidate, origin=ProfileEntry.Origin.RECRUITER, **fields)
    entry.parsed_key = ProfileEntry.key_for(entry.kind, entry.name, entry.title, entry.start_date)
    entry.full_clean()
    entry.save()
    candidate_reindex(candidate)
    timeline_add(
        candidate, "profile", f"{_stored(entry.get_kind_display)} added: {entry.name}", by=by
    )
    return entry


# --- Talent pools ----------------------------------------------------------------------------


def pool_save(
    *,
    pool: TalentPool | None = None,
    fields: dict,
    tags=None,
    by: User,
    request: HttpRequest | None = None,
) -> TalentPool:
    """Create a talent pool (when `pool` is None) or change one."""
    creating = pool is None
    pool = pool or TalentPool(owner=by)
    for name, value in fields.items():
        setattr(pool, name, value)
    pool.full_clean()
    with transaction.atomic():
        pool.save()
        if tags is not None:
            pool.tags.set(tags)
        audit.record(
            "pool.created" if creating else "pool.updated",
            actor=by,
            request=request,
            obj=pool,
            changes={"name": pool.name},
        )
    return pool


# --- Documents -------------------------------------------------------------------------------


def document_add(
    *,
    candidate: Candidate,
    data: bytes,
    filename: str,
    kind: str,
    by: User | None,
    max_bytes: int,
    request: HttpRequest | None = None,
) -> Document:
    """Check a file by its content, read its text and attach it to the candidate; the profile is
    filled from the text later (`document_parse`).

    Raises ValidationError (code "invalid_file") with a message for the uploader when the file
    is refused, and (code "unique") when the candidate already has a file with this content.
    Nothing is stored in either case. A file whose text can't be read (damaged inside, or past
    the time and memory limits) is kept, marked `unreadable`, with the reason as its warning.
    """
    try:
        read = read_document(
            data, filename, max_bytes=max_bytes, with_text=True, limits=read_limits()
        )
    except DocumentError as error:
        raise ValidationError({"file": error.translated()}, code="invalid_file") from None
    info = read.info
    existing = document_store_check(candidate, info.sha256)
    if existing is not None:
        raise ValidationError(
            {
                "file": ValidationError(
                    _(
                        "This file is already attached to the candidate (uploaded as %(name)s on "
                        "%(when)s)."
                    ),
                    code="unique",
                    params={
                        "name": existing.original_name,
                        "when": f"{existing.uploaded_at:%d %b %Y}",
                    },
                )
            }
        )
    document = Document(
        candidate=candidate,
        kind=kind,
        original_name=_safe_filename(filename, info.extension, info.extension_matches),
        file_type=info.kind,
        content_type=info.content_type,
        size=len(data),
        sha256=info.sha256,
        uploaded_by=by,
        text=read.text,
        unreadable=bool(read.unreadable),
        parse_warnings=[read.unreadable] if read.unreadable else [],
    )
    document.full_clean(exclude=["file", "text"])
    stored = None
    try:
        with transaction.atomic():
            document.file.save(info.sha256, ContentFile(data), save=False)
            stored = document.file.name
            document.save()
            timeline_add(
                candidate,
                "document",
                f"{_stored(document.get_kind_display)} uploaded",
                by=by,
                document_id=document.pk,
            )
            audit.record(
                "document.uploaded",
                actor=by,
                request=request,
                obj=document,
                changes={"candidate": candidate.pk, "kind": kind, "size": document.size},
            )
    except BaseException:
        # Nothing half-way: a row that did not make it leaves no file behind.
        if stored:
            document.file.storage.delete(stored)
        raise
    document.upload_note = info.translated_note()
    return document


STORED_COPY_CHANGED = gettext_noop(
    "The stored copy of this file is not the file that was uploaded. Upload it again."
)


def _safe_filename(filename: str, extension: str, extension_matches: bool) -> str:
    """The uploaded name without directories or control characters, ending as its real type.

    A file whose name lies about its type is downloaded later under its true extension, so
    no program opens it as something it is not.
    """
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>').strip()
    name = name or "document"
    if not extension_matches:
        name = f"{name}.{extension}"
    return name[-255:]


def read_limits() -> ReadLimits:
    """How long and how much memory reading one document may take (settings)."""
    return ReadLimits(
        seconds=settings.OUTHIRE_READ_SECONDS,
        memory_bytes=settings.OUTHIRE_READ_MEMORY_MB * 1024 * 1024,
        isolated=settings.OUTHIRE_READ_ISOLATED,
    )


def document_text(document: Document, *, reread: bool = False) -> tuple[str, list[str]]:
    """The document's text and why it could not be read, if it could not.

    The text read at upload is used as it is; `reread` reads the stored file again (within
    the limits), for a recruiter's "Read again" after the limits were raised. Sets
    `document.unreadable`; the caller saves it.
    """
    if not reread and (document.text or document.unreadable):
        return document.text, list(document.parse_warnings if document.unreadable else [])
    # Read no more than was checked at upload: the stored copy must be that file, byte for
    # byte, whichever backend holds it now (a damaged or swapped copy is not parsed).
    with document.file.open("rb") as handle:
        data = handle.read(document.size + 1)
    if len(data) != document.size or hashlib.sha256(data).hexdigest() != document.sha256:
        document.unreadable = True
        return "", [STORED_COPY_CHANGED]
    try:
        text = read_document_text(data, document.file_type, limits=read_limits())
    except (DocumentUnreadable, DocumentError) as error:
        document.unreadable = True
        return "", [str(error)]
    document.unreadable = False
    return text, []


def document_parse(*, document: Document, by: User | None = None, reread: bool = False) -> Document:
    """Fill the candidate's profile from a resume's text (read at upload, or again `reread`).

    Recruiter corrections survive (see `profile_apply_resume`); contact points come from the
    resume only when the candidate has none of that kind yet. A file whose text cannot be read
    keeps a warning instead of failing.

    Once only: a document already read (`parsed_at` set) is left as it is, so a task run twice
    (redelivered after its worker died, or by two workers at once) makes one result and one
    timeline entry. The check is made under a row lock, after the slow reading of the file.
    "Read again" clears `parsed_at` first (`document_reparse_request`).
    """
    candidate = document.candidate
    if document.parsed_at is not None:
        return document
    text, warnings = document_text(document, reread=reread)
    with transaction.atomic():
        locked = Document.objects.select_for_update().filter(pk=document.pk)
        if locked.values_list("parsed_at", flat=True).first() is not None:
            document.refresh_from_db()
            return document
        document.text = text
        if text and document.kind == Document.Kind.RESUME:
            result = parse_resume(text)
            resume = result.resume
            warnings += [str(w) for w in result.warnings]
            profile_apply_resume(candidate=candidate, resume=resume, by=by)
            _fill_contact_points(candidate, resume.get("basics") or {})
        document.parsed_at = timezone.now()
        document.parse_warnings = warnings[:50]
        document.save(update_fields=["text", "parsed_at", "parse_warnings", "unreadable"])
        candidate_reindex(candidate)
        timeline_add(
            candidate,
            "document",
            f"{_stored(document.get_kind_display)} read"
            + (f" with {len(warnings)} warning(s)" if warnings else ""),
            by=by,
            document_id=document.pk,
        )
    return document


def document_reparse_request(*, document: Document) -> Document:
    """Mark a document to be read again; the caller queues `parse_document` with `reread`.

    Clearing `parsed_at` is what lets the next parse run (see `document_parse`), and it shows
    "not yet" on the candidate's page until the reading is done.
    """
    Document.objects.filter(pk=document.pk).update(parsed_at=None)
    document.parsed_at = None
    return document


def _fill_contact_points(candidate: Candidate, basics: dict) -> None:
    kinds = set(candidate.contact_points.values_list("kind", flat=True))
    for kind, value in (
        (ContactPoint.Kind.EMAIL, basics.get("email")),
        (ContactPoint.Kind.PHONE, basics.get("phone")),
    ):
        value = str(value or "").strip()
        if value and kind not in kinds and len(value) <= 200:
            ContactPoint.objects.create(
                candidate=candidate, kind=kind, value=value, is_primary=True
            )
