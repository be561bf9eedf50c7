"""The database-backed file store's rows: one per file, and its bytes in numbered chunks.

Chunks keep each row small (`CHUNK_SIZE`), so writing or reading a 100 MB import holds one
chunk in memory at a time, and PostgreSQL's bytea values stay well under its limits.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

CHUNK_SIZE = 1024 * 1024


class StoredFile(models.Model):
    # Storage names are relative paths such as "documents/ab/abcd....pdf"; the unique
    # constraint is what makes two saves of one name at once end with two files.
    name = models.CharField(max_length=255, unique=True)
    size = models.BigIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class StoredChunk(models.Model):
    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "index"], name="storage_chunk_once"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}#{self.index}"
