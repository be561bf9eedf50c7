"""`outhire rank [--format jsonl] [--top N] --jobs JOBS.jsonl --candidates CANDIDATES.jsonl`.

The contract is stable (evaluation tools depend on it). JOBS lines are
`{"id", "title", "description", "location"}`, CANDIDATES lines `{"id", "text"}` (raw resume text).
For each job, in input order, one line `{"job": ID, "matcher_version": V, "ranking":
[{"id", "score", "reasons"}, ...]}`, best first. A usage error (missing file, bad JSON line) exits 2
with the reason on stderr. No database work, so it runs without a migrated database.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outhire.screening.matcher import MATCHER_VERSION, Matcher, candidate_profile


def read_jsonl(path: str, what: str, required: tuple[str, ...]) -> list[dict]:
    """The objects of a JSON Lines file; a usage error (exit 2) names the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{what} file not found: {path}", returncode=2) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{what} file can't be read: {path} ({exc})", returncode=2) from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{path}, line {number}: not valid JSON ({exc.msg})", returncode=2
            ) from None
        if not isinstance(record, dict):
            raise CommandError(f"{path}, line {number}: expected a JSON object", returncode=2)
        missing = [key for key in required if key not in record]
        if missing:
            raise CommandError(f"{path}, line {number}: missing {', '.join(missing)}", returncode=2)
        records.append(record)
    return records


class Command(BaseCommand):
    help = "Rank candidates (raw resume text) against jobs; one JSON line per job, best first."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--jobs", required=True, metavar="JOBS.jsonl")
        parser.add_argument("--candidates", required=True, metavar="CANDIDATES.jsonl")
        parser.add_argument("--top", type=int, default=None, help="keep the N best per job")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")

    def handle(self, *args, **options):
        top = options["top"]
        if top is not None and top < 1:
            raise CommandError("--top must be 1 or more", returncode=2)
        jobs = read_jsonl(options["jobs"], "jobs", ("id",))
        candidates = read_jsonl(options["candidates"], "candidates", ("id",))
        # parse every resume once; the matcher indexes them once for all jobs
        profiles = [candidate_profile(c["id"], c.get("text") or "") for c in candidates]
        matcher = Matcher(profiles)
        for job in jobs:
            line = {
                "job": job["id"],
                "matcher_version": MATCHER_VERSION,
                "ranking": matcher.rank(job, top),
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
