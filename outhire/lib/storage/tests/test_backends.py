"""The storage contract, on the local disk, the database store and a real S3 server."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from outhire.lib.storage import database
from outhire.lib.storage.config import default_storage_from_env
from outhire.lib.storage.files import sha256, walk
from outhire.lib.storage.models import CHUNK_SIZE, StoredChunk, StoredFile

# Larger than two of the database store's chunks, so a file spans rows.
BIG = os.urandom(2 * CHUNK_SIZE + 12345)


def test_a_file_saved_reads_back_the_same_bytes(backend):
    name = default_storage.save("documents/ab/report.pdf", ContentFile(BIG))
    assert name == "documents/ab/report.pdf"
    assert default_storage.exists(name)
    assert default_storage.size(name) == len(BIG)
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == BIG
    assert sha256(default_storage, name) == hashlib.sha256(BIG).hexdigest()


def test_a_file_is_saved_from_a_stream_and_read_in_pieces(backend):
    name = default_storage.save("imports/upload", File(io.BytesIO(BIG), name="upload"))
    with default_storage.open(name, "rb") as handle:
        pieces = list(iter(lambda: handle.read(64 * 1024), b""))
        assert b"".join(pieces) == BIG and len(pieces) > 30
        # Seeking works (zip files of resumes are read from their end).
        handle.seek(len(BIG) - 10)
        assert handle.read() == BIG[-10:]
        handle.seek(CHUNK_SIZE - 3)
        assert handle.read(6) == BIG[CHUNK_SIZE - 3 : CHUNK_SIZE + 3]


def test_a_second_file_of_the_same_name_gets_its_own_name(backend):
    first = default_storage.save("logos/acme.png", ContentFile(b"first"))
    second = default_storage.save("logos/acme.png", ContentFile(b"second"))
    assert first == "logos/acme.png" and second != first and second.startswith("logos/acme")
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"


def test_delete_and_missing_files(backend):
    name = default_storage.save("apply/staged", ContentFile(b"resume"))
    default_storage.delete(name)
    assert not default_storage.exists(name)
    default_storage.delete(name)  # deleting what is gone is no error
    with pytest.raises(FileNotFoundError):
        default_storage.open("apply/never-there", "rb").read()


def test_listdir_walk_and_modified_time(backend):
    before = timezone.now() - timedelta(seconds=5)
    for name in ("a.txt", "documents/ab/x.pdf", "documents/cd/y.pdf", "documents/z.pdf"):
        default_storage.save(name, ContentFile(name.encode()))
    directories, files = default_storage.listdir("documents")
    assert (sorted(directories), sorted(files)) == (["ab", "cd"], ["z.pdf"])
    assert sorted(walk(default_storage)) == [
        "a.txt",
        "documents/ab/x.pdf",
        "documents/cd/y.pdf",
        "documents/z.pdf",
    ]
    modified = default_storage.get_modified_time("documents/z.pdf")
    assert timezone.is_aware(modified) and before <= modified <= timezone.now() + timedelta(5)


def test_the_database_store_keeps_a_file_in_bounded_chunks(settings, db):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": database.__name__ + ".DatabaseStorage"},
    }
    name = default_storage.save("documents/big.bin", ContentFile(BIG))
    stored = StoredFile.objects.get(name=name)
    sizes = [len(chunk) for chunk in stored.chunks.order_by("index").values_list("data", flat=True)]
    assert sizes == [CHUNK_SIZE, CHUNK_SIZE, 12345] and stored.size == len(BIG)
    default_storage.delete(name)
    assert not StoredChunk.objects.exists()


def test_the_database_store_retries_a_name_taken_meanwhile(settings, db, monkeypatch):
    """Two saves of one name at once: the slower one's insert hits the unique constraint
    (as if the other committed between its free-name check and its insert) and it saves
    under the next free name instead of failing or overwriting."""
    storage = database.DatabaseStorage()
    storage.save("logos/acme.png", ContentFile(b"theirs"))
    checks = []
    real_exists = storage.exists

    def exists(name):
        # The first free-name check ran before the other save committed.
        checks.append(name)
        return real_exists(name) if len(checks) > 1 else False

    monkeypatch.setattr(storage, "exists", exists)
    name = storage.save("logos/acme.png", ContentFile(b"ours"))
    assert len(checks) > 1, "the retry asked for a free name again"
    assert name != "logos/acme.png" and name.startswith("logos/acme")
    assert storage.open("logos/acme.png").read() == b"theirs"
    assert storage.open(name).read() == b"ours"
    assert StoredFile.objects.count() == 2


def test_the_database_store_opens_files_only_to_read(db):
    storage = database.DatabaseStorage()
    storage.save("a.txt", ContentFile(b"x"))
    with pytest.raises(ValueError, match="only to read"):
        storage.open("a.txt", "wb")


# --- settings ----------------------------------------------------------------------------------


def test_s3_settings_fail_loud_without_a_bucket(monkeypatch):
    monkeypatch.setenv("OUTHIRE_STORAGE", "s3")
    monkeypatch.delenv("OUTHIRE_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="OUTHIRE_S3_BUCKET"):
        default_storage_from_env()
    monkeypatch.setenv("OUTHIRE_S3_BUCKET", "files")
    monkeypatch.setenv("OUTHIRE_S3_ENDPOINT_URL", "s3.example.com")
    with pytest.raises(ImproperlyConfigured, match="must be an http"):
        default_storage_from_env()
    monkeypatch.setenv("OUTHIRE_STORAGE", "disk")
    with pytest.raises(ImproperlyConfigured, match="one of local, postgres, s3"):
        default_storage_from_env()


def test_s3_objects_are_private_and_never_overwritten(monkeypatch):
    monkeypatch.setenv("OUTHIRE_STORAGE", "s3")
    monkeypatch.setenv("OUTHIRE_S3_BUCKET", "files")
    monkeypatch.setenv("OUTHIRE_S3_ENDPOINT_URL", "https://s3.example.com")
    monkeypatch.setenv("OUTHIRE_S3_REGION", "eu-central-1")
    options = default_storage_from_env()["OPTIONS"]
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_expire"] <= 300
    assert (options["bucket_name"], options["region_name"]) == ("files", "eu-central-1")
    assert "access_key" not in options and "secret_key" not in options


def test_local_is_the_default(monkeypatch):
    monkeypatch.delenv("OUTHIRE_STORAGE", raising=False)
    assert default_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_name_in_the_database_store_keep_both_files(monkeypatch):
    """Real threads, each with its own connection, pass the free-name check together and
    insert the same name at once; the unique constraint lets one win and the other retry.
    (PostgreSQL blocks the second insert until the first commits; SQLite runs one writing
    transaction at a time.)"""
    storage = database.DatabaseStorage()
    barrier = threading.Barrier(2)
    real_exists = storage.exists
    checked = set()

    def exists(name):
        if threading.get_ident() not in checked:
            checked.add(threading.get_ident())
            barrier.wait(timeout=30)  # both saw the name free
            return False
        return real_exists(name)

    monkeypatch.setattr(storage, "exists", exists)
    results: list = [None, None]

    def save(n: int) -> None:
        try:
            results[n] = storage.save("logos/same.png", ContentFile(f"file {n}".encode() * 100))
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(name, str) for name in results), results
    assert "logos/same.png" in results and len(set(results)) == 2
    for n, name in enumerate(results):
        assert storage.open(name).read() == f"file {n}".encode() * 100
    assert StoredFile.objects.count() == 2


def test_only_an_object_store_is_a_sub_processor_in_the_register(settings, monkeypatch):
    from outhire.privacy.register import configured_sub_processors

    def storage_names(kind: str) -> list[str]:
        monkeypatch.setenv("OUTHIRE_STORAGE", kind)
        settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}
        return [r.name for r in configured_sub_processors() if r.name.startswith("File storage")]

    monkeypatch.setenv("OUTHIRE_S3_BUCKET", "files")
    monkeypatch.setenv("OUTHIRE_S3_ENDPOINT_URL", "https://key:secret@s3.example.com")
    assert storage_names("s3") == ["File storage s3.example.com"]
    monkeypatch.delenv("OUTHIRE_S3_ENDPOINT_URL")
    assert storage_names("s3") == ["File storage files"]
    assert storage_names("postgres") == [] and storage_names("local") == []


def test_the_database_store_gives_no_address_for_a_file(db):
    from outhire.lib.storage.database import DatabaseStorage, NoPublicUrl

    with pytest.raises(NoPublicUrl, match="serve files through a view"):
        DatabaseStorage().url("documents/cv.pdf")
