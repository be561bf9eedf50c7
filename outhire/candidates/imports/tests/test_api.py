"""Candidate imports and exports through the JSON API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Candidate, ImportJob
from outhire.testing import bearer

IMPORTS = "/api/v1/candidates/imports"
EXPORT = "/api/v1/candidates/export"
CSV = (
    "Candidate ID;Name;E-mail;Phone\n"
    "7;Ada Lovelace;ada@example.org;+44 20 7946 0018\n"
    "8;Grace Hopper;grace@example.org;\n"
    "9;;nobody@example.org;\n"
).encode("cp1252")


@pytest.fixture
def staff(rita, token_for):
    return bearer(token_for(rita))


def upload(client, headers, data=CSV, name="export.csv", capture=None, **fields):
    files = {"file": SimpleUploadedFile(name, data)}
    if "resumes" in fields:
        files["resumes"] = SimpleUploadedFile("resumes.zip", fields.pop("resumes"))
    if capture is None:
        return client.post(IMPORTS, {**files, **fields}, headers=headers)
    with capture(execute=True):
        return client.post(IMPORTS, {**files, **fields}, headers=headers)


def test_it_imports_a_csv_in_the_background_and_reports_progress_and_errors(
    client, staff, django_capture_on_commit_callbacks
):
    response = upload(
        client,
        staff,
        source_system="Workday",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["kind"] == "csv" and body["dry_run"] is False
    assert body["columns"] == [
        {"column": "Candidate ID", "field": "external_id"},
        {"column": "Name", "field": "full_name"},
        {"column": "E-mail", "field": "email"},
        {"column": "Phone", "field": "phone"},
    ]
    job = client.get(f"{IMPORTS}/{body['id']}", headers=staff).json()
    assert job["status"] == "done" and job["percent"] == 100
    assert (job["total"], job["created"], job["failed"], job["error_count"]) == (3, 2, 1, 1)
    assert Candidate.objects.get(external_ref="workday:7").full_name == "Ada Lovelace"
    errors = client.get(f"{IMPORTS}/{body['id']}/errors", headers=staff).json()
    assert errors == {
        "items": [
            {
                "row": 4,
                "field": "Name",
                "reason": "is empty: a new candidate needs at least a first name",
            }
        ],
        "count": 1,
    }
    listed = client.get(IMPORTS, headers=staff).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


def test_a_dry_run_with_a_mapping_by_column_name_stores_nothing(
    client, staff, django_capture_on_commit_callbacks
):
    mapping = json.dumps({"Name": "full_name", "E-mail": "email", "Candidate ID": "ignore"})
    response = upload(
        client,
        staff,
        mapping=mapping,
        dry_run="true",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert job.dry_run and job.status == ImportJob.Status.DONE
    assert job.mapping == ["", "full_name", "email", ""]
    assert (job.created, job.failed) == (2, 1)
    assert not Candidate.objects.exists()


def test_it_imports_json_resume(client, staff, django_capture_on_commit_callbacks):
    data = json.dumps({"basics": {"name": "Katherine Johnson", "email": "kj@example.org"}})
    response = upload(
        client,
        staff,
        data=data.encode(),
        name="kj.json",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 202 and response.json()["kind"] == "json_resume"
    assert Candidate.objects.get().email == "kj@example.org"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"data": b""}, "file", "empty"),
        ({"data": b"\x89PNG\r\n\x1a\n" + bytes(500)}, "file", "binary"),
        ({"data": b"{broken", "name": "x.json"}, "file", "not valid JSON"),
        ({"mapping": "not json"}, "mapping", "not valid JSON"),
        ({"mapping": '["email"]'}, "mapping", "names 1 columns"),
        ({"mapping": '{"Nope": "email"}'}, "mapping", "not in the file: Nope"),
        ({"mapping": '["salary", "", "", ""]'}, "mapping", "Unknown candidate fields: salary"),
        ({"resumes": b"not a zip"}, "resumes", "not a readable zip"),
        ({}, "source_system", "Name the system"),
    ],
)
def test_bad_input_is_a_422_with_a_clear_message(client, staff, fields, field, message):
    data = fields.pop("data", CSV)
    name = fields.pop("name", "export.csv")
    response = upload(client, staff, data=data, name=name, **fields)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid" and message in body["message"]
    assert body["errors"][0]["field"] == field
    assert not ImportJob.objects.exists()


def test_an_upload_over_the_limit_is_refused(client, staff, settings):
    settings.OUTHIRE_MAX_IMPORT_MB = 1
    response = upload(client, staff, data=b"Name\n" + b"Ada\n" * 300_000)
    assert response.status_code == 422 and "1 MB limit" in response.json()["message"]


def test_imports_are_closed_to_sourcers_read_only_tokens_and_clients(
    client, sam, rita, carla, acme, token_for
):
    for headers, status in (
        (bearer(token_for(sam)), 403),
        (bearer(token_for(rita, can_write=False)), 403),
        (bearer(token_for(carla, client=acme)), 404),
        ({}, 401),
    ):
        assert upload(client, headers).status_code == status
        assert client.get(IMPORTS, headers=headers).status_code == status
    assert not ImportJob.objects.exists()


def test_a_job_is_not_found_by_client_tokens(client, rita, carla, acme, token_for, staff):
    assert upload(client, staff, dry_run="true", source_system="x").status_code == 202
    job = ImportJob.objects.get()
    outsider = bearer(token_for(carla, client=acme))
    for path in (f"{IMPORTS}/{job.pk}", f"{IMPORTS}/{job.pk}/errors"):
        assert client.get(path, headers=outsider).status_code == 404
    assert client.get(f"{IMPORTS}/{job.pk + 1}", headers=staff).status_code == 404


def test_it_exports_through_the_api(client, staff, ada, make_candidate):
    make_candidate("Grace", "Hopper", location="Arlington")
    response = client.post(
        EXPORT, {"format": "csv", "location": "london"}, content_type="application/json",
        headers=staff,
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["first_name"] for r in rows] == ["Ada"]
    response = client.post(
        EXPORT, {"format": "json", "ids": [ada.pk]}, content_type="application/json",
        headers=staff,
    )  # fmt: skip
    assert json.loads(response.content)[0]["basics"]["email"] == "ada@example.org"
    event = AuditEvent.objects.filter(action="candidates.exported").latest("at")
    assert event.changes["ids"] == [ada.pk] and event.changes["via"].startswith("API token")


def test_export_errors_are_json(client, staff, sam, token_for, carla, acme, ada):
    def post(body, headers=staff):
        return client.post(EXPORT, body, content_type="application/json", headers=headers)

    assert post({"format": "xls"}).status_code == 422
    assert post({"format": "csv", "salary": 1}).status_code == 422
    none = post({"format": "csv", "location": "atlantis"})
    assert none.status_code == 422 and "no candidates" in none.json()["message"]
    assert post({"format": "csv"}, bearer(token_for(sam))).status_code == 403
    assert post({"format": "csv"}, bearer(token_for(carla, client=acme))).status_code == 404
