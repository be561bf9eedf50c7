"""Hostile files benchmark: time and memory of reading every file of the hostile corpus at the
production limits, and what the child process costs a normal resume.

    .venv/bin/python bench/hostile.py [--resumes 60] [--seconds 8] [--memory-mb 1024]

1. Each file of `outhire.candidates.tests.hostile_files` through `read_document` (the checks and
   the text, in a child process held to the limits): outcome, wall-clock seconds and the
   child's peak memory ("killed" when the limit stopped it: it never exceeded the limit).
2. Normal resumes (rendered to PDF from ../shared/data when it is there, else generated):
   median and p95 milliseconds per file read in this process (the old way) and isolated.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outhire.candidates.files import DocumentError, extract_text, inspect_document  # noqa: E402
from outhire.candidates.reading import ReadLimits, read_document  # noqa: E402
from outhire.candidates.tests.hostile_files import HOSTILE, corpus  # noqa: E402

MB = 1024 * 1024


def hostile(limits: ReadLimits) -> None:
    print(f"{'file':<34} {'bytes':>10} {'outcome':<12} {'seconds':>8} {'peak MB':>8}")
    worst_time, worst_memory = 0.0, 0
    for name, data in corpus():
        started = time.monotonic()
        try:
            result = read_document(data, name, max_bytes=10 * MB, with_text=True, limits=limits)
        except DocumentError:
            outcome, seconds, peak = "refused", time.monotonic() - started, "-"
        else:
            seconds = result.seconds
            if result.unreadable and not result.peak_bytes:
                outcome, peak = "killed", "killed"
            else:
                outcome = "unreadable" if result.unreadable else f"{len(result.text):,} ch"
                peak = f"{result.peak_bytes / MB:.0f}"
                worst_memory = max(worst_memory, result.peak_bytes)
        worst_time = max(worst_time, seconds)
        print(f"{name:<34} {len(data):>10,} {outcome:<12} {seconds:>8.2f} {peak:>8}")
    print(
        f"\n{len(HOSTILE)} hostile files: worst {worst_time:.2f} s; worst peak of a child that "
        f"finished {worst_memory / MB:.0f} MB; killed children stopped at the "
        f"{limits.memory_bytes // MB} MB address-space limit"
    )


def resumes(count: int) -> list[bytes]:
    from bench.parse import load_texts, render_pdf

    data = ROOT.parent / "shared" / "data"
    texts = load_texts(data, count) if data.exists() else []
    if not texts:
        texts = [f"Jane Doe {n}\nPython developer\nSkills: Python, Django, SQL\n" * 20
                 for n in range(count)]  # fmt: skip
    return [render_pdf(text) for text in texts[:count]]


def normal(count: int, limits: ReadLimits) -> None:
    files = resumes(count)
    read_document(files[0], "warm.pdf", max_bytes=10 * MB, with_text=True, limits=limits)
    in_process, isolated = [], []
    for data in files:
        started = time.perf_counter()
        info = inspect_document(data, "cv.pdf", max_bytes=10 * MB)
        extract_text(data, info.kind)
        in_process.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        read_document(data, "cv.pdf", max_bytes=10 * MB, with_text=True, limits=limits)
        isolated.append((time.perf_counter() - started) * 1000)

    def line(label: str, samples: list[float]) -> str:
        samples = sorted(samples)
        p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
        return f"{label:<28} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms"

    print(f"\n{len(files)} normal PDF resumes, checks and text per file:")
    print(line("in this process (before)", in_process))
    print(line("in a child process (now)", isolated))
    print(json.dumps({"overhead_median_ms": round(
        statistics.median(isolated) - statistics.median(in_process), 1)}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--memory-mb", type=int, default=1024)
    args = parser.parse_args()
    limits = ReadLimits(seconds=args.seconds, memory_bytes=args.memory_mb * MB)
    hostile(limits)
    normal(args.resumes, limits)


if __name__ == "__main__":
    main()
