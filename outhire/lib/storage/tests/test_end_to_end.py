"""A resume uploaded through the staff pages, parsed, and downloaded again, on each backend."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from outhire.candidates.imports.tests.samples import csv_bytes, make_zip
from outhire.candidates.models import Candidate, Document, ImportJob, ProfileEntry
from outhire.candidates.services import STORED_COPY_CHANGED, candidate_create
from outhire.candidates.tests.test_documents import make_pdf
from outhire.lib.storage.models import StoredFile
from outhire.lib.storage.tests.helpers import s3_client
from outhire.testing import bearer, login


def _download(client, document):
    url = f"/candidates/{document.candidate_id}/documents/{document.pk}/download/"
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def _upload(client, candidate, data, capture):
    with capture(execute=True):
        response = client.post(
            f"/candidates/{candidate.pk}/documents/",
            {"file": SimpleUploadedFile("grace-cv.pdf", data), "kind": "resume"},
        )
    assert response.status_code == 302
    return Document.objects.get(candidate=candidate)


def test_a_resume_goes_up_is_parsed_and_comes_back_the_same(
    backend, client, rita, gina, s3_endpoint, django_capture_on_commit_callbacks
):
    grace = candidate_create(by=rita, first_name="Grace", last_name="Hopper")
    data = make_pdf()
    login(client, rita)
    document = _upload(client, grace, data, django_capture_on_commit_callbacks)

    # Parsed from the stored file's text: the skills reached the profile.
    assert document.parsed_at is not None and not document.unreadable
    assert ProfileEntry.objects.filter(candidate=grace, name="Python").exists()
    # Stored where the settings say, under the file's SHA-256.
    assert document.sha256 in document.file.name
    if backend == "postgres":
        assert StoredFile.objects.filter(name=document.file.name, size=len(data)).exists()
    if backend == "s3":
        bucket = os.environ["OUTHIRE_S3_BUCKET"]
        s3 = s3_client(s3_endpoint)
        head = s3.head_object(Bucket=bucket, Key=document.file.name)
        assert head["ContentLength"] == len(data)
        grants = s3.get_object_acl(Bucket=bucket, Key=document.file.name)["Grants"]
        assert all("URI" not in grant["Grantee"] for grant in grants), "no public grant"

    response, body = _download(client, document)
    assert response.status_code == 200 and body == data
    assert response["Content-Length"] == str(len(data))
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"

    # Another client's user cannot tell the file exists.
    client.logout()
    login(client, gina)
    response, body = _download(client, document)
    assert response.status_code == 404 and body == b""


def test_a_stored_copy_that_changed_is_not_parsed_again(
    backend, client, rita, django_capture_on_commit_callbacks
):
    grace = candidate_create(by=rita, first_name="Grace", last_name="Hopper")
    login(client, rita)
    document = _upload(client, grace, make_pdf(), django_capture_on_commit_callbacks)
    name = document.file.name
    # Spoil the stored bytes behind the app's back, through the backend itself.
    default_storage.delete(name)
    assert default_storage.save(name, SimpleUploadedFile("x", b"%PDF-1.4 not it")) == name

    url = f"/candidates/{grace.pk}/documents/{document.pk}/reparse/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    document.refresh_from_db()
    assert document.unreadable and document.parse_warnings == [STORED_COPY_CHANGED]


def test_an_import_keeps_its_zip_of_resumes_on_the_backend_and_reads_it_from_there(
    backend, client, rita, token_for, django_capture_on_commit_callbacks
):
    """The zip is copied to storage from the upload in blocks and opened from storage (and
    read from its end) by the run, whichever backend holds it."""
    resume = make_pdf()
    people = csv_bytes("Grace,Hopper,grace@example.org,grace.pdf", header="First,Last,Email,CV")
    files = {
        "file": SimpleUploadedFile("people.csv", people),
        "resumes": SimpleUploadedFile("resumes.zip", make_zip({"cvs/grace.pdf": resume})),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/candidates/imports", files, headers=bearer(token_for(rita)))
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.created == 1, job.errors
    document = Candidate.objects.get(first_name="Grace").documents.get()
    with document.file.open("rb") as handle:
        assert handle.read() == resume
    assert document.parsed_at is not None


@pytest.fixture
def s3_endpoint(request, backend):
    """The S3 server's address when the test runs on S3 (None otherwise)."""
    return request.getfixturevalue("s3_server") if backend == "s3" else None


def test_abandoned_apply_uploads_are_purged_on_each_backend(backend, time_machine):
    """The purge lists the staged uploads and reads their age through the storage API."""
    from outhire.careers.apply.services import UPLOAD_DIR, uploads_purge

    staged = default_storage.save(f"{UPLOAD_DIR}/abandoned", SimpleUploadedFile("a", b"cv"))
    assert uploads_purge() == 0 and default_storage.exists(staged)
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    assert uploads_purge() == 1 and not default_storage.exists(staged)


def test_the_erasure_scan_finds_a_person_in_any_backend(
    backend, client, rita, django_capture_on_commit_callbacks
):
    from outhire.privacy.scan import identifiers_of, scan

    grace = candidate_create(
        by=rita, first_name="Grace", last_name="Hopper", emails=["grace@example.org"]
    )
    login(client, rita)
    document = _upload(client, grace, make_pdf(), django_capture_on_commit_callbacks)
    copy = default_storage.save("exports/copy.bin", document.file.open("rb"))
    default_storage.save("exports/list.csv", SimpleUploadedFile("l", b"name\nGrace Hopper\n"))

    findings = scan(identifiers_of([grace])).findings
    assert f"stored file {document.file.name}: named after a document's hash" in findings
    assert f"stored file {copy}: a copy of a document" in findings
    assert "stored file exports/list.csv: mentions the person" in findings
