"""Candidate import pages: upload, preview and mapping, the report; who reaches them."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from outhire.candidates.imports import uploads
from outhire.candidates.imports.tests.samples import JSON_RESUME, ROWS, csv_bytes
from outhire.candidates.models import Candidate, ImportJob
from outhire.testing import login


def test_the_pages_take_a_file_through_preview_and_mapping_to_its_report(
    client, rita, django_capture_on_commit_callbacks
):
    login(client, rita)
    page = client.get("/candidates/imports/new/")
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    data = csv_bytes(*ROWS, "4,,,broken,,,,,,").replace(b"\n", b"\r\n")
    upload = io.BytesIO(codecs.BOM_UTF8 + data)
    upload.name = "bullhorn-export.csv"
    response = client.post("/candidates/imports/new/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/imports/{job.pk}/mapping/"
    mapping = client.get(response["Location"])
    text = mapping.content.decode()
    assert "E-mail Address" in text and "ada@example.org" in text and "Lovelace" in text
    assert '<option value="email" selected>' in text
    assert 'for="id_column_3"' in text  # each choice is labelled with its column's name
    # The ids need their system's name.
    form = {f"column_{i}": key for i, key in enumerate(job.mapping)}
    refused = client.post(mapping.request["PATH_INFO"], {**form, "action": "dry_run"})
    assert refused.status_code == 400 and "Name the system" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            mapping.request["PATH_INFO"],
            {**form, "source_system": "Bullhorn", "action": "dry_run"},
        )
    assert started["Location"] == f"/candidates/imports/{job.pk}/"
    report = client.get(started["Location"]).content.decode()
    assert "<progress" in report and "Would be added" in report and "Import for real" in report
    assert "hx-trigger" not in report, "a finished job stops polling"
    assert "is not a valid e-mail address" in report
    download = client.get(f"/candidates/imports/{job.pk}/errors.csv")
    assert download["Content-Disposition"] == f'attachment; filename="import-{job.pk}-errors.csv"'
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "row,field,reason",
        "5,E-mail Address,is not a valid e-mail address",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"/candidates/imports/{job.pk}/apply/")
    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert applied["Location"] == f"/candidates/imports/{real.pk}/"
    assert Candidate.objects.count() == 3
    listing = client.get("/candidates/imports/").content.decode()
    assert f"#{real.pk}" in listing and "bullhorn-export.csv" in listing


def test_a_json_resume_file_goes_through_the_same_pages(
    client, alice, django_capture_on_commit_callbacks
):
    login(client, alice)
    upload = io.BytesIO(json.dumps([JSON_RESUME, {"basics": {"name": "Ada"}}]).encode())
    upload.name = "resumes.json"
    response = client.post("/candidates/imports/new/", {"file": upload})
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "2 resumes in the file, starting with: Margaret Hamilton, Ada" in page
    assert "column_0" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"action": "import"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and not job.dry_run and job.created == 2


def test_a_running_job_polls_and_offers_a_plain_reload_link(client, rita):
    job = uploads.import_create(by=rita, data=csv_bytes(*ROWS), file_name="c.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, total=3, processed=1
    )
    login(client, rita)
    page = client.get(f"/candidates/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'hx-select="#progress"' in page
    assert 'max="3" value="1"' in page
    assert f'<a href="/candidates/imports/{job.pk}/">refresh it</a>' in page


def test_the_upload_page_shows_why_a_file_is_refused(client, rita):
    login(client, rita)
    upload = io.BytesIO(b"PK\x03\x04" + bytes(100))
    upload.name = "candidates.xlsx"
    response = client.post("/candidates/imports/new/", {"file": upload})
    assert response.status_code == 400
    assert "Excel workbook" in response.content.decode()
    empty = io.BytesIO(b"")
    empty.name = "empty.csv"
    response = client.post("/candidates/imports/new/", {"file": empty})
    assert response.status_code == 400 and "empty" in response.content.decode()


@pytest.mark.parametrize("path", ["", "new/", "{job}/", "{job}/mapping/", "{job}/errors.csv"])
def test_only_admins_and_recruiters_reach_the_import_pages(
    client, path, alice, rita, sam, carla, make_candidate
):
    job = uploads.import_create(by=rita, data=csv_bytes(*ROWS), file_name="c.csv")
    url = "/candidates/imports/" + path.format(job=job.pk)
    assert login(client, alice).get(url).status_code == 200
    assert login(client, rita).get(url).status_code == 200
    assert login(client, sam).get(url).status_code == 403
    assert login(client, carla).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_sourcer_cannot_start_or_apply_an_import(client, rita, sam):
    job = uploads.import_create(by=rita, data=csv_bytes(*ROWS), file_name="c.csv")
    login(client, sam)
    mapping = f"/candidates/imports/{job.pk}/mapping/"
    assert client.post(mapping, {"action": "import"}).status_code == 403
    assert client.post(f"/candidates/imports/{job.pk}/apply/").status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DRAFT
