"""A Django Storage that keeps files in the database (OUTHIRE_STORAGE=postgres).

For installations that want no object store: files live beside the data they belong to, in
the same backups. Each file is a `StoredFile` row and its bytes are `StoredChunk` rows of at
most `CHUNK_SIZE`, written and read one at a time, so neither saving nor serving a file
holds it whole in memory. It is documented for PostgreSQL and works on any database Django
supports (the test suite runs it on SQLite too).
"""

from __future__ import annotations

import io

from django.core.files import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction

from outhire.lib.storage.models import CHUNK_SIZE, StoredChunk, StoredFile

# Saves of one name that collide this often in a row are a bug, not bad luck.
SAVE_ATTEMPTS = 10


class NoPublicUrl(Exception):
    """Asked for a stored file's address: the database store has none (docs/storage.md)."""


class DatabaseStorage(Storage):
    def _open(self, name: str, mode: str = "rb") -> File:
        if mode != "rb":
            raise ValueError(f"the database store opens files only to read ('rb'), not {mode!r}")
        row = StoredFile.objects.filter(name=name).values("pk", "size").first()
        if row is None:
            raise FileNotFoundError(name)
        raw = ChunkReader(file_id=row["pk"], size=row["size"])
        return File(io.BufferedReader(raw, buffer_size=CHUNK_SIZE), name=name)

    def _save(self, name: str, content: File) -> str:
        for _attempt in range(SAVE_ATTEMPTS):
            try:
                # One transaction (a savepoint inside the caller's): a reader sees the
                # whole file or nothing, and a name taken by another save meanwhile rolls
                # this one back to try the next free name.
                with transaction.atomic():
                    stored = StoredFile.objects.create(name=name)
                    stored.size = self._write_chunks(stored, content)
                    stored.save(update_fields=["size"])
                return name
            except IntegrityError:
                if not StoredFile.objects.filter(name=name).exists():
                    raise
                name = self.get_available_name(name)
        raise IntegrityError(f"no free storage name near {name!r} after {SAVE_ATTEMPTS} tries")

    @staticmethod
    def _write_chunks(stored: StoredFile, content: File) -> int:
        """Write `content` (from its start: `chunks` seeks there) as rows of CHUNK_SIZE."""
        size = 0
        index = 0
        for data in content.chunks(CHUNK_SIZE):
            # An upload's own chunks may be larger or smaller than ours; rows are cut evenly.
            for start in range(0, len(data), CHUNK_SIZE):
                piece = data[start : start + CHUNK_SIZE]
                StoredChunk.objects.create(file=stored, index=index, data=piece)
                index += 1
                size += len(piece)
        return size

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        return self._row(name, "size")

    def get_modified_time(self, name: str):
        return self._row(name, "modified")

    def get_created_time(self, name: str):
        return self._row(name, "created")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = path.strip("/")
        prefix = f"{prefix}/" if prefix else ""
        directories: set[str] = set()
        files: list[str] = []
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names.iterator():
            head, sep, _rest = name[len(prefix) :].partition("/")
            if sep:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def url(self, name: str) -> str:
        # Files are served only by the app's access-checked views; there is no public URL, and
        # code that asks for one must be told so rather than handed an address that leaks.
        raise NoPublicUrl(f"{name}: the database store has no URL; serve files through a view")

    def _row(self, name: str, field: str):
        values = StoredFile.objects.filter(name=name).values_list(field, flat=True)
        for value in values[:1]:
            return value
        raise FileNotFoundError(name)


class ChunkReader(io.RawIOBase):
    """A seekable, read-only view of one stored file that loads one chunk at a time."""

    def __init__(self, *, file_id: int, size: int) -> None:
        super().__init__()
        self.file_id = file_id
        self.length = size
        self.position = 0
        self.cached_index = -1
        self.cached = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.length}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def readinto(self, buffer) -> int:
        if self.position >= self.length:
            return 0
        index, start = divmod(self.position, CHUNK_SIZE)
        if index != self.cached_index:
            data = (
                StoredChunk.objects.filter(file_id=self.file_id, index=index)
                .values_list("data", flat=True)
                .first()
            )
            if data is None:
                raise OSError(f"stored file {self.file_id} lacks chunk {index}")
            self.cached_index, self.cached = index, bytes(data)
        piece = self.cached[start : start + len(buffer)]
        buffer[: len(piece)] = piece
        self.position += len(piece)
        return len(piece)
