"""`outhire rank [--format jsonl] [--top N] --jobs JOBS.jsonl --candidates CANDIDATES.jsonl`.

The contract is stable (evaluation tools depend on it). JOBS lines are
`{"id", "title", "description", "location"}`, CANDIDATES lines `{"id", "text"}` (raw resume text).
For each job, in input order, one line `{"job": ID, "matcher_version": V, "ranking":
[{"id", "score", "reasons"}, ...]}`, best first. A usage error (missing file, bad JSON line) exits 2
with the reason on stderr. No database work, so it runs without a migrated database.

With 200 resumes or more, parsing and ranking run in `--workers` processes (default: the CPUs
available, at most 4); the output is byte for byte the same as with `--workers 1`.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outhire.screening.matcher import (
    MATCHER_VERSION,
    Matcher,
    candidate_groups,
    candidate_profile,
)

# Below this many resumes, starting processes costs more than it saves.
PARALLEL_FROM = 200
# The matcher of this run, inherited by forked workers (built once, never pickled).
_matcher: Matcher | None = None


def _parse(candidates: list[dict]) -> list:
    return [candidate_profile(c["id"], c.get("text") or "") for c in candidates]


def _parse_and_place(candidates: list[dict]) -> list:
    """`_parse`, with each candidate's ESCO groups computed here in the worker rather than in
    the parent (the same figures, so the output does not change)."""
    profiles = _parse(candidates)
    for profile in profiles:
        profile.groups = candidate_groups(profile)
    return profiles


def _rank(args: tuple[list[dict], int | None]) -> list[list[dict]]:
    jobs, top = args
    return [_matcher.rank(job, top) for job in jobs]


def _split(items: list, parts: int) -> list[list]:
    """`items` in `parts` contiguous runs of near-equal length, in order."""
    size, extra = divmod(len(items), parts)
    runs, start = [], 0
    for n in range(parts):
        end = start + size + (n < extra)
        runs.append(items[start:end])
        start = end
    return [run for run in runs if run]


def default_workers() -> int:
    """The CPUs this process may use, at most 4; 1 where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, 4))


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
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes for parsing and ranking (default: the CPUs available, at most 4); "
            "the output is the same whatever the number",
        )

    def handle(self, *args, **options):
        top = options["top"]
        if top is not None and top < 1:
            raise CommandError("--top must be 1 or more", returncode=2)
        jobs = read_jsonl(options["jobs"], "jobs", ("id",))
        candidates = read_jsonl(options["candidates"], "candidates", ("id",))
        workers = options["workers"]
        if workers is None:
            workers = default_workers()
        if workers < 1:
            raise CommandError("--workers must be 1 or more", returncode=2)
        if (
            workers == 1
            or len(candidates) < PARALLEL_FROM
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            rankings = self._serial(jobs, candidates, top)
        else:
            rankings = self._parallel(jobs, candidates, top, workers)
        for job, ranking in zip(jobs, rankings, strict=True):
            line = {"job": job["id"], "matcher_version": MATCHER_VERSION, "ranking": ranking}
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    @staticmethod
    def _serial(jobs, candidates, top):
        # parse every resume once; the matcher indexes them once for all jobs
        matcher = Matcher(_parse(candidates))
        return [matcher.rank(job, top) for job in jobs]

    @staticmethod
    def _parallel(jobs, candidates, top, workers):
        """The same rankings, with resumes parsed and jobs ranked in `workers` processes.

        Each job is ranked on its own against the one index, so splitting the jobs changes
        nothing in the output. Workers are forked after the index is built and read it from
        the parent's memory.
        """
        global _matcher
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            runs = pool.map(_parse_and_place, _split(candidates, workers))
        profiles = [p for run in runs for p in run]
        _matcher = Matcher(profiles)
        try:
            with context.Pool(workers) as pool:
                runs = pool.map(_rank, [(run, top) for run in _split(jobs, workers)])
        finally:
            _matcher = None
        return [ranking for run in runs for ranking in run]
