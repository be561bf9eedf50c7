"""Copying every stored file from one backend to another, each copy verified by its SHA-256.

`outhire storage-migrate` runs `transfer`. The files are every file the source holds (documents,
imports, logos, staged apply uploads, anything else) and every name a FileField refers to; a
referred name the source lacks is reported as missing. A copy counts only once it has been read
back from the target and its SHA-256 matches the source's; only then may the source's file be
deleted. Re-running is safe: a file the target already holds with the same bytes is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models

from outhire.lib.storage.config import BACKENDS, s3_options
from outhire.lib.storage.files import sha256, walk


@dataclass
class TransferReport:
    copied: int = 0
    identical: int = 0
    deleted: int = 0
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def storage_for(kind: str) -> Storage:
    """A fresh storage of `kind` (local, s3, postgres), set up from the same settings as
    OUTHIRE_STORAGE would use, whichever backend is the default now."""
    if kind == "local":
        return FileSystemStorage(location=settings.MEDIA_ROOT)
    if kind == "s3":
        from storages.backends.s3 import S3Storage

        return S3Storage(**s3_options())
    if kind == "postgres":
        from outhire.lib.storage.database import DatabaseStorage

        return DatabaseStorage()
    raise ValueError(f"unknown storage {kind!r}; one of {', '.join(sorted(BACKENDS))}")


def referenced_names() -> set[str]:
    """Every non-empty name stored in a FileField of any model, of every client."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = model._base_manager.exclude(**{model_field.name: ""}).values_list(
                    model_field.name, flat=True
                )
                names.update(v for v in values.iterator() if v)
    return names


def transfer(
    *,
    source: Storage,
    target: Storage,
    dry_run: bool = False,
    delete_source: bool = False,
    replace: bool = False,
    say: Callable[[str], None] = lambda line: None,
) -> TransferReport:
    """Copy each file of `source` to `target` under the same name and verify it.

    A name the target already holds with other bytes is a failure unless `replace`, which
    copies over it. `dry_run` reads both sides and writes nothing.
    """
    report = TransferReport()
    referenced = referenced_names()
    names = sorted(set(walk(source)) | referenced)
    for name in names:
        if not source.exists(name):
            report.missing.append(name)
            say(f"missing  {name} (a record refers to it; the source does not hold it)")
            continue
        digest = sha256(source, name)
        if target.exists(name):
            if sha256(target, name) == digest:
                report.identical += 1
                _delete_verified(source, name, report, dry_run=dry_run, delete=delete_source)
                continue
            if not replace:
                report.failed.append(name)
                say(f"differs  {name}: the target holds other bytes under this name (--replace)")
                continue
            if not dry_run:
                target.delete(name)
        if dry_run:
            report.copied += 1
            say(f"would copy {name}")
            continue
        problem = _copy(source, target, name, digest)
        if problem:
            report.failed.append(name)
            say(f"failed   {name}: {problem}")
            continue
        report.copied += 1
        say(f"copied   {name}")
        _delete_verified(source, name, report, dry_run=dry_run, delete=delete_source)
    return report


def _copy(source: Storage, target: Storage, name: str, digest: str) -> str:
    """Copy one file, streamed, and read it back; the problem in words, or "" when verified."""
    try:
        with source.open(name, "rb") as handle:
            saved = target.save(name, File(handle, name=name))
    except OSError as error:
        return f"could not copy ({error.__class__.__name__})"
    if saved != name:
        # Another process wrote this name meanwhile; ours went elsewhere and is not wanted.
        target.delete(saved)
        return "the target took the name meanwhile"
    if sha256(target, name) != digest:
        return "the copy read back has another SHA-256 than the source"
    return ""


def _delete_verified(
    source: Storage, name: str, report: TransferReport, *, dry_run: bool, delete: bool
) -> None:
    if delete and not dry_run:
        source.delete(name)
        report.deleted += 1
