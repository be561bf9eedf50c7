"""Walking and hashing the files of any Django storage, through its API only."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.core.files.storage import Storage

BLOCK = 1024 * 1024


def walk(storage: Storage, top: str = "") -> Iterator[str]:
    """Every file's name under `top`, depth first, in a stable order."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:  # the local disk before its first upload
        return
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for directory in sorted(directories):
        yield from walk(storage, f"{top}/{directory}" if top else directory)


def sha256(storage: Storage, name: str) -> str:
    """The file's SHA-256, read in blocks so a large file never sits whole in memory."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
