"""Matching benchmark: NDCG@10 of `outhire rank` against a BM25 baseline, its wall time, and how
many of its top 10 come from an unrelated field.

    .venv/bin/python bench/match.py [--data ../shared/data/matching] [--python PYTHON]

First runs ../shared/tools/eval_match.py through the real command line (`outhire rank --format
jsonl --top 10`), so process start, resume parsing and indexing are all in the time; the BM25
baseline needs `rank-bm25`, a development dependency (`make dev` installs it). Then runs the same
command once more and reports, for the even-numbered jobs (used for tuning), the odd-numbered ones
(held out) and all: NDCG@10 (the evaluator's formula) and the share of the top 10 whose category
`relevance.json` does not list for the job's category (irrelevant: another field altogether),
with the same figures for BM25, and how far any score moves when 600 resumes join a pool of 143
(in process). Prints the load average and the ranker's CPU time beside the wall
time, since other processes on the machine slow the wall time down.
Skips gracefully when the shared data folder is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    gains = [grades.get(r, 0) for r in ranked[:k]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def irrelevant_share(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    top = ranked[:k]
    return sum(1 for r in top if not grades.get(r)) / len(top) if top else 0.0


def bm25_rankings(jobs: list[dict], resumes: list[dict], k: int = 10) -> dict[str, list[str]]:
    """The evaluator's baseline: rank-bm25 over lower-cased word tokens."""
    from rank_bm25 import BM25Okapi

    def tokens(text: str) -> list[str]:
        return re.findall(r"[a-z0-9+#]+", text.lower())

    bm = BM25Okapi([tokens(r["text"]) for r in resumes])
    ids = [r["id"] for r in resumes]
    out = {}
    for job in jobs:
        scores = bm.get_scores(tokens(job["title"] + " " + job["description"]))
        out[job["id"]] = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -scores[i])[:k]]
    return out


def summary(rankings: dict[str, list[str]], jobs: list[dict], resumes, relevance) -> dict:
    halves: dict[str, list[tuple[float, float]]] = {"even": [], "odd": [], "all": []}
    for job in jobs:
        field = relevance[job["category"]]
        grades = {r["id"]: field[r["category"]] for r in resumes if field.get(r["category"])}
        ranked = rankings.get(job["id"], [])
        pair = (ndcg(ranked, grades), irrelevant_share(ranked, grades))
        number = int(re.sub(r"\D", "", job["id"]) or 0)
        halves["even" if number % 2 == 0 else "odd"].append(pair)
        halves["all"].append(pair)
    return {
        name: {
            "jobs": len(pairs),
            "ndcg@10": round(sum(p[0] for p in pairs) / len(pairs), 4) if pairs else None,
            "irrelevant@10": round(sum(p[1] for p in pairs) / len(pairs), 4) if pairs else None,
        }
        for name, pairs in halves.items()
    }


def pool_stability(jobs: list[dict], resumes: list[dict], small: int = 143) -> tuple[float, int]:
    """The largest change of a candidate's score for a job when the other 600 resumes join the
    pool: every job ranked against the first `small` resumes and against all of them, in
    process (the matcher's scores are meant to depend on the job and the candidate only)."""
    from outhire.screening import matcher

    profiles = [matcher.candidate_profile(r["id"], r["text"]) for r in resumes]
    whole, part = matcher.Matcher(profiles), matcher.Matcher(profiles[:small])
    worst, pairs = 0.0, 0
    for job in jobs:
        profile = matcher.job_profile(job)
        everyone = {x["id"]: x["score"] for x in whole.rank(profile)}
        for x in part.rank(profile):
            worst = max(worst, abs(x["score"] - everyone[x["id"]]))
            pairs += 1
    return worst, pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "matching"))
    ap.add_argument("--python", default=sys.executable, help="interpreter with rank-bm25")
    args = ap.parse_args()
    tool = ROOT.parent / "shared" / "tools" / "eval_match.py"
    data = Path(args.data)
    if not tool.exists() or not data.exists():
        print("shared data or tools not found; skipping the matching benchmark")
        return 0
    outhire = Path(sys.executable).with_name("outhire")
    cmd = f"{outhire} rank --format jsonl --top 10"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # our own tool and interpreter, chosen by the person running the benchmark
    code = subprocess.call([args.python, str(tool), "--data", args.data, "--cmd", cmd])  # noqa: S603
    if code:
        return code

    relevance = json.loads((data / "relevance.json").read_text())
    jobs = [j for j in _load(data / "jobs.jsonl") if j["category"] in relevance]
    resumes = _load(data / "resumes.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        jp, rp = Path(tmp) / "jobs.jsonl", Path(tmp) / "resumes.jsonl"
        keys = ("id", "title", "description", "location")
        jp.write_text("".join(json.dumps({k: j[k] for k in keys}) + "\n" for j in jobs))
        rp.write_text(
            "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in resumes)
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(  # noqa: S603
            [*cmd.split(), "--jobs", str(jp), "--candidates", str(rp)],
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        print(proc.stderr[-3000:], file=sys.stderr)
        return 1
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rankings = {}
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        rankings[obj["job"]] = [x["id"] for x in obj["ranking"]]
    ours = summary(rankings, jobs, resumes, relevance)
    print(
        f"second run: {wall:.1f} s wall, {cpu:.1f} s CPU (all processes), load average after: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    try:
        base = summary(bm25_rankings(jobs, resumes), jobs, resumes, relevance)
    except ImportError:
        base = None
    nan = float("nan")
    header = ("jobs", "n", "NDCG@10", "BM25", "ratio", "irrelevant", "BM25")
    print("{:<6} {:>4} {:>8} {:>7} {:>6} {:>11} {:>6}".format(*header))
    for name, row in ours.items():
        b = base[name] if base else {}
        ratio = row["ndcg@10"] / b["ndcg@10"] if b.get("ndcg@10") else nan
        cells = (name, row["jobs"], row["ndcg@10"], b.get("ndcg@10", nan), ratio)
        cells += (row["irrelevant@10"], b.get("irrelevant@10", nan))
        print("{:<6} {:>4} {:>8.4f} {:>7.4f} {:>6.3f} {:>11.3f} {:>6.3f}".format(*cells))
    worst, pairs = pool_stability(jobs, resumes)
    print(
        f"pool stability: largest score change when {len(resumes) - 143} resumes join a pool of "
        f"143: {worst:.2f} points over {pairs} (job, candidate) pairs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
