"""Import identity: a shared phone number never merges different people, and a run whose
worker died is noticed (heartbeat), reported in plain words and can be continued safely."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.imports import run as run_module
from outhire.candidates.imports import uploads
from outhire.candidates.imports.matching import same_name
from outhire.candidates.imports.tests.samples import ROWS, csv_bytes
from outhire.candidates.models import Candidate, ContactPoint, ImportJob
from outhire.testing import bearer, database_url, login

HEADER = "Candidate ID,First Name,Last Name,E-mail Address,Mobile"
FIRST_NAMES = ["Ann", "Bob", "Cleo", "Dev", "Eve", "Finn", "Gus", "Hal", "Ida", "Jo"]
ROOT = Path(__file__).resolve().parents[4]


def _pairs_sharing_a_phone(count: int) -> list[str]:
    """Rows of `count` different people; people 2k and 2k+1 share a (household) phone."""
    return [
        f"{n},{FIRST_NAMES[n % 10]},Family{n // 2},person{n}@example.org,+44 20 7946 {n // 2:04d}"
        for n in range(count)
    ]


# --- Identity --------------------------------------------------------------------------------


def test_a_shared_phone_never_merges_people_with_their_own_ids_and_emails(rita, run):  # noqa: F811
    job = run(rita, csv_bytes(*_pairs_sharing_a_phone(2000), header=HEADER))
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.updated, job.skipped, job.failed) == (2000, 0, 0, 0)
    assert Candidate.objects.count() == 2000
    assert ContactPoint.objects.filter(kind="email").count() == 2000
    # Each pair is listed once, for a person to look at: at the second row of each pair.
    assert job.duplicate_count == 1000
    by_ref = dict(Candidate.objects.values_list("external_ref", "pk"))
    assert job.duplicates[0] == {
        "row": 3,
        "candidate": by_ref["bullhorn:1"],
        "other": by_ref["bullhorn:0"],
        "other_row": None,
        "reason": "same phone number, but a different id in bullhorn and a different name",
    }
    assert [d["row"] for d in job.duplicates] == list(range(3, 2002, 2))
    again = run(rita, csv_bytes(*_pairs_sharing_a_phone(2000), header=HEADER))
    assert (again.created, again.skipped, again.duplicate_count) == (0, 2000, 0)
    assert Candidate.objects.count() == 2000


def test_a_phone_match_with_another_name_is_a_new_candidate_shown_as_a_likely_duplicate(
    client,
    rita,
    run,  # noqa: F811
    ada,
):
    rows = [
        "Charles Lovelace,+44 20 7946 0018,Engineer",  # Ada's husband, at the same number
        "Ada L.,+44 20 7946 0018,Countess",  # Ada herself, by her initial
    ]
    job = run(rita, csv_bytes(*rows, header="Name,Phone,Title"))
    assert (job.created, job.skipped) == (1, 1), "Ada's row adds nothing she lacks"
    charles = Candidate.objects.get(first_name="Charles")
    assert job.duplicates == [
        {
            "row": 2,
            "candidate": charles.pk,
            "other": ada.pk,
            "other_row": None,
            "reason": "same phone number, but a different name",
        }
    ]
    ada.refresh_from_db()
    assert ada.current_title == "Analyst" and charles.current_title == "Engineer"
    # Where recruiters resolve duplicates: the import's report and each candidate's page.
    login(client, rita)
    page = client.get(reverse("candidates:import_detail", args=[job.pk])).content.decode()
    assert "Possible duplicates (1)" in page
    assert reverse("candidates:candidate_merge", args=[charles.pk, ada.pk]) in page
    assert f">{charles.full_name}</a>" in page and f">{ada.full_name}</a>" in page
    detail = client.get(reverse("candidates:candidate_detail", args=[charles.pk])).content.decode()
    assert "Likely duplicates" in detail and f"#{ada.pk}</span> — same phone" in detail


def test_an_email_match_with_another_id_of_the_same_system_is_a_different_record(
    rita,
    run,  # noqa: F811
):
    run(rita, csv_bytes("7,Ada,Lovelace,ada@example.org,", header=HEADER))
    job = run(rita, csv_bytes("8,Ada,Lovelace,ada@example.org,", header=HEADER))
    assert job.created == 1 and Candidate.objects.count() == 2
    assert job.duplicates[0]["reason"] == "same e-mail address, but a different id in bullhorn"
    # Another system's id is not a conflict: the same person may be in both systems.
    other = run(
        rita, csv_bytes("99,Ada,Lovelace,ada@lovelace.test,", header=HEADER), source_system="Lever"
    )
    assert other.created == 1
    merged = run(rita, csv_bytes("5,Ada,Lovelace,ada@lovelace.test,", header=HEADER))
    assert (merged.created, merged.skipped, merged.duplicate_count) == (0, 1, 0)


def test_within_one_file_a_shared_phone_joins_only_the_same_name(
    rita,
    run,  # noqa: F811
):
    rows = [
        "Ada Lovelace,ada@example.org,+44 20 7946 0018",
        "Charles Lovelace,charles@example.org,+44 20 7946 0018",
        "Ada Lovelace,,+44 20 7946 0018",  # joins Ada, whom the phone and name point at
        "Byron Lovelace,,+44 20 7946 0018",  # a third person at that number
        ",,+44 20 7946 0018",  # no name: three people have this number
    ]
    job = run(rita, csv_bytes(*rows, header="Name,Email,Phone"), source_system="")
    assert (job.created, job.skipped, job.failed) == (3, 1, 1)
    assert job.errors[0]["row"] == 6
    assert "matches more than one candidate" in job.errors[0]["reason"]
    assert [(d["row"], d["reason"]) for d in job.duplicates] == [
        (3, "same phone number, but a different name"),
        (5, "same phone number, but a different name"),
        (5, "same phone number, but a different name"),
    ]


def test_a_dry_run_lists_the_possible_duplicates_it_would_leave(rita, run, monkeypatch):  # noqa: F811
    monkeypatch.setattr(run_module, "CHUNK_SIZE", 3)
    job = run(rita, csv_bytes(*_pairs_sharing_a_phone(8), header=HEADER), dry_run=True)
    assert job.created == 8 and not Candidate.objects.exists()
    # Rows 2-3 in one chunk, rows 8-9 across two: the earlier person is named by their row.
    assert [(d["row"], d["other_row"], d["candidate"]) for d in job.duplicates] == [
        (3, 2, None),
        (5, 4, None),
        (7, 6, None),
        (9, 8, None),
    ]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (("Ada", "Lovelace"), ("ada", "LOVELACE"), True),
        (("Ada", "L."), ("Ada", "Lovelace"), True),
        (("G.", "Hopper"), ("Grace", "Hopper"), True),
        (("Zoë", "Núñez"), ("Zoe", "Nunez"), True),
        (("Alan M.", "Turing"), ("Alan", "M. Turing"), True),
        (("Ada", ""), ("Ada", "Lovelace"), True),
        (("John", "Smith"), ("Jane", "Smith"), False),
        (("Ada", "Lovelace"), ("Ada", "Byron"), False),
        (("Person1", "X"), ("Person2", "X"), False),
    ],
)
def test_names_agree_on_first_and_last_word_or_an_initial(one, other, same):
    assert same_name(*one, *other) is same


# --- A run whose worker died ------------------------------------------------------------------


def _job_after_first_chunk(rita, monkeypatch, rows: int = 10) -> ImportJob:
    """A job left running after its first chunk, as a killed worker leaves it."""
    monkeypatch.setattr(run_module, "CHUNK_SIZE", 4)
    original = run_module.Run.chunk

    def die_after_one(self, chunk):
        if self.progress.processed:
            raise SystemExit  # not an Exception: nothing in the run handles it, as with kill -9
        original(self, chunk)

    monkeypatch.setattr(run_module.Run, "chunk", die_after_one)
    data = csv_bytes(*(f"Person{n},Name" for n in range(rows)), header="First Name,Last Name")
    job = uploads.import_create(by=rita, data=data, file_name="people.csv")
    uploads.import_prepare(job=job, by=rita, dry_run=False)
    with pytest.raises(SystemExit):
        run_module.import_run(job=job)
    monkeypatch.setattr(run_module.Run, "chunk", original)
    job.refresh_from_db()
    return job


def test_a_run_whose_heartbeat_stopped_is_marked_failed_and_continues_safely(
    rita, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    job = _job_after_first_chunk(rita, monkeypatch)
    assert job.status == ImportJob.Status.RUNNING and job.processed == 4
    # Rows without any evidence: imported twice they would be two people each.
    assert Candidate.objects.count() == 4
    time_machine.shift(run_module.STALE_AFTER - timedelta(seconds=1))
    assert run_module.import_fail_stale() == 0
    time_machine.shift(timedelta(seconds=2))
    assert run_module.import_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.can_be_continued
    assert job.message == (
        "Stopped unexpectedly (its worker stopped answering) after 4 of 10 rows; those rows were "
        "imported. Continue it: rows already imported are not added twice."
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_module.import_continue(job=job, by=rita)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempt == 2
    assert (job.processed, job.created) == (10, 10)
    assert sorted(Candidate.objects.values_list("first_name", flat=True)) == sorted(
        f"Person{n}" for n in range(10)
    )
    assert not job.file, "the upload is deleted once the run is done"
    with pytest.raises(Exception, match="cannot be continued"):
        run_module.import_continue(job=job, by=rita)


def test_a_run_beats_while_it_works_and_a_live_one_is_left_alone(rita, time_machine, run):  # noqa: F811
    time_machine.move_to(timezone.now(), tick=False)
    started = timezone.now()
    job = run(rita, csv_bytes(*ROWS))
    assert job.heartbeat_at == started and job.attempt == 1
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    time_machine.shift(run_module.STALE_AFTER / 2)
    assert run_module.import_fail_stale() == 0


def test_a_run_taken_over_stops_and_keeps_nothing_of_its_chunk(rita, monkeypatch):
    """A worker thought dead but only slow: once its job is marked failed, it writes nothing."""
    monkeypatch.setattr(run_module, "CHUNK_SIZE", 3)
    original = run_module.Run.chunk

    def reaped_after_one(self, chunk):
        if self.progress.processed:
            ImportJob.objects.filter(pk=self.job.pk).update(
                status=ImportJob.Status.FAILED, message="marked failed"
            )
        original(self, chunk)

    monkeypatch.setattr(run_module.Run, "chunk", reaped_after_one)
    data = csv_bytes(*(f"Person{n},Name" for n in range(9)), header="First Name,Last Name")
    job = uploads.import_create(by=rita, data=data, file_name="people.csv")
    uploads.import_prepare(job=job, by=rita, dry_run=False)
    job = run_module.import_run(job=job)
    assert job.status == ImportJob.Status.FAILED and job.message == "marked failed"
    assert job.processed == 3 and Candidate.objects.count() == 3


def test_the_upload_of_a_run_cut_off_is_deleted_after_a_day(rita, monkeypatch, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    job = _job_after_first_chunk(rita, monkeypatch)
    time_machine.shift(run_module.STALE_AFTER + timedelta(minutes=1))
    assert run_module.import_fail_stale() == 1
    assert uploads.import_purge_files() == 0
    time_machine.shift(uploads.KEEP_FILES_FOR + timedelta(minutes=1))
    assert uploads.import_purge_files() == 1
    job.refresh_from_db()
    assert not job.file and not job.can_be_continued
    assert not default_storage.listdir("imports")[1]


def test_the_page_says_where_it_stopped_and_continues_it(
    client, rita, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    job = _job_after_first_chunk(rita, monkeypatch)
    time_machine.shift(run_module.STALE_AFTER + timedelta(minutes=1))
    run_module.import_fail_stale()
    login(client, rita)
    url = reverse("candidates:import_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert "Stopped unexpectedly (its worker stopped answering) after 4 of 10 rows" in page
    assert "Continue the import" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:import_continue", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == url
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Candidate.objects.count() == 10
    again = client.post(reverse("candidates:import_continue", args=[job.pk]), follow=True)
    assert "cannot be continued" in again.content.decode()


def test_the_api_lists_possible_duplicates_and_continues_a_run_cut_off(
    client, rita, token_for, monkeypatch, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(timezone.now(), tick=False)
    job = _job_after_first_chunk(rita, monkeypatch)
    time_machine.shift(run_module.STALE_AFTER + timedelta(minutes=1))
    run_module.import_fail_stale()
    headers = {"HTTP_AUTHORIZATION": bearer(token_for(rita))["Authorization"]}
    body = client.get(f"/api/v1/candidates/imports/{job.pk}", **headers).json()
    assert body["can_be_continued"] is True and body["status"] == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/candidates/imports/{job.pk}/continue", **headers)
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status == "done"
    again = client.post(f"/api/v1/candidates/imports/{job.pk}/continue", **headers)
    assert again.status_code == 422
    pairs = uploads.import_create(
        by=rita,
        data=csv_bytes(*_pairs_sharing_a_phone(4), header=HEADER),
        file_name="p.csv",
        source_system="Bullhorn",
    )
    with django_capture_on_commit_callbacks(execute=True):
        uploads.import_start(job=pairs, by=rita, dry_run=False)
    listed = client.get(f"/api/v1/candidates/imports/{pairs.pk}/duplicates", **headers).json()
    assert [d["row"] for d in listed["items"]] == [3, 5]
    assert (
        client.get(f"/api/v1/candidates/imports/{pairs.pk}", **headers).json()["duplicate_count"]
        == 2
    )


# The import command in a process of its own, slowed down (a pause after each chunk of 20) so
# that it can be killed part way.
SLOW_IMPORT = """
import sys, time, django
django.setup()
from django.core.management import call_command
from outhire.candidates.imports import run
run.CHUNK_SIZE = 20
chunk = run.Run.chunk
def slow(self, rows):
    chunk(self, rows)
    time.sleep(0.2)
run.Run.chunk = slow
call_command("import-candidates", sys.argv[1], "--by", sys.argv[2])
"""


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_with_sigkill_is_marked_failed_and_continues(
    rita, tmp_path, settings, time_machine
):
    path = tmp_path / "people.csv"
    path.write_bytes(
        csv_bytes(*(f"Person{n},Name" for n in range(400)), header="First Name,Last Name")
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outhire.settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT, str(path), rita.email],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not ImportJob.objects.filter(processed__gte=40).exists():
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never got going"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.RUNNING and 40 <= job.processed < 400
    # What the progress says was imported, was: chunk and progress are one transaction.
    assert Candidate.objects.count() == job.processed
    time_machine.move_to(timezone.now() + run_module.STALE_AFTER + timedelta(minutes=1))
    assert run_module.import_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert f"after {job.processed} of 400 rows" in job.message
    run_module.import_continue(job=job, by=rita)  # no transaction here: the run starts at once
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 400
    assert Candidate.objects.count() == 400
