"""`outhire storage-migrate`: local to S3 to the database store, every copy verified."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from outhire.candidates.models import Document
from outhire.candidates.services import candidate_create
from outhire.candidates.tests.test_documents import make_pdf
from outhire.careers.apply.services import UPLOAD_DIR
from outhire.lib.storage.config import BACKENDS
from outhire.lib.storage.database import DatabaseStorage
from outhire.lib.storage.files import walk
from outhire.lib.storage.models import StoredFile
from outhire.lib.storage.tests.helpers import s3_client
from outhire.lib.storage.tests.test_end_to_end import _download, _upload
from outhire.testing import Ran, login


def run_cli(*args: str) -> Ran:
    """The command in this process and this test's transaction (outhire.cli.main would close
    the test's database connection when the command ends, as Django does after a command)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return Ran(1, stdout.getvalue(), str(error))
    return Ran(0, stdout.getvalue(), stderr.getvalue())


def _bucket(endpoint: str) -> dict[str, bytes]:
    s3, bucket = s3_client(endpoint), os.environ["OUTHIRE_S3_BUCKET"]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@pytest.fixture
def stored_files(settings, acme, rita, client, django_capture_on_commit_callbacks):
    """On the local disk: a logo, a resume uploaded through the page, a staged apply upload
    no record refers to, and a record whose file has gone."""
    acme.logo.save("acme.png", ContentFile(b"\x89PNG logo"), save=True)
    grace = candidate_create(by=rita, first_name="Grace", last_name="Hopper")
    login(client, rita)
    document = _upload(client, grace, make_pdf(), django_capture_on_commit_callbacks)
    local = FileSystemStorage(location=settings.MEDIA_ROOT)
    local.save(f"{UPLOAD_DIR}/staged-resume", ContentFile(b"staged"))
    gone = Document.objects.get(pk=document.pk)
    gone.pk, gone.sha256, gone.file = None, "0" * 64, "documents/00/gone"
    gone.save()
    return {name: local.open(name).read() for name in walk(local)}, document


def test_files_move_local_to_s3_to_the_database_verified(
    stored_files, s3_bucket, s3_server, settings, client
):
    files, document = stored_files
    assert len(files) == 3

    dry = run_cli("storage-migrate", "--from", "local", "--to", "s3", "--dry-run")
    assert dry.returncode == 0 and "would copy 3," in dry.stdout and "missing 1" in dry.stdout
    assert _bucket(s3_server) == {}

    moved = run_cli("storage-migrate", "--from", "local", "--to", "s3")
    assert moved.returncode == 0, moved.stderr
    assert "copied 3, already there and identical 0, failed 0, missing 1" in moved.stdout
    assert "missing  documents/00/gone" in moved.stdout
    assert _bucket(s3_server) == files

    again = run_cli("storage-migrate", "--from", "local", "--to", "s3")
    assert again.returncode == 0 and "copied 0, already there and identical 3" in again.stdout

    # A copy spoiled on the object store is found by its SHA-256, named, and fails the run...
    bucket, key = os.environ["OUTHIRE_S3_BUCKET"], document.file.name
    s3_client(s3_server).put_object(Bucket=bucket, Key=key, Body=b"%PDF-1.4 spoiled")
    spoiled = run_cli("storage-migrate", "--from", "local", "--to", "s3")
    assert spoiled.returncode == 1
    assert f"differs  {key}" in spoiled.stdout and "failed 1" in spoiled.stdout
    assert key in spoiled.stderr
    # ...until it is copied over again on purpose.
    fixed = run_cli("storage-migrate", "--from", "local", "--to", "s3", "--replace")
    assert fixed.returncode == 0 and "copied 1, already there and identical 2" in fixed.stdout
    assert _bucket(s3_server) == files

    onward = run_cli("storage-migrate", "--from", "s3", "--to", "postgres", "--delete-source")
    assert onward.returncode == 0, onward.stderr
    assert "copied 3," in onward.stdout and "deleted from the source 3" in onward.stdout
    assert _bucket(s3_server) == {}
    database = DatabaseStorage()
    assert {name: database.open(name).read() for name in walk(database)} == files
    assert StoredFile.objects.count() == 3

    # Switched to the database store, the page serves the same resume.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": BACKENDS["postgres"]}}
    response, body = _download(client, document)
    assert response.status_code == 200 and body == files[key]
    assert hashlib.sha256(body).hexdigest() == document.sha256


def test_a_copy_damaged_on_the_way_fails_and_keeps_the_source(stored_files, settings, monkeypatch):
    files, document = stored_files
    real_save = DatabaseStorage._save

    def damaging_save(self, name, content):
        data = content.read()
        if name == document.file.name:
            data = data[:-1] + bytes([data[-1] ^ 0xFF])
        return real_save(self, name, ContentFile(data))

    monkeypatch.setattr(DatabaseStorage, "_save", damaging_save)
    ran = run_cli("storage-migrate", "--from", "local", "--to", "postgres", "--delete-source")
    assert ran.returncode == 1
    assert f"failed   {document.file.name}: the copy read back has another SHA-256" in ran.stdout
    assert "copied 2," in ran.stdout and "deleted from the source 2" in ran.stdout
    local = FileSystemStorage(location=settings.MEDIA_ROOT)
    assert list(walk(local)) == [document.file.name], "only the verified copies left the disk"
    assert local.open(document.file.name).read() == files[document.file.name]


def test_bad_arguments_are_refused(db):
    same = run_cli("storage-migrate", "--from", "local", "--to", "local")
    assert same.returncode == 1 and "same storage" in same.stderr
    both = run_cli(
        "storage-migrate", "--from", "local", "--to", "postgres", "--dry-run", "--delete-source"
    )
    assert both.returncode == 1 and "--dry-run deletes nothing" in both.stderr
