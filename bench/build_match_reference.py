"""Build the matcher's fixed reference statistics from ESCO occupations.

    .venv/bin/python bench/build_match_reference.py [--esco ../shared/data/esco] \
        [--out outhire/screening/data/match_reference.json]

The matcher's scores must not depend on who else is in the pool, so the word weights (IDF) and
the occupation groups it compares jobs and candidates with come from a fixed corpus shipped with
the code: the 2,942 ESCO occupations (preferred and alternative labels and description), grouped
by their ISCO-08 unit group. The output is deterministic (same input, same file) and holds:

- `idf`: word stem (the matcher's `words()`) -> inverse document frequency over the occupations,
  for the stems of at least `MIN_DF` occupations; `default_idf` is for any other stem;
- `groups`: ISCO unit group (4 digits) -> its most characteristic stems with weights (`terms`:
  labels count `LABEL_BOOST` times the description; `title_terms`: the labels alone) and up to
  three occupation labels to name it in reasons.

Contains data from ESCO, European Commission, reused under Commission Decision 2011/833/EU.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outhire.screening.matcher import words  # noqa: E402

# a stem seen in fewer occupations than this gets `default_idf` (keeps the file small)
MIN_DF = 2
# job titles are what names an occupation; a label word weighs this many description words
LABEL_BOOST = 3
# stems kept per ISCO group
GROUP_TERMS = 60
# stems of the occupation labels kept per ISCO group, to place a job title
TITLE_TERMS = 40


def build(esco: Path) -> dict:
    with (esco / "occupations_en.csv").open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["conceptUri"])
    docs = []
    for row in rows:
        labels = [row["preferredLabel"], *row["altLabels"].splitlines()]
        label_words = words(" ".join(labels))
        docs.append(
            (row["iscoGroup"], row["preferredLabel"], label_words, words(row["description"]))
        )
    n = len(docs)
    df: Counter[str] = Counter()
    for _, _, label_words, desc_words in docs:
        df.update(set(label_words) | set(desc_words))
    # BM25's idf with the +1 that keeps it positive (Lucene's form)
    idf = {
        t: round(math.log(1 + (n - c + 0.5) / (c + 0.5)), 3) for t, c in df.items() if c >= MIN_DF
    }
    default_idf = round(math.log(1 + (n - 0.5) / 1.5), 3)
    tf: dict[str, Counter[str]] = defaultdict(Counter)
    title_tf: dict[str, Counter[str]] = defaultdict(Counter)
    labels_of: dict[str, list[str]] = defaultdict(list)
    for group, label, label_words, desc_words in docs:
        for t in label_words:
            tf[group][t] += LABEL_BOOST
        tf[group].update(desc_words)
        title_tf[group].update(label_words)
        labels_of[group].append(label)

    def top_terms(counts: Counter[str], size: int) -> dict[str, float]:
        weights = {t: (1 + math.log(c)) * idf.get(t, default_idf) for t, c in counts.items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: round(w / norm, 4) for t, w in top}

    groups = {
        group: {
            "labels": sorted(labels_of[group], key=lambda s: (len(s), s))[:3],
            "terms": top_terms(tf[group], GROUP_TERMS),
            "title_terms": top_terms(title_tf[group], TITLE_TERMS),
        }
        for group in sorted(tf)
    }
    return {
        "attribution": (
            "Contains data from ESCO (European Skills, Competences, Qualifications and "
            "Occupations), European Commission, reused under Commission Decision 2011/833/EU; "
            "derived by bench/build_match_reference.py (see outhire/screening/data/README.md)."
        ),
        "esco_version": "1.1",
        "documents": n,
        "default_idf": default_idf,
        "idf": dict(sorted(idf.items())),
        "groups": groups,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--esco", default=str(ROOT.parent / "shared" / "data" / "esco"))
    ap.add_argument(
        "--out", default=str(ROOT / "outhire" / "screening" / "data" / "match_reference.json")
    )
    args = ap.parse_args()
    source = Path(args.esco)
    if not (source / "occupations_en.csv").exists():
        print(f"ESCO occupations not found in {source}", file=sys.stderr)
        return 2
    data = build(source)
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(data['idf'])} stems, {len(data['groups'])} groups -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
