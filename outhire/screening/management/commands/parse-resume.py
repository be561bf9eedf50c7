"""`outhire parse-resume [--format jsonl|json] PATH...`: resumes to JSON Resume, one line per path.

The contract is stable (evaluation tools depend on it): for each PATH, in order, one JSON object
`{"source": PATH, "resume": {...}, "errors": [...]}`. A file that can't be read or parsed gets its
errors in its own line with `resume` as {} and the exit code stays 0; a usage error exits 2.
No database work, so it runs without a migrated database.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from outhire.candidates.files import DocumentError, DocumentKind
from outhire.candidates.reading import ReadLimits, read_document
from outhire.candidates.services import read_limits
from outhire.screening.resume_parser import parse_resume


def parse_path(path: str, *, max_bytes: int, limits: ReadLimits) -> dict:
    """One output record for one path; never raises. Each file is read within `limits`
    (a child process per file), so one hostile file cannot stop the others."""
    try:
        p = Path(path)
        if p.is_dir():
            return _failed(path, "This is a folder, not a file.")
        size = p.stat().st_size
        if size > max_bytes:
            # refuse before reading a huge file into memory
            return _failed(path, f"The file is larger than the {max_bytes // 2**20} MB limit.")
        data = p.read_bytes()
    except FileNotFoundError:
        return _failed(path, "No such file.")
    except OSError as exc:
        return _failed(path, f"The file can't be read ({exc.strerror or exc}).")
    try:
        read = read_document(data, p.name, max_bytes=max_bytes, with_text=True, limits=limits)
    except DocumentError as exc:
        return _failed(path, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return _failed(path, f"The file could not be read ({type(exc).__name__}).")
    if read.unreadable:
        return _failed(path, read.unreadable)
    info, text = read.info, read.text
    if not text.strip():
        message = "No text found in the file"
        if info.kind is DocumentKind.PDF:
            message += " (a scanned PDF? Text in images is not read)"
        return _failed(path, message + ".")
    result = parse_resume(text)
    return {"source": path, "resume": result.resume, "errors": []}


def _failed(path: str, message: str) -> dict:
    return {"source": path, "resume": {}, "errors": [message]}


class Command(BaseCommand):
    help = "Parse resume files (PDF, DOCX, ODT, RTF, HTML, TXT) into JSON Resume, one per line."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="resume files, in order")
        parser.add_argument(
            "--format",
            choices=["jsonl", "json"],
            default="jsonl",
            help="jsonl (default): one JSON object a line; json: one pretty JSON array",
        )

    def handle(self, *args, **options):
        max_bytes = settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024
        limits = read_limits()
        pretty = options["format"] == "json"
        if pretty:
            records = [
                parse_path(path, max_bytes=max_bytes, limits=limits) for path in options["paths"]
            ]
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        for path in options["paths"]:
            record = parse_path(path, max_bytes=max_bytes, limits=limits)
            self.stdout.write(json.dumps(record, ensure_ascii=False))
