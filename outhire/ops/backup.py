"""`outhire backup` / `outhire restore`: the database and every stored file in one archive.

The archive is a gzipped tar holding

- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: a copy
  made with SQLite's online backup API, consistent while the site runs);
- `files/<name>`: every file of the default storage, read through the storage API, so the same
  code backs up the local disk, S3 or the database store (docs/storage.md);
- `manifest.json`, last: the database vendor, each file's SHA-256 and size, and each table's row
  count, which the restore checks what it loaded against.

The encryption keys (`OUTHIRE_ENCRYPTION_KEYS`, `OUTHIRE_BLIND_INDEX_KEY`) and `SECRET_KEY` are
deliberately not in it: an archive that held them would give whoever reads it every person's
contact data in clear. Without them, the restored personal data cannot be read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

from outhire.lib.storage.files import walk as stored_files

FORMAT = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
BLOCK = 1024 * 1024
KEYS_REMINDER = (
    "The encryption keys are NOT in the backup: keep OUTHIRE_ENCRYPTION_KEYS, "
    "OUTHIRE_BLIND_INDEX_KEY and SECRET_KEY separately (a password manager or secrets store). "
    "A restore without the same keys cannot read any person's contact data."
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Restored:
    files_written: int = 0
    files_present: int = 0
    tables: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)


# --- Reading the live installation -----------------------------------------------------------


def table_row_counts() -> dict[str, int]:
    """Rows in every table of the database, by table name (raw SQL: no manager, no scope)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=False))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


class _Hashing(io.RawIOBase):
    """A read-only stream that hashes what passes through it (one read per file)."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{flag}={db[key]}")
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} was not found: install the PostgreSQL client tools.")
    # The command's stderr says what went wrong (never the password: it is in PGPASSWORD).
    done = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        name = connection.settings_dict["NAME"]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                f"--file={target}",
                f"--dbname={name}",
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        # A connection of its own, read-only: it copies the committed state (WAL lets it read
        # while the site writes), never a transaction this process may have open.
        source_path = Path(connection.settings_dict["NAME"]).resolve()
        source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(f"backing up a {connection.vendor} database is not supported")


# --- Backup ----------------------------------------------------------------------------------


def backup_create(*, output: Path, storage: Storage | None = None) -> dict:
    """Write the archive to `output` (refusing to replace a file) and return its manifest."""
    storage = storage or default_storage
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists; choose a new file name.")
    if connection.vendor not in DUMPS:
        raise BackupError(f"backing up a {connection.vendor} database is not supported")
    partial = output.with_name(output.name + ".partial")
    manifest: dict = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "dump": DUMPS[connection.vendor]},
        "tables": {},
        "files": {},
    }
    with tempfile.TemporaryDirectory(prefix="outhire-backup-") as work:
        dump = Path(work) / DUMPS[connection.vendor]
        # Row counts first, dump at once after: on a quiet site they describe the same state.
        manifest["tables"] = table_row_counts()
        _dump_database(dump)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=dump.name)
                for name in stored_files(storage):
                    manifest["files"][name] = _add_stored_file(archive, storage, name)
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str) -> dict:
    info = tarfile.TarInfo(f"{FILES_DIR}/{name}")
    info.mtime = int(timezone.now().timestamp())
    try:
        info.size = storage.size(name)
        with storage.open(name, "rb") as handle:
            hashing = _Hashing(handle)
            archive.addfile(info, hashing)
    except FileNotFoundError as error:
        raise BackupError(
            f"{name} was deleted while it was copied; run the backup again."
        ) from error
    if hashing.size != info.size:
        raise BackupError(f"{name} changed while it was copied; run the backup again.")
    return {"sha256": hashing.digest.hexdigest(), "size": info.size}


# --- Restore ---------------------------------------------------------------------------------


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor, include_views=False)


def backup_restore(
    *, archive: Path, force: bool = False, storage: Storage | None = None
) -> Restored:
    """Load `archive` into this installation's (empty) database and storage, then check both
    against the manifest. Refuses a database with tables in it unless `force`."""
    storage = storage or default_storage
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    with tempfile.TemporaryDirectory(prefix="outhire-restore-") as work:
        root = Path(work)
        manifest = _extract(archive, root)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"The backup holds a {vendor} database; this installation uses {connection.vendor}."
            )
        if not force and not database_is_empty():
            raise BackupError(
                "The database is not empty. Restore into a new, empty database (e.g. createdb), "
                "or pass --force to replace everything in this one."
            )
        _load_database(root / manifest["database"]["dump"], force=force)
        report = Restored()
        for name, expected in manifest["files"].items():
            _restore_file(storage, root / FILES_DIR / name, name, expected, force, report)
    _check_rows(manifest["tables"], report)
    return report


def _extract(archive: Path, root: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute names, "..", links out of the directory and
            # device files: an archive from elsewhere cannot write outside `root`.
            tar.extractall(root, filter="data")
        manifest = json.loads((root / MANIFEST).read_text())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"{archive} is not an Outhire backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} has backup format {manifest.get('format')!r}; expected {FORMAT}."
        )
    return manifest


def _load_database(dump: Path, *, force: bool) -> None:
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        name = connection.settings_dict["NAME"]
        clean = ["--clean", "--if-exists"] if force else []
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                *args,
                f"--dbname={name}",
                str(dump),
            ],
            env,
        )
    else:
        connection.close()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            # Replaces the whole target database, page by page.
            source.backup(target)
        finally:
            source.close()
            target.close()


def _file_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _restore_file(
    storage: Storage, source: Path, name: str, expected: dict, force: bool, report: Restored
) -> None:
    """Write one file back through the storage API (unless the storage already holds it, as
    the database store does once its tables are restored) and check its SHA-256."""
    if storage.exists(name):
        if _file_sha256(storage, name) == expected["sha256"]:
            report.files_present += 1
            return
        if not force:
            report.problems.append(f"{name}: the storage holds another file of that name")
            return
        storage.delete(name)
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        report.problems.append(f"{name}: the storage saved it as {saved}")
        return
    if _file_sha256(storage, name) != expected["sha256"]:
        report.problems.append(f"{name}: its SHA-256 differs from the manifest's")
        return
    report.files_written += 1


def _check_rows(expected: dict[str, int], report: Restored) -> None:
    found = table_row_counts()
    report.tables = len(found)
    report.rows = sum(found.values())
    for table, count in sorted(expected.items()):
        if found.get(table) != count:
            report.problems.append(
                f"table {table}: {found.get(table)} rows, the backup had {count}"
            )
