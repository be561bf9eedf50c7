"""Uploaded files are never stored past the largest size any upload may have."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


def largest_upload_bytes() -> int:
    """The largest file any form or API endpoint takes (a document or an import)."""
    return max(settings.OUTHIRE_MAX_UPLOAD_MB, settings.OUTHIRE_MAX_IMPORT_MB) * 1024 * 1024


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler that writes at most `largest_upload_bytes()` of a file.

    Past the cap the rest is read and dropped, while the file's size still counts every byte,
    so the view refuses the file by its size with its own message ("larger than the 10 MB
    limit") and a stranger's endless upload cannot fill the disk. The reverse proxy's body cap
    (docs/settings.md) is the first line; this is the second.
    """

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.cap = largest_upload_bytes()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start < self.cap:
            super().receive_data_chunk(raw_data[: self.cap - start], start)
