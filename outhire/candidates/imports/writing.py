"""Writing a chunk's people: new candidates and what rows add to known ones, in bulk.

New candidates and their contact points, tags, notes and timeline entries are written in bulk;
for a known person, only what is new. If the database refuses a chunk anyway, its people are
written again one at a time, each in its own savepoint, so only the one refused is lost.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from outhire.candidates import services
from outhire.candidates.files import DocumentError
from outhire.candidates.imports.identity import Target
from outhire.candidates.imports.limits import max_document_bytes
from outhire.candidates.imports.progress import Progress
from outhire.candidates.imports.resume_zip import ResumeZip
from outhire.candidates.models import (
    Candidate,
    ContactPoint,
    Document,
    ImportJob,
    Note,
    Tag,
    TimelineEvent,
    linkedin_handle,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # rows per INSERT of the ORM's bulk_create
# The fields whose words full-text search reads (see Candidate.search_text_from)
SEARCHED_FIELDS = {"first_name", "last_name", "current_title", "current_employer", "location"}
SEARCHED_FIELDS |= {"summary"}


class ChunkWriter:
    """Writes the people of a run's chunks, in the transaction of each chunk."""

    def __init__(self, job: ImportJob, *, progress: Progress, resumes: ResumeZip | None) -> None:
        self.job = job
        self.by = job.created_by
        self.progress = progress
        self.zip = resumes
        self.tags: dict[str, Tag] | None = None

    def write(self, targets: list[Target]) -> set[Target]:
        """Write the chunk's people in one transaction; the ones the database refused."""
        try:
            with transaction.atomic():
                self.write_all(targets)
            return set()
        except DatabaseError:
            pass
        # Someone was refused: write them one at a time, so only that one is lost.
        lost = set()
        for target in targets:
            self.tags = None  # tags created in the rolled back transaction are gone
            if target.is_new:
                target.candidate.pk = None
                target.candidate._state.adding = True
            try:
                with transaction.atomic():
                    self.write_all([target])
            except DatabaseError:
                lost.add(target)
                if target.is_new:
                    target.candidate.pk = None  # its id was rolled back with it
                for number in target.rows:
                    self.progress.error(number, "", "could not be saved: the database refused it")
        self.tags = None
        return lost

    def tag(self, name: str) -> Tag:
        if self.tags is None:
            self.tags = {t.name.casefold(): t for t in Tag.objects.all()}
        key = name.strip()[:60].casefold()
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(name=name.strip()[:60])
        return self.tags[key]

    def write_all(self, targets: list[Target]) -> None:
        now = timezone.now()
        by, job = self.by, self.job
        new = [t for t in targets if t.is_new]
        for target in new:
            candidate = target.candidate
            candidate.linkedin = linkedin_handle(candidate.linkedin_url)
            candidate.search_text = candidate.search_text_from(tags=target.tags)
            candidate.created_at = candidate.last_activity_at = now
        Candidate.objects.bulk_create([t.candidate for t in new], batch_size=BATCH_SIZE)
        points, tag_links, notes, events = [], [], [], []
        through = Candidate.tags.through
        for target in targets:
            candidate = target.candidate
            for kind, value, index in target.points:
                points.append((candidate.pk, kind, value, index, kind not in target.kinds, ""))
                target.kinds.add(kind)
            tag_links += [
                through(candidate_id=candidate.pk, tag_id=self.tag(name).pk) for name in target.tags
            ]
            notes += [
                Note(candidate=candidate, author=by, body=body, visibility=Note.Visibility.PROVIDER)
                for body in target.notes
            ]
            summary = (
                "Added to the talent network (imported)"
                if target.is_new
                else "Details added by an import"
            )
            kind = "created" if target.is_new else "updated"
            data = {"import": job.pk, "fields": sorted(target.fields)}
            events.append((candidate.pk, now, by.pk if by else None, kind, summary, data))
        insert_rows(
            ContactPoint,
            ["candidate", "kind", "value", "value_index", "is_primary", "label"],
            points,
        )
        through.objects.bulk_create(tag_links, batch_size=BATCH_SIZE, ignore_conflicts=True)
        Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
        insert_rows(TimelineEvent, ["candidate", "at", "actor", "kind", "summary", "data"], events)
        changed = [t for t in targets if not t.is_new]
        for target in changed:
            if target.fields:
                target.candidate.save(update_fields=[*target.fields, "updated_at"])
        if changed:
            Candidate.objects.filter(pk__in=[t.candidate.pk for t in changed]).update(
                last_activity_at=now
            )
        for target in changed:
            if target.tags or target.fields & SEARCHED_FIELDS:
                services.candidate_reindex(target.candidate)
        for target in targets:
            for resume in target.profiles:
                services.profile_apply_resume(candidate=target.candidate, resume=resume, by=by)
            for number, name in target.resumes:
                self.attach_resume(target.candidate, number, name)
            # What was written is now known; a later row adds only what is new again.
            target.fields, target.points, target.tags = set(), [], []
            target.notes, target.resumes, target.profiles = [], [], []

    def attach_resume(self, candidate: Candidate, number: int, name: str) -> None:
        limit = max_document_bytes()
        try:
            data, file_name = self.zip.read(name, max_bytes=limit)
            document = services.document_add(
                candidate=candidate,
                data=data,
                filename=file_name,
                kind=Document.Kind.RESUME,
                by=self.by,
                max_bytes=limit,
            )
        except (DocumentError, ValidationError) as error:
            # Checked before the chunk was written, so only a file that changed since.
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            self.progress.error(number, "resume", f"was not attached: {reason}")
            return
        try:
            with transaction.atomic():
                services.document_parse(document=document, by=self.by)
        except Exception as error:  # noqa: BLE001 - the file is kept; reading it can be retried
            logger.warning(
                "Import #%s: document #%s could not be read (%s)",
                self.job.pk,
                document.pk,
                type(error).__name__,
            )


def analyse_tables() -> None:
    """Refresh PostgreSQL's statistics of the tables an import is filling.

    Autovacuum comes too late for a table that grows from a thousand rows to a hundred thousand
    in a minute: with stale statistics the planner reads the whole table for each chunk's
    look-ups instead of using the indexes. Done after 4^n chunks, so a few times per import.
    """
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Candidate, ContactPoint, Candidate.tags.through, Note)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """INSERT plain rows with one prepared statement, each value prepared by its field (so
    encrypted fields are encrypted). For the thousands of contact points and timeline events of
    an import, the ORM's per-object work costs more than the database's."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    # A column the rows do not name gets its field's default ("" for text): the database has
    # none of its own (Django keeps defaults in Python), so a NOT NULL field added later would
    # refuse every row.
    defaulted = [
        f
        for f in model._meta.concrete_fields
        if f not in fields and not f.primary_key and (f.has_default() or not f.null)
    ]
    fields += defaulted
    rows = [(*row, *(f.get_default() for f in defaulted)) for row in rows]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = [
        tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
