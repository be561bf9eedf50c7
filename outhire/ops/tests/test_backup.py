"""`outhire backup` and `outhire restore` (outhire/ops/backup.py), on the suite's database.

Run on SQLite by default and on PostgreSQL (pg_dump / pg_restore) when DATABASE_URL points
there: data with documents is backed up, restored by another process into a new, empty database
and an empty media directory, and every table's rows and every file's bytes are compared.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from outhire.candidates import services as candidate_services
from outhire.ops.backup import KEYS_REMINDER, stored_files
from outhire.testing import run_cli

ROOT = Path(__file__).resolve().parents[3]

# Every table's rows, printed by a process on the restored database (and computed here on the
# source): the same code reads both, so the values compare alike whatever the driver returns.
TABLE_ROWS = """
import json, sys, django
django.setup()
from outhire.ops.tests.test_backup import table_rows
print(json.dumps(table_rows()))
"""


def table_rows() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=False))
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return rows


@pytest.fixture
def empty_database(tmp_path):
    """The DATABASE_URL of a new, empty database of the suite's kind (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"outhire_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    db = connection.settings_dict
    auth = f"{db['USER'] or 'postgres'}" + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def in_a_process(script_args: list[str], database_url: str, media: Path, tmp_path: Path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outhire.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "OUTHIRE_VAR_DIR": str(tmp_path / "var"),
        "CELERY_BROKER_URL": "",
    }
    return subprocess.run(
        [sys.executable, *script_args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def restore(archive: Path, database_url: str, media: Path, tmp_path: Path, *flags: str):
    return in_a_process(
        ["-m", "outhire.cli", "restore", str(archive), *flags], database_url, media, tmp_path
    )


@pytest.fixture
def seeded(transactional_db, rita, settings, tmp_path):
    """Committed rows (the dump is made by another process) and documents in the storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for first, text in (("Zelda", "Python, Django"), ("Link", "Go, Rust")):
        candidate = candidate_services.candidate_create(
            by=rita, first_name=first, last_name="Backup", emails=[f"{first.lower()}@t.test"]
        )
        candidate_services.document_add(
            candidate=candidate,
            data=f"{first} Backup\nSkills: {text}\n".encode(),
            filename=f"{first}-cv.txt",
            kind="resume",
            by=rita,
            max_bytes=1 << 20,
        )
    default_storage.save("logos/acme.png", ContentFile(bytes(range(256)) * 40))
    return tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_database_finds_the_same_rows_and_files(
    seeded, empty_database, tmp_path
):
    archive = tmp_path / "outhire.tar.gz"
    backed_up = run_cli("backup", str(archive))
    assert backed_up.returncode == 0, backed_up.stderr
    assert KEYS_REMINDER in backed_up.stdout
    names = list(stored_files(default_storage))
    assert len(names) == 3 and "logos/acme.png" in names
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert set(manifest["files"]) == set(names)
    assert manifest["tables"]["candidates_candidate"] == 2
    assert manifest["tables"]["candidates_document"] == 2

    restored_media = tmp_path / "restored-media"
    done = restore(archive, empty_database, restored_media, tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "every row count and SHA-256 matches" in done.stdout
    assert KEYS_REMINDER in done.stdout

    shown = in_a_process(["-c", TABLE_ROWS], empty_database, restored_media, tmp_path)
    assert shown.returncode == 0, shown.stderr
    restored_rows = json.loads(shown.stdout.strip().splitlines()[-1])
    source_rows = table_rows()
    assert restored_rows.keys() == source_rows.keys()
    assert restored_rows == source_rows
    for name in names:
        with default_storage.open(name, "rb") as handle:
            assert (restored_media / name).read_bytes() == handle.read(), name

    again = restore(archive, empty_database, restored_media, tmp_path)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_a_restore_reports_a_file_that_does_not_match_its_manifest(
    seeded, empty_database, tmp_path
):
    archive = tmp_path / "outhire.tar.gz"
    assert run_cli("backup", str(archive)).returncode == 0
    spoiled = tmp_path / "spoiled.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(spoiled, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "files/logos/acme.png":
                data = b"not the logo" + data[12:]
            target.addfile(member, io.BytesIO(data))
    done = restore(spoiled, empty_database, tmp_path / "restored-media", tmp_path)
    assert done.returncode != 0
    assert "logos/acme.png: its SHA-256 differs from the manifest's" in done.stderr


def test_backup_refuses_to_replace_a_file_and_restore_refuses_a_non_archive(db, tmp_path):
    existing = tmp_path / "there.tar.gz"
    existing.write_bytes(b"keep me")
    refused = run_cli("backup", str(existing))
    assert refused.returncode != 0 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"keep me"
    # Checked before the database is looked at (this one is the suite's, not empty).
    done = run_cli("restore", str(existing))
    assert done.returncode != 0 and "is not an Outhire backup" in done.stderr
    missing = run_cli("restore", str(tmp_path / "nowhere.tar.gz"))
    assert missing.returncode != 0 and "is not a file" in missing.stderr


def test_an_archive_cannot_write_outside_the_restore_directory(db, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    done = run_cli("restore", str(archive))
    assert done.returncode != 0 and "is not an Outhire backup" in done.stderr
    # Where it would have gone: two levels above the restore's directory in the temporary one.
    assert not (Path(tempfile.gettempdir()).parent / "escaped.txt").exists()
