"""Matching benchmark: NDCG@10 of `outhire rank` against a BM25 baseline, and its wall time.

    .venv/bin/python bench/match.py [--data ../shared/data/matching] [--python PYTHON]

Runs ../shared/tools/eval_match.py through the real command line (`outhire rank --format jsonl
--top 10`), so process start, resume parsing and indexing are all in the time. The BM25 baseline
needs `rank-bm25`, a development dependency (`make dev` installs it).
Skips gracefully when the shared data folder is absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "matching"))
    ap.add_argument("--python", default=sys.executable, help="interpreter with rank-bm25")
    args = ap.parse_args()
    tool = ROOT.parent / "shared" / "tools" / "eval_match.py"
    if not tool.exists() or not Path(args.data).exists():
        print("shared data or tools not found; skipping the matching benchmark")
        return 0
    outhire = Path(sys.executable).with_name("outhire")
    cmd = f"{outhire} rank --format jsonl --top 10"
    # our own tool and interpreter, chosen by the person running the benchmark
    return subprocess.call([args.python, str(tool), "--data", args.data, "--cmd", cmd])  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
