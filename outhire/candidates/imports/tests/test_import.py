"""Candidate import: reading other systems' files, matching people, resumes, progress."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.candidates import services
from outhire.candidates.imports import resume_zip, uploads
from outhire.candidates.imports import run as run_module
from outhire.candidates.imports.rows import (
    ImportFileError,
    csv_rows,
    decode,
    guess_mapping,
    preview,
    sniff_delimiter,
)
from outhire.candidates.imports.tests.samples import (
    JSON_RESUME,
    RESUME,
    ROWS,
    csv_bytes,
    make_docx,
    make_pdf,
    make_zip,
)
from outhire.candidates.models import (
    Candidate,
    ContactPoint,
    Document,
    ImportJob,
    Note,
    ProfileEntry,
    TimelineEvent,
)

# --- Reading files ------------------------------------------------------------------------------


def test_it_guesses_the_mapping_from_other_systems_column_names():
    header = [
        "Candidate ID",
        "First Name",
        "Last Name",
        "E-mail Address",
        "Mobile",
        "Home Phone",
        "Company",
        "LinkedIn",
        "Job Title",
        "City",
        "Resume",
        "Favourite colour",
    ]
    assert guess_mapping(header) == [
        "external_id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "phone",
        "current_employer",
        "linkedin_url",
        "current_title",
        "location",
        "resume",
        "",
    ]
    # A full name column only when there are no first/last name columns; a field once.
    assert guess_mapping(["Name", "Email", "Title", "Job Title"]) == [
        "full_name",
        "email",
        "current_title",
        "",
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("latin-1", "\t"),
        ("utf-16", "\t"),
        ("utf-8", "|"),
    ],
)
def test_it_reads_other_encodings_and_delimiters(encoding, delimiter):
    text = delimiter.join(["First Name", "Last Name", "City"]) + "\r\n"
    text += delimiter.join(["Émile", "Zola", "Paris"]) + "\r\n"
    text += delimiter.join(["Søren", "Kierkegaard", "København"]) + "\r\n"
    found = preview(text.encode(encoding))
    assert found.delimiter == delimiter
    assert found.header == ["First Name", "Last Name", "City"]
    assert found.rows[0] == ["Émile", "Zola", "Paris"]
    assert found.rows[1][2] == "København"


def test_a_mostly_utf8_file_keeps_utf8_and_refuses_the_broken_row():
    data = "Name,Email\nMüller,m@example.org\n".encode() + b"Br\xffken,b@example.org\n"
    text, encoding = decode(data)
    assert encoding == "utf-8"
    rows = list(csv_rows(text, ",", ["full_name", "email"]))
    assert rows[0].values["first_name"] == "Müller" and not rows[0].errors
    assert rows[1].errors == [("Name", "holds binary data or characters that are not text")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n", "empty"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"a,b\n" + b"\x00\x01\x02" * 50, "binary"),
        (("x" * 200_000 + "\n").encode(), "could not be read"),
        (b"\n\n\n", "empty"),
        (",".join(f"c{i}" for i in range(300)).encode(), "300 columns"),
    ],
)
def test_a_file_that_cannot_be_imported_at_all_gets_a_clear_message(db, rita, data, message):
    with pytest.raises(ImportFileError, match=message):
        uploads.import_create(by=rita, data=data, file_name="export.csv")
    assert not ImportJob.objects.exists()


def test_it_sniffs_the_delimiter_from_the_header_and_rows():
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter("a,b\n1,2\n") == ","
    assert sniff_delimiter("only\none\n") == ","


# --- Runs -------------------------------------------------------------------------------------


def test_it_imports_candidates_with_contact_points_tags_notes_and_search_text(rita, run):
    job = run(rita, csv_bytes(*ROWS))
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.created, job.failed) == (3, 3, 3, 0)
    ada = Candidate.objects.get(external_ref="bullhorn:1")
    assert (ada.first_name, ada.last_name, ada.current_employer) == (
        "Ada",
        "Lovelace",
        "Analytical Engines",
    )
    assert ada.source == Candidate.Source.IMPORT and ada.source_detail == "bullhorn"
    assert ada.owner == rita
    assert ada.email == "ada@example.org" and ada.phone == "+44 20 7946 0018"
    assert ContactPoint.objects.filter(
        value_index=ContactPoint.index_of("email", "ADA@example.org")
    ).exists()
    assert sorted(ada.tags.values_list("name", flat=True)) == ["maths", "poetry"]
    note = Note.objects.get(candidate=ada)
    assert note.body == "Met at a fair" and note.visibility == Note.Visibility.PROVIDER
    assert "Analytical Engines" in ada.search_text and "poetry" in ada.search_text
    assert TimelineEvent.objects.filter(candidate=ada, kind="created").exists()
    # Full-text search finds imported candidates (the index triggers ran on the bulk insert).
    from outhire.candidates.search import search_candidates

    assert [h.candidate.pk for h in search_candidates(Candidate.objects, "lovelace").hits] == [
        ada.pk
    ]


def test_a_dry_run_stores_nothing_and_reports_what_it_would_do(rita, run, ada):
    rows = [*ROWS, "4,,,,,,,,,"]
    before = AuditEvent.objects.exclude(action="candidates.imported").count()
    job = run(rita, csv_bytes(*rows), dry_run=True)
    assert job.status == ImportJob.Status.DONE and job.dry_run
    # Ada is known by her e-mail: she would get the tags, note and external id
    assert (job.created, job.updated, job.skipped, job.failed) == (2, 1, 0, 1)
    assert Candidate.objects.count() == 1
    assert not Note.objects.exists() and not ada.tags.exists()
    assert AuditEvent.objects.exclude(action="candidates.imported").count() == before
    assert job.errors == [
        {
            "row": 5,
            "field": "First Name",
            "reason": "is empty: a new candidate needs at least a first name",
        }
    ]
    assert job.file and default_storage.exists(job.file.name), "kept to import it for real"


def test_it_reports_each_refused_row_with_its_number_column_and_reason(rita, run):
    rows = [
        "1,Ada,Lovelace,not-an-email,,,,,,",
        "2,Grace,Hopper,grace@example.org,call me,,,,,",
        "3," + "G" * 101 + ",Hopper,,,,,,,",
        "4,Alan,Turing,,,,,,",
        "5,Alan,Turing,,,,,,,,extra",
        "6,Al\x00an,Turing,,,,,,,",
        "7,Edsger,Dijkstra,,,,,,,",
        "8,Edsger,Dijkstra,,,,,,,,",  # an empty extra cell is only a trailing comma
        "9,Barbara,Liskov,barbara@example.org,,,,,,",
    ]
    job = run(rita, csv_bytes(*rows))
    assert (job.created, job.failed) == (3, 6), job.errors
    assert job.errors == [
        {"row": 2, "field": "E-mail Address", "reason": "is not a valid e-mail address"},
        {
            "row": 3,
            "field": "Mobile",
            "reason": "is not a phone number (digits, spaces and + ( ) - . / only)",
        },
        {"row": 4, "field": "First Name", "reason": "is too long: 101 characters, at most 100"},
        {"row": 5, "field": "", "reason": "has 9 cells where the header has 10 columns"},
        {"row": 6, "field": "", "reason": "has 11 cells where the header has 10 columns"},
        {
            "row": 7,
            "field": "First Name",
            "reason": "holds binary data or characters that are not text",
        },
    ]
    # The reasons never repeat the values: they are personal data.
    assert "not-an-email" not in json.dumps(job.errors)
    # Rows 8 and 9 have different ids in the other system: two people of the same name.
    assert sorted(Candidate.objects.values_list("first_name", flat=True)) == [
        "Barbara",
        "Edsger",
        "Edsger",
    ]


def test_a_huge_cell_is_a_row_error_and_the_rows_after_it_import(rita, run):
    rows = [ROWS[0], "2,Grace," + "x" * 200_000 + ",,,,,,,", ROWS[2]]
    job = run(rita, csv_bytes(*rows))
    assert (job.created, job.failed) == (2, 1)
    assert job.errors[0]["row"] == 3 and "could not be read as CSV" in job.errors[0]["reason"]


def test_importing_the_same_file_twice_adds_nobody(rita, run):
    first = run(rita, csv_bytes(*ROWS))
    second = run(rita, csv_bytes(*ROWS))
    assert (first.created, second.created, second.updated, second.skipped) == (3, 0, 0, 3)
    assert Candidate.objects.count() == 3
    assert Note.objects.count() == 1 and ContactPoint.objects.count() == 5
    # A newer export of the same system: the ids decide, blank fields are filled, nothing else.
    changed = "3,Alan,Turing,alan.turing@example.org,,Bletchley Park,Codebreaker,Wilmslow,,"
    third = run(rita, csv_bytes(changed))
    alan = Candidate.objects.get(external_ref="bullhorn:3")
    assert (third.updated, third.created) == (1, 0)
    assert alan.current_title == "Codebreaker" and alan.location == "Manchester"
    assert sorted(p.value for p in alan.contact_points.all() if p.kind == "email") == [
        "alan.turing@example.org",
        "alan@example.org",
    ]
    assert alan.email == "alan@example.org", "the first address stays the primary one"
    assert "Codebreaker" in alan.search_text


def test_without_ids_it_matches_on_email_phone_and_linkedin(rita, run, ada, make_candidate):
    grace = make_candidate("Grace", "Hopper", phones=["+1 202 555 0143"])
    turing = make_candidate("Alan", "Turing", linkedin_url="https://linkedin.com/in/alan-turing")
    header = "Name,Email,Phone,LinkedIn,Title"
    rows = [
        "Ada Lovelace,ADA@example.org,,,Countess",
        "G. Hopper,,+1 (202) 555-0143,,Admiral",
        "Alan M. Turing,,,https://www.linkedin.com/in/Alan-Turing/,",
        "Edsger Dijkstra,edsger@example.org,,,",
    ]
    job = run(rita, csv_bytes(*rows, header=header))
    # Ada and Alan add nothing new (a title is filled only where blank); Grace gets hers.
    assert (job.created, job.updated, job.skipped) == (1, 1, 2)
    ada.refresh_from_db()
    grace.refresh_from_db()
    assert ada.current_title == "Analyst", "filled only where blank"
    assert grace.current_title == "Admiral" and grace.first_name == "Grace"
    assert Candidate.objects.filter(first_name="Alan").get() == turing
    again = run(rita, csv_bytes(*rows, header=header))
    assert (again.created, again.skipped) == (0, 4)


def test_a_row_without_contact_details_matches_the_same_name_and_employer(rita, run):
    rows = ["Ada,Lovelace,Analytical Engines", "Ada,Lovelace,Somewhere Else"]
    header = "First Name,Last Name,Company"
    first = run(rita, csv_bytes(*rows, header=header))
    second = run(rita, csv_bytes(*rows, header=header))
    assert (first.created, second.created, second.skipped) == (2, 0, 2)


def test_a_row_with_only_a_last_name_is_refused_for_its_first_name(rita, run):
    job = run(rita, csv_bytes(",Lovelace,Engines", header="First Name,Last Name,Company"))
    assert job.status == ImportJob.Status.DONE and job.failed == 1
    assert job.errors[0]["field"] == "First Name"


def test_a_row_matching_two_candidates_is_refused(rita, run, ada, make_candidate):
    grace = make_candidate("Grace", "Hopper", emails=["grace@example.org"])
    job = run(rita, csv_bytes("Ada Grace,ada@example.org;grace@example.org", header="Name,Email"))
    assert job.failed == 1
    assert job.errors[0]["reason"] == (
        f"matches more than one candidate (#{ada.pk}, #{grace.pk}); merge them first, or "
        "correct the row"
    )


def test_rows_about_the_same_person_in_one_file_make_one_candidate(rita, run):
    rows = [
        "Ada Lovelace,ada@example.org,,London",
        "Ada Lovelace,ada@example.org,+44 20 7946 0018,",
        "Ada L.,,+44 20 7946 0018,",
        "Ada Lovelace,,,",  # a name alone is not evidence when others rows have some
    ]
    job = run(rita, csv_bytes(*rows, header="Name,Email,Phone,City"))
    assert (job.created, job.updated, job.skipped) == (2, 1, 1)
    ada = Candidate.objects.exclude(location="").get()
    assert ada.location == "London"
    assert {p.kind for p in ada.contact_points.all()} == {"email", "phone"}


def test_a_merged_candidate_is_found_through_the_one_kept_and_an_erased_one_is_skipped(
    rita, run, make_candidate
):
    run(rita, csv_bytes(*ROWS))
    ada, grace = (Candidate.objects.get(external_ref=f"bullhorn:{n}") for n in (1, 2))
    keep = make_candidate("Ada", "King")
    services.candidate_merge(keep=keep, drop=ada, by=rita)
    Candidate.objects.filter(pk=grace.pk).update(anonymised_at=timezone.now())
    job = run(rita, csv_bytes(ROWS[0].replace("Analyst", "Countess"), ROWS[1]))
    keep.refresh_from_db()
    assert (job.created, job.updated, job.skipped) == (0, 1, 1)
    # The kept record now answers to the other system's id; its title stays the merged one.
    assert keep.external_ref == "bullhorn:1" and keep.current_title == "Analyst"
    assert "erased" in job.errors[0]["reason"] and job.errors[0]["row"] == 3


def test_never_half_a_row_when_the_database_refuses_one_person(rita, run, monkeypatch):
    original = Note.objects.bulk_create

    def refuse_bombs(objs, *args, **kwargs):
        objs = list(objs)
        if any("BOOM" in note.body for note in objs):
            raise DatabaseError("refused")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(Note.objects, "bulk_create", refuse_bombs)
    rows = [ROWS[0], ROWS[1].replace(",cobol,", ",cobol,BOOM"), ROWS[2]]
    job = run(rita, csv_bytes(*rows))
    assert (job.created, job.failed) == (2, 1)
    assert job.errors == [
        {"row": 3, "field": "", "reason": "could not be saved: the database refused it"}
    ]
    assert not Candidate.objects.filter(first_name="Grace").exists()
    assert not ContactPoint.objects.filter(
        value_index=ContactPoint.index_of("email", "grace@example.org")
    ).exists()
    assert sorted(Candidate.objects.values_list("first_name", flat=True)) == ["Ada", "Alan"]


# --- Resumes in a zip ---------------------------------------------------------------------------


def test_it_attaches_and_reads_the_resumes_named_in_the_rows(rita, run):
    archive = make_zip(
        {
            "cvs/Grace Hopper.PDF": make_pdf(RESUME),
            "alan.docx": make_docx(["Alan Turing", "Skills", "Cryptography, Mathematics"]),
        }
    )
    header = "First Name,Last Name,Email,CV"
    rows = [
        "Grace,Hopper,grace@example.org,grace hopper.pdf",
        "Alan,Turing,alan@example.org,alan.docx",
        "Ada,Lovelace,ada@example.org,",
    ]
    job = run(rita, csv_bytes(*rows, header=header), resumes=archive)
    assert (job.created, job.failed) == (3, 0), job.errors
    grace = Candidate.objects.get(first_name="Grace")
    document = grace.documents.get()
    assert document.file_type == "pdf" and document.original_name == "Grace Hopper.PDF"
    assert "Remington Rand" in document.text and document.parsed_at
    assert grace.profile_entries.filter(kind="skill", name="COBOL").exists()
    assert grace.current_employer == "Remington Rand"
    assert "COBOL" in Candidate.objects.get(pk=grace.pk).search_text
    alan = Candidate.objects.get(first_name="Alan")
    assert alan.documents.get().file_type == "docx"
    # Again: the same resumes are not attached twice.
    again = run(rita, csv_bytes(*rows, header=header), resumes=archive)
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert Document.objects.count() == 2


def test_a_bad_file_or_a_zip_bomb_in_the_zip_is_a_row_error(rita, run, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:t>" + b"A" * (30 * 1024 * 1024))
        archive.writestr("[Content_Types].xml", b"<Types/>")
    files = {
        "bomb.docx": bomb.getvalue(),
        "image.pdf": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "empty.pdf": b"",
        "cut.pdf": make_pdf(["Cut off"])[:300],
        "good.txt": b"Edsger Dijkstra\nSkills: Algol\n",
    }
    header = "First Name,Email,Resume"
    rows = [
        "Bomb,bomb@example.org,bomb.docx",
        "Image,image@example.org,image.pdf",
        "Empty,empty@example.org,empty.pdf",
        "Cut,cut@example.org,cut.pdf",
        "Missing,missing@example.org,nowhere.pdf",
        "Good,good@example.org,good.txt",
    ]
    job = run(rita, csv_bytes(*rows, header=header), resumes=make_zip(files))
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.failed) == (1, 5)
    reasons = {e["row"]: e["reason"] for e in job.errors}
    assert all(e["field"] == "resume" for e in job.errors)
    assert "1 MB limit" in reasons[2] or "zip bomb" in reasons[2]
    assert "image" in reasons[3]
    assert "empty" in reasons[4]
    assert "damaged" in reasons[5]
    assert reasons[6] == "No file of this name is in the zip of resumes."
    assert list(Candidate.objects.values_list("first_name", flat=True)) == ["Good"]


def test_a_zip_member_that_lies_about_its_size_is_refused(rita, run, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    archive = bytearray(make_zip({"cv.txt": b"A" * (3 * 1024 * 1024)}))
    # Shrink the declared sizes (local header and central directory) to 1 KB.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.find(signature)
        archive[at + offset : at + offset + 4] = (1024).to_bytes(4, "little")
    job = run(rita, csv_bytes("Ada,cv.txt", header="First Name,Resume"), resumes=bytes(archive))
    assert job.failed == 1 and job.status == ImportJob.Status.DONE
    assert job.errors[0]["field"] == "resume"


def test_a_zip_of_resumes_that_is_not_a_zip_is_refused_at_upload(db, rita):
    with pytest.raises(resume_zip.ResumeZipError, match="not a readable zip"):
        uploads.import_create(
            by=rita, data=csv_bytes(*ROWS), file_name="c.csv", resumes=b"not a zip"
        )


# --- JSON Resume -------------------------------------------------------------------------------


def test_it_imports_json_resume_files(rita, run):
    second = {"basics": {"name": "Katherine Johnson", "email": "katherine@example.org"}}
    data = json.dumps([JSON_RESUME, second, {"basics": {"email": "noname@example.org"}}, 7])
    job = run(rita, data.encode(), file_name="resumes.json")
    assert job.kind == ImportJob.Kind.JSON_RESUME
    assert (job.total, job.created, job.failed) == (4, 2, 2)
    assert job.errors == [
        {
            "row": 3,
            "field": "basics.name",
            "reason": "is empty: a new candidate needs at least a first name",
        },
        {"row": 4, "field": "", "reason": "is not a JSON Resume object"},
    ]
    margaret = Candidate.objects.get(first_name="Margaret")
    assert margaret.last_name == "Hamilton" and margaret.location == "Boston, MA"
    assert margaret.current_title == "Software Engineer"
    assert margaret.current_employer == "MIT Instrumentation Lab"
    assert margaret.github_url == "https://github.com/mhamilton"
    assert margaret.phone == "+1 617 555 0100"
    entries = {(e.kind, e.name) for e in margaret.profile_entries.all()}
    assert ("work", "Lincoln Lab") in entries and ("education", "Earlham College") in entries
    assert ("skill", "Assembly") in entries
    assert all(e.origin == ProfileEntry.Origin.PARSED for e in margaret.profile_entries.all())
    assert "Assembly" in Candidate.objects.get(pk=margaret.pk).search_text
    again = run(rita, json.dumps(JSON_RESUME).encode(), file_name="margaret.json")
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)
    assert margaret.profile_entries.count() == 5


def test_odd_types_in_a_json_resume_are_ignored_not_a_crash(rita, run):
    odd = {
        "basics": {
            "name": "Odd Types",
            "email": ["not", "a", "string"],
            "location": "London",
            "profiles": ["https://linkedin.com/in/odd", None, {"url": 7}],
            "label": {"nested": True},
        },
        "work": [{"name": ["x"], "position": 3, "startDate": 2019, "endDate": None}],
        "skills": [{"name": {"deep": "value"}}, {"name": "Python", "level": 5}],
        "meta": ["not", "an", "object"],
    }
    job = run(rita, json.dumps([odd, {"basics": {"name": "Fine"}, "work": "oops"}]).encode())
    assert job.status == ImportJob.Status.DONE and (job.created, job.failed) == (1, 1)
    assert job.errors == [{"row": 2, "field": "work", "reason": "must be a list of objects"}]
    person = Candidate.objects.get()
    assert person.full_name == "Odd Types" and not person.contact_points.exists()
    assert person.profile_entries.filter(kind="skill", name="Python").exists()


def test_an_invalid_json_file_is_refused_with_where(db, rita):
    with pytest.raises(ImportFileError, match=r"not valid JSON \(line 1, column"):
        uploads.import_create(by=rita, data=b'{"basics": ', file_name="x.json")
    with pytest.raises(ImportFileError, match="one resume object"):
        uploads.import_create(by=rita, data=b'"a string"', file_name="x.json")


# --- Progress, files, audit ---------------------------------------------------------------------


def test_it_saves_progress_every_chunk_not_every_row(rita, run, monkeypatch):
    monkeypatch.setattr(run_module, "CHUNK_SIZE", 2)
    saves = []
    original = run_module.Run.save_progress

    def spy(self, job, *, final=False):
        saves.append((self.progress.processed, final))
        original(self, job, final=final)

    monkeypatch.setattr(run_module.Run, "save_progress", spy)
    rows = [f"{n},Person{n},Test,p{n}@example.org,,,,,," for n in range(7)]
    job = run(rita, csv_bytes(*rows))
    assert saves == [(2, False), (4, False), (6, False), (7, False), (7, True)]
    assert (job.total, job.processed, job.percent) == (7, 7, 100)
    assert job.started_at <= job.finished_at


def test_the_upload_is_deleted_when_the_run_ends_and_a_dry_run_keeps_it_a_day(
    rita, run, django_capture_on_commit_callbacks, time_machine
):
    job = run(rita, csv_bytes(*ROWS))
    assert not job.file
    assert not default_storage.listdir("imports")[1]
    dry = run(rita, csv_bytes(*ROWS), dry_run=True)
    assert dry.can_be_applied
    with django_capture_on_commit_callbacks(execute=True):
        real = uploads.import_apply(job=dry, by=rita)
    real.refresh_from_db()
    dry.refresh_from_db()
    assert real.status == ImportJob.Status.DONE and real.repeats == dry and real.skipped == 3
    assert not dry.file and not real.file and not default_storage.listdir("imports")[1]
    with pytest.raises(Exception, match="can no longer be imported"):
        uploads.import_apply(job=dry, by=rita)
    # A dry run nobody carries out, and a draft nobody starts, are cleaned up after a day.
    stale = run(rita, csv_bytes(*ROWS), dry_run=True)
    draft = uploads.import_create(by=rita, data=csv_bytes(*ROWS), file_name="c.csv")
    time_machine.move_to(timezone.now() + timedelta(days=1, minutes=1))
    assert uploads.import_purge_files() == 2
    stale.refresh_from_db()
    draft.refresh_from_db()
    assert not stale.file and draft.status == ImportJob.Status.FAILED
    assert not default_storage.listdir("imports")[1]


def test_each_run_is_audited_with_counts_and_no_personal_data(rita, run):
    job = run(rita, csv_bytes(*ROWS))
    event = AuditEvent.objects.get(action="candidates.imported")
    assert event.actor == rita and event.object_id == str(job.pk)
    assert event.changes["created"] == 3 and event.changes["dry_run"] is False
    text = json.dumps(event.changes) + event.object_repr
    assert "Lovelace" not in text and "ada@example.org" not in text and "candidates.csv" not in text


def test_a_crash_fails_the_job_with_a_message_and_logs_no_personal_data(
    rita, run, monkeypatch, caplog
):
    def crash(self, rows):
        raise RuntimeError("ada@example.org broke it")

    monkeypatch.setattr(run_module.Run, "chunk", crash)
    job = run(rita, csv_bytes(*ROWS))
    assert job.status == ImportJob.Status.FAILED
    assert "unexpected error" in job.message
    assert job.can_be_continued, "its upload is kept a day, to continue it"
    assert "RuntimeError" in caplog.text and "ada@example.org" not in caplog.text


def test_the_mapping_must_name_the_first_name_and_each_field_once(db, rita):
    job = uploads.import_create(by=rita, data=csv_bytes(*ROWS), file_name="c.csv")
    with pytest.raises(Exception, match="first name") as error:
        uploads.import_start(job=job, by=rita, dry_run=True, mapping=[""] * 10)
    assert error.value.message_dict["mapping"]
    with pytest.raises(Exception, match="Only one column"):
        uploads.import_start(job=job, by=rita, dry_run=True, mapping=["first_name"] * 10)
    with pytest.raises(Exception, match="Name the system"):
        job.source_system = ""
        uploads.import_start(job=job, by=rita, dry_run=True)
