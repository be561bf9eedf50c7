"""Verified erasure: look everywhere for what identified a person, after their data was erased.

The scan does not trust the erasure's own list of places. It reads every table the database
has (each text, character and JSON column, found by introspection, so a table added later is
scanned without anyone remembering to add it), decrypts the encrypted columns, asks the
full-text index, walks the stored files through the storage API, whichever backend holds
them (files whose content hash is one of the person's documents, and text files that mention
them), the e-mail folder of the file e-mail backend,
and the cache. A finding names the place and a count, never the value found.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import Storage, default_storage
from django.db import DatabaseError, connection

from outhire.accounts.tenancy import unscoped
from outhire.lib.crypto import EncryptedTextField
from outhire.lib.storage.files import sha256 as stored_sha256
from outhire.lib.storage.files import walk

# Files read whole to look for names and addresses: text-like and not too big. Larger or
# binary files are compared by content hash only (documents are stored under their hash).
TEXT_SUFFIXES = {".csv", ".txt", ".json", ".html", ".htm", ".eml", ".log", ".ics", ".md", ".xml"}
MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024
TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "URLField", "SlugField"}


@dataclass(frozen=True)
class Identifiers:
    """What identifies a person: looked for after erasure, never stored or logged."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    document_hashes: tuple[str, ...] = ()
    document_sizes: tuple[int, ...] = ()
    # (first, last): a candidate row holds a name in two columns
    name_pairs: tuple[tuple[str, str], ...] = ()

    @property
    def texts(self) -> tuple[str, ...]:
        """The strings to look for in text: names, e-mails, phones, document hashes."""
        found: list[str] = []
        for value in (*self.names, *self.emails, *self.phones, *self.document_hashes):
            value = value.strip()
            if value and value.casefold() not in {v.casefold() for v in found}:
                found.append(value)
        return tuple(found)

    def variants(self) -> tuple[str, ...]:
        """Each text as stored in a JSON column too ("Zoë" is "Zo\\u00eb" there)."""
        found = list(self.texts)
        for value in self.texts:
            escaped = json.dumps(value)[1:-1]
            if escaped != value:
                found.append(escaped)
        return tuple(found)

    def pattern(self) -> re.Pattern | None:
        values = sorted(self.variants(), key=len, reverse=True)
        if not values:
            return None
        return re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE)


def identifiers_of(people: Iterable) -> Identifiers:
    """Read a person's identifiers (their records: the person and any merged into theirs)."""
    names, emails, phones, hashes, sizes, pairs = [], [], [], [], [], []
    with unscoped():
        for person in people:
            full = f"{person.first_name} {person.last_name}".strip()
            # A lone first name ("Ada") would match half the database: only whole names.
            if person.first_name and person.last_name:
                names.append(full)
                names.append(f"{person.last_name}, {person.first_name}")
                pairs.append((person.first_name, person.last_name))
            for point in person.contact_points.all():
                if point.kind == "email":
                    emails.append(point.value)
                else:
                    phones.append(point.value)
                    digits = re.sub(r"\D", "", point.value)
                    if len(digits) >= 7 and digits != point.value:
                        phones.append(digits)
            # An address the person asked to change to in the portal, not yet confirmed
            for change in person.portal_email_changes.all():
                emails.append(change.value)
            for document in person.documents.all():
                hashes.append(document.sha256)
                sizes.append(document.size)
    return Identifiers(
        names=tuple(dict.fromkeys(n for n in names if n)),
        emails=tuple(dict.fromkeys(e for e in emails if e)),
        phones=tuple(dict.fromkeys(p for p in phones if p)),
        document_hashes=tuple(dict.fromkeys(h for h in hashes if h)),
        document_sizes=tuple(sorted(set(sizes))),
        name_pairs=tuple(dict.fromkeys(pairs)),
    )


@dataclass
class ScanReport:
    findings: list[str] = field(default_factory=list)
    tables: int = 0
    columns: int = 0
    files: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings


def scan(identifiers: Identifiers, *, storage: Storage | None = None) -> ScanReport:
    """Every place the person could still be; a finding names the place, not the value."""
    report = ScanReport()
    if not identifiers.texts:
        return report
    _scan_tables(identifiers, report)
    _scan_candidate_names(identifiers, report)
    _scan_encrypted(identifiers, report)
    _scan_search_index(identifiers, report)
    _scan_storage(storage or default_storage, identifiers, report)
    if "filebased" in settings.EMAIL_BACKEND:
        _scan_mail_folder(Path(settings.EMAIL_FILE_PATH), identifiers, report)
    _scan_cache(identifiers, report)
    return report


def _text_columns(cursor, table: str) -> list[str]:
    columns = []
    for column in connection.introspection.get_table_description(cursor, table):
        try:
            kind = connection.introspection.get_field_type(column.type_code, column)
        except KeyError:
            # SQLite reports the declared type as text ("varchar(100)", "text", "json")
            declared = str(column.type_code).lower()
            kind = "TextField" if any(t in declared for t in ("char", "text", "json")) else ""
        if kind in TEXT_TYPES:
            columns.append(column.name)
    return columns


