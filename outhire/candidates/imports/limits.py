"""How large an import may be: the file (and its zip of resumes), and each resume in the zip."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def max_import_bytes() -> int:
    return settings.OUTHIRE_MAX_IMPORT_MB * MB


def max_document_bytes() -> int:
    return settings.OUTHIRE_MAX_UPLOAD_MB * MB


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".") + " MB"
