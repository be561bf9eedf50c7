"""Who each row of a chunk is about, and what it adds to them.

For each chunk, `People.decide` checks the resume each row names, asks the evidence
(`matching`) who the row is about, and gathers the people the chunk writes to: a `Target` is a
new candidate, or a known one with only what the rows add (blank fields, another e-mail, a tag,
a resume). Known people are loaded with one query per kind of record, as plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Length
from django.utils.translation import gettext_noop

from outhire.candidates import services
from outhire.candidates.files import DocumentError
from outhire.candidates.imports.limits import max_document_bytes
from outhire.candidates.imports.matching import ERASED, Earlier, Evidence
from outhire.candidates.imports.progress import Progress
from outhire.candidates.imports.resume_zip import ResumeZip
from outhire.candidates.imports.rows import Row
from outhire.candidates.models import (
    Candidate,
    ContactPoint,
    Document,
    ImportJob,
    Note,
    ProfileEntry,
)
from outhire.candidates.reading import read_document

# What a row may fill on a known candidate, and what saving and re-indexing it read
LOADED_FIELDS = [
    "restricted_at",
    "objected_at",
    "first_name",
    "last_name",
    "location",
    "current_title",
    "current_employer",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "source",
    "source_detail",
    "summary",
    "language",
    "external_ref",
]


@dataclass(eq=False)
class Target:
    """One person a chunk writes to: a new candidate, or an existing one and what is new."""

    candidate: Candidate
    is_new: bool
    rows: list[int] = field(default_factory=list)
    keys: set[tuple] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    points: list[tuple[str, str, str]] = field(default_factory=list)  # kind, value, index
    known_points: set[tuple[str, str]] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # kinds of contact point it already has
    tags: list[str] = field(default_factory=list)
    known_tags: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    known_notes: set[str] = field(default_factory=set)
    resumes: list[tuple[int, str]] = field(default_factory=list)  # row, file name in the zip
    known_shas: set[str] = field(default_factory=set)
    profiles: list[dict] = field(default_factory=list)
    known_profile_keys: set[str] = field(default_factory=set)
    has_address: bool = False

    def absorb(self, row: Row, ref: str, sha: str) -> bool:
        """Take what the row adds to this person; True when it adds anything."""
        changed = False
        candidate = self.candidate
        for name, value in row.values.items():
            blank = not self.has_address if name == "address" else not getattr(candidate, name)
            if value and blank and name != "source":
                setattr(candidate, name, value)
                self.fields.add(name)
                changed = True
                if name == "address":
                    self.has_address = True
        if ref and not candidate.external_ref:
            candidate.external_ref = ref
            self.fields.add("external_ref")
            changed = True
        for kind, values in (
            (ContactPoint.Kind.EMAIL, row.emails),
            (ContactPoint.Kind.PHONE, row.phones),
        ):
            for value in values:
                index = ContactPoint.index_of(kind, value)
                if (kind, index) not in self.known_points:
                    self.known_points.add((kind, index))
                    self.points.append((kind, value, index))
                    changed = True
        for tag in row.tags:
            if tag.casefold() not in self.known_tags:
                self.known_tags.add(tag.casefold())
                self.tags.append(tag)
                changed = True
        for note in row.notes:
            if note not in self.known_notes:
                self.known_notes.add(note)
                self.notes.append(note)
                changed = True
        if sha and sha not in self.known_shas:
            self.known_shas.add(sha)
            self.resumes.append((row.number, row.resume_file))
            changed = True
        if row.resume:
            # The keys a re-parse compares entries by (see services.profile_apply_resume)
            keys = {e.parsed_key for e in services.entries_from_resume(row.resume)}
            if keys - self.known_profile_keys:
                self.known_profile_keys |= keys
                self.profiles.append(row.resume)
                changed = True
        return changed

    @property
    def has_changes(self) -> bool:
        """Whether the rows add anything to this person that is not written yet."""
        return bool(
            self.fields or self.points or self.tags or self.notes or self.resumes or self.profiles
        )


def pk_of(target) -> int | None:
    if isinstance(target, int):
        return target
    return target.candidate.pk if isinstance(target, Target) else None


def row_of(target) -> int | None:
    if isinstance(target, Earlier):
        return target.row
    return target.rows[0] if isinstance(target, Target) and target.rows else None


class People:
    """The people of one run's chunks, found through the run's evidence."""

    def __init__(
        self,
        job: ImportJob,
        *,
        progress: Progress,
        evidence: Evidence,
        resumes: ResumeZip | None,
        beat: Callable[[], None],
    ) -> None:
        self.job = job
        self.by = job.created_by
        self.ref_prefix = f"{job.source_system}:" if job.source_system else ""
        self.progress = progress
        self.evidence = evidence
        self.zip = resumes
        # Called during long work (reading resumes), so the run keeps saying it is alive
        self.beat = beat

    def decide(self, rows: list[Row]) -> tuple[list[Target], list, list]:
        """Who each row is about: (the people to write, each row's outcome, possible
        duplicates as (row number, the row's person, the person set aside, why))."""
        valid: list[tuple[Row, str, str]] = []  # row, external ref, resume sha256
        for row in rows:
            sha = self.check_resume(row) if not row.errors else ""
            if row.resume_file:
                self.beat()
            if row.errors:
                self.progress.refuse(row)
            else:
                ref = f"{self.ref_prefix}{row.external_id}" if row.external_id else ""
                valid.append((row, ref, sha))
        evidence = self.evidence
        keys = [evidence.keys_of(row, ref) for row, ref, _ in valid]
        evidence.look_up({key for row_keys in keys for key in row_keys if key not in evidence.seen})
        targets: dict[int, Target] = {}  # id() -> each target of this chunk, in order
        later = []  # rows for a person known before this row, once their records are loaded
        outcomes: list[tuple[str, Target | None]] = []
        pending: list[tuple[int, object, object, str]] = []
        for (row, ref, sha), row_keys in zip(valid, keys, strict=True):
            found, aside = evidence.match(row, ref, row_keys)
            if ERASED in found:
                self.progress.error(
                    row.number,
                    "",
                    gettext_noop(
                        "skipped: this person's data was erased in Outhire, so they are not "
                        "imported again"
                    ),
                )
                outcomes.append(("skipped", None))
                continue
            if len(found) > 1:
                names = ", ".join(sorted(self.describe(t) for t in found))
                row.errors.append(
                    ("", f"matches more than one candidate ({names}); merge them first, or "
                     "correct the row")
                )  # fmt: skip
                self.progress.refuse(row)
                continue
            target = next(iter(found), None)
            if target is None:
                if not row.values.get("first_name"):
                    row.errors.append(
                        (
                            row.name_field,
                            gettext_noop("is empty: a new candidate needs at least a first name"),
                        )
                    )
                    self.progress.refuse(row)
                    continue
                target = self.new_target(row, ref, sha)
                targets[id(target)] = target
                outcomes.append(("created", target))
            elif isinstance(target, Earlier):
                # A dry run's estimate: the row repeats a person of an earlier chunk.
                outcomes.append(("updated", None))
            else:
                later.append((row, ref, sha, target, len(outcomes)))
                outcomes.append(("", None))
            evidence.claim(target, row, ref)
            if outcomes[-1][0] == "created":
                # Set aside, and added beside them: a pair for a person to look at. (A row
                # that joins someone leaves the pairs there were; their pages list them.)
                pending += [(row.number, target, other, why) for other, why in aside.items()]
            if isinstance(target, Target):
                target.keys |= row_keys
            evidence.point(row_keys, target)
        known = [t for *_, t, _ in later if isinstance(t, int)]
        loaded = self.load(known, any(row.notes for row, *_ in later))
        for row, ref, sha, target, position in later:
            if isinstance(target, int):
                if target not in loaded:
                    row.errors.append(
                        ("", gettext_noop("matches a candidate who was removed meanwhile"))
                    )
                    self.progress.refuse(row)
                    outcomes[position] = ("refused", None)
                    continue
                target = loaded[target]
                if target.candidate.processing_stopped:
                    # Restricted or objected to (GDPR Art. 18, 21): an import adds nothing.
                    self.progress.error(
                        row.number,
                        "",
                        gettext_noop(
                            "skipped: this person restricted or objected to the processing of "
                            "their data, so an import does not update them"
                        ),
                    )
                    outcomes[position] = ("skipped", None)
                    continue
                targets.setdefault(id(target), target)
            target.rows.append(row.number)
            outcomes[position] = ("updated" if target.absorb(row, ref, sha) else "skipped", target)
        return list(targets.values()), outcomes, pending

    def settle(self, targets: list[Target], pending: list, lost: set[Target]) -> None:
        """After writing: new people are known by their id; possible duplicates are listed."""
        for number, mine, other, reason in pending:
            if mine in lost:
                continue  # the row is reported as not saved
            self.progress.possible_duplicate(
                {
                    "row": number,
                    "candidate": pk_of(mine),
                    "other": pk_of(other),
                    "other_row": row_of(other) if pk_of(other) is None else None,
                    "reason": reason,
                }
            )
        for target in targets:
            if target.is_new:
                # Later chunks find these people by id, or (dry run) as people of this file.
                marker = Earlier(target.rows[0]) if self.job.dry_run else target.candidate.pk
                self.evidence.replace(target.keys, target, marker)

    def describe(self, target) -> str:
        if isinstance(target, int):
            return f"#{target}"
        if isinstance(target, Target | Earlier) and row_of(target):
            return f"the person of row {row_of(target)}"
        return "another row"

    def check_resume(self, row: Row) -> str:
        """The SHA-256 of the resume the row names, after the same checks as an upload."""
        if not row.resume_file:
            return ""
        if self.zip is None:
            row.errors.append(
                ("resume", gettext_noop("names a resume file, but no zip of resumes was uploaded"))
            )
            return ""
        try:
            data, name = self.zip.read(row.resume_file, max_bytes=max_document_bytes())
            # The checks run in a child held to the reading limits, as for every upload.
            checked = read_document(
                data,
                name,
                max_bytes=max_document_bytes(),
                with_text=False,
                limits=services.read_limits(),
            )
            return checked.info.sha256
        except DocumentError as error:
            row.errors.append(("resume", str(error)))
            return ""

    def new_target(self, row: Row, ref: str, sha: str) -> Target:
        candidate = Candidate(
            owner=self.by,
            source=row.values.get("source") or Candidate.Source.IMPORT,
        )
        target = Target(candidate=candidate, is_new=True, rows=[row.number])
        target.absorb(row, ref, sha)
        if not candidate.source_detail and candidate.source == Candidate.Source.IMPORT:
            candidate.source_detail = self.job.source_system
        return target

    def load(self, ids: list[int], with_notes: bool) -> dict[int, Target]:
        """The known candidates of a chunk, with what they have, to see what a row adds.

        Plain values, not prefetched objects: most rows of a re-import add nothing, and
        contact points are compared by blind index, so nothing is decrypted.
        """
        if not ids:
            return {}
        candidates = (
            Candidate.objects.filter(pk__in=ids)
            .order_by()
            .only(*LOADED_FIELDS)
            .annotate(address_length=Length("address"))
        )
        targets = {}
        for candidate in candidates:
            target = Target(candidate=candidate, is_new=False)
            target.has_address = bool(candidate.address_length)
            targets[candidate.pk] = target
        points = ContactPoint.objects.filter(candidate_id__in=ids).order_by()
        for pk, kind, index in points.values_list("candidate_id", "kind", "value_index"):
            targets[pk].known_points.add((kind, index))
            targets[pk].kinds.add(kind)
        links = Candidate.tags.through.objects.filter(candidate_id__in=ids).order_by()
        for pk, name in links.values_list("candidate_id", "tag__name"):
            targets[pk].known_tags.add(name.casefold())
        if with_notes:
            notes = Note.objects.filter(candidate_id__in=ids).order_by()
            for pk, body in notes.values_list("candidate_id", "body"):
                targets[pk].known_notes.add(body)
        if self.zip is not None:
            documents = Document.objects.filter(candidate_id__in=ids).order_by()
            for pk, sha in documents.values_list("candidate_id", "sha256"):
                targets[pk].known_shas.add(sha)
        if self.job.kind == ImportJob.Kind.JSON_RESUME:
            entries = ProfileEntry.objects.filter(candidate_id__in=ids).order_by()
            for pk, key in entries.values_list("candidate_id", "parsed_key"):
                targets[pk].known_profile_keys.add(key)
        return targets