def _scan_tables(identifiers: Identifiers, report: ScanReport) -> None:
    needles = [f"%{v.lower()}%" for v in identifiers.variants()]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            # SQLite's full-text shadow tables hold the index in binary pages; the index itself
            # is asked below through MATCH.
            if table.startswith("candidates_fts") or table.startswith("sqlite_"):
                continue
            try:
                columns = _text_columns(cursor, table)
            except DatabaseError:  # a virtual table without a description
                continue
            report.tables += 1
            for column in columns:
                report.columns += 1
                condition = " OR ".join(
                    f"LOWER(CAST({quote(column)} AS TEXT)) LIKE %s" for _ in needles
                )
                # Table and column names come from the database's own catalogue, quoted; the
                # values looked for are parameters.
                sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE {condition}"  # noqa: S608
                cursor.execute(sql, needles)
                count = cursor.fetchone()[0]
                if count:
                    report.findings.append(f"table {table}, column {column}: {count} row(s)")


def _scan_candidate_names(identifiers: Identifiers, report: ScanReport) -> None:
    from outhire.candidates.models import Candidate

    with unscoped():
        for first, last in identifiers.name_pairs:
            count = Candidate._base_manager.filter(
                first_name__iexact=first, last_name__iexact=last
            ).count()
            if count:
                report.findings.append(
                    f"table candidates_candidate, first and last name: {count} row(s)"
                )


def _scan_encrypted(identifiers: Identifiers, report: ScanReport) -> None:
    pattern = identifiers.pattern()
    with unscoped():
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            for encrypted in fields:
                count = 0
                values = model._base_manager.values_list(encrypted.attname, flat=True)
                for value in values.iterator(chunk_size=500):
                    if value and pattern.search(value):
                        count += 1
                if count:
                    report.findings.append(
                        f"encrypted {model._meta.db_table}.{encrypted.column}: {count} row(s)"
                    )


def _scan_search_index(identifiers: Identifiers, report: ScanReport) -> None:
    if connection.vendor != "sqlite":
        # PostgreSQL's index is a generated column of the candidates table, scanned above.
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'candidates_fts'")
        if cursor.fetchone() is None:
            return
        hits = 0
        for value in (*identifiers.names, *identifiers.emails):
            words = re.findall(r"\w+", value)
            if not words:
                continue
            phrase = '"' + " ".join(words) + '"'
            cursor.execute(
                "SELECT COUNT(*) FROM candidates_fts WHERE candidates_fts MATCH %s", [phrase]
            )
            hits += cursor.fetchone()[0]
        if hits:
            report.findings.append(f"full-text index candidates_fts: {hits} match(es)")


def _scan_mail_folder(root: Path, identifiers: Identifiers, report: ScanReport) -> None:
    """The file e-mail backend's folder: every file in it is an e-mail log, read as text."""
    if not root.is_dir():
        return
    hashes = {h.lower() for h in identifiers.document_hashes}
    sizes = set(identifiers.document_sizes)
    pattern = identifiers.pattern()
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            report.files += 1
            where = f"e-mail folder {path.relative_to(root)}"
            if any(h in name.lower() for h in hashes):
                report.findings.append(f"{where}: named after a document's hash")
                continue
            try:
                size = path.stat().st_size
                if size in sizes and _sha256(path) in hashes:
                    report.findings.append(f"{where}: a copy of a document")
                    continue
                if size <= MAX_TEXT_FILE_BYTES:
                    text = path.read_bytes().decode("utf-8", errors="replace")
                    if pattern.search(text):
                        report.findings.append(f"{where}: mentions the person")
            except OSError:
                continue


def _scan_storage(storage: Storage, identifiers: Identifiers, report: ScanReport) -> None:
    """The uploaded files, on whichever backend holds them (docs/storage.md)."""
    hashes = {h.lower() for h in identifiers.document_hashes}
    sizes = set(identifiers.document_sizes)
    pattern = identifiers.pattern()
    for name in walk(storage):
        report.files += 1
        where = f"stored file {name}"
        if any(h in name.rsplit("/", 1)[-1].lower() for h in hashes):
            report.findings.append(f"{where}: named after a document's hash")
            continue
        try:
            size = storage.size(name)
            if size in sizes and stored_sha256(storage, name) in hashes:
                report.findings.append(f"{where}: a copy of a document")
                continue
            textual = PurePosixPath(name).suffix.lower() in TEXT_SUFFIXES
            if textual and size <= MAX_TEXT_FILE_BYTES:
                with storage.open(name, "rb") as handle:
                    text = handle.read(MAX_TEXT_FILE_BYTES).decode("utf-8", errors="replace")
                if pattern.search(text):
                    report.findings.append(f"{where}: mentions the person")
        except OSError:  # deleted while the scan ran
            continue


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cache_entries():
    """(key, stored bytes, delete) for each value in the cache: the in-memory cache's or
    Redis's. Other backends cannot be listed and are not searched."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # LocMemCache: pickled values under its internal keys
        for key, value in list(store.items()):

            def forget(key=key):
                with cache._lock:
                    store.pop(key, None)
                    cache._expire_info.pop(key, None)

            yield key, value, forget
    elif hasattr(store, "get_client"):  # RedisCache
        client = store.get_client(None, write=True)
        for key in client.scan_iter(count=500):
            yield key, client.get(key) or b"", lambda key=key: client.delete(key)


def _cache_mentions(identifiers: Identifiers):
    needles = [v.lower().encode() for v in identifiers.variants()]
    for _key, value, forget in _cache_entries():
        if isinstance(value, bytes) and any(n in value.lower() for n in needles):
            yield forget


def _scan_cache(identifiers: Identifiers, report: ScanReport) -> None:
    count = sum(1 for _ in _cache_mentions(identifiers))
    if count:
        report.findings.append(f"cache: {count} value(s)")


def purge_cache(identifiers: Identifiers) -> int:
    """Forget every cached value that mentions the person; how many went."""
    forgets = list(_cache_mentions(identifiers))
    for forget in forgets:
        forget()
    return len(forgets)
