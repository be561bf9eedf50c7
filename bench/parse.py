"""Resume parsing benchmark: accuracy on annotated resumes, throughput on real PDFs.

    .venv/bin/python bench/parse.py [--data ../shared/data] [--docs 150] [--skip-eval]

1. Accuracy: runs ../shared/tools/eval_parse.py over resume-entities/dev.jsonl through the real
   command line (`outhire parse-resume --format jsonl`) and prints its per-field table; then the
   same tool's scoring (its own functions, imported) of the halves the rules were tuned and
   checked on (even and odd hexadecimal ids) and of the resumes where each field is marked at
   all (the annotations leave a field unmarked in many resumes that have one).
2. Throughput: renders the resume texts into PDF files (reportlab) in a temporary folder, then
   times extraction + parsing single-threaded, in one process, file by file (read bytes ->
   inspect_document -> extract_text -> parse_resume). Also times PDF extraction alone with each
   PDF library that is installed (pypdfium2, the one we ship; pypdf and pdfminer.six if present),
   to show why pypdfium2 was chosen.
Skips gracefully when the shared data folder is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outhire.candidates.files import extract_text, inspect_document  # noqa: E402
from outhire.screening.resume_parser import parse_resume  # noqa: E402


def render_pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 9)
    y = 810
    for raw in text.splitlines():
        line = raw.encode("cp1252", "replace").decode("cp1252")
        chunks = [line[i : i + 110] for i in range(0, len(line), 110)] or [""]
        for chunk in chunks:
            if y < 40:
                c.showPage()
                c.setFont("Helvetica", 9)
                y = 810
            c.drawString(40, y, chunk)
            y -= 11
    c.save()
    return buf.getvalue()


def load_texts(data: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for rel in ("resume-entities/dev.jsonl", "matching/resumes.jsonl"):
        path = data / rel
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    texts.append(json.loads(line)["text"])
    return texts[:limit]


def f1_table(per_doc: list[tuple[str, dict, dict]], fields: list[str], count_matches) -> dict:
    """Macro and per-field F1 on all documents, on each half and where a field is marked.

    `per_doc` holds (id, gold values, predicted values) per document, both {field: set};
    `count_matches(pred, gold)` is the evaluator's one-to-one matching. A document's half is
    its hexadecimal id's parity; "marked" counts a field only on the documents whose
    annotations have a value for it."""
    columns = {
        "all": lambda doc_id, gold, field: True,
        "even half": lambda doc_id, gold, field: int(doc_id, 16) % 2 == 0,
        "odd half": lambda doc_id, gold, field: int(doc_id, 16) % 2 == 1,
        "where marked": lambda doc_id, gold, field: bool(gold.get(field)),
    }
    table: dict[str, dict[str, float]] = {}
    for column, keep in columns.items():
        row: dict[str, float] = {}
        for field in fields:
            tp = fp = fn = 0
            for doc_id, gold, pred in per_doc:
                if not keep(doc_id, gold, field):
                    continue
                g, p = gold.get(field, set()), pred.get(field, set())
                matched = count_matches(p, g)
                tp, fp, fn = tp + matched, fp + len(p) - matched, fn + len(g) - matched
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            both = precision + recall
            row[field] = 2 * precision * recall / both if both else 0.0
        row["macro F1"] = sum(row[f] for f in fields) / len(fields)
        table[column] = row
    return table


def score_breakdown(tool: Path, dev: Path, outhire: Path) -> dict:
    """Runs the command line once over the annotated resumes and scores them with the
    evaluator's own functions (`gold_values`, `predicted_values`, `count_matches`)."""
    spec = importlib.util.spec_from_file_location("eval_parse", tool)
    evaluator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluator)
    docs = [json.loads(ln) for ln in dev.read_text(encoding="utf-8").splitlines() if ln.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for doc in docs:
            path = Path(tmp) / f"{doc['id']}.txt"
            path.write_text(doc["text"], encoding="utf-8")
            paths[str(path)] = doc
        cmd = [str(outhire), "parse-resume", "--format", "jsonl", *paths]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    resumes = {}
    for line in out.splitlines():
        if line.strip():
            record = json.loads(line)
            resumes[record["source"]] = record.get("resume") or {}
    per_doc = [
        (doc["id"], evaluator.gold_values(doc), evaluator.predicted_values(resumes.get(path, {})))
        for path, doc in paths.items()
    ]
    return f1_table(per_doc, evaluator.FIELDS, evaluator.count_matches)


def print_breakdown(table: dict) -> None:
    columns = list(table)
    print(f"{'F1':22s}" + "".join(f"{c:>14s}" for c in columns))
    for field in table[columns[0]]:
        print(f"{field:22s}" + "".join(f"{table[c][field]:14.3f}" for c in columns))


def time_pipeline(paths: list[Path]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, documents without output)."""
    start, cpu = time.perf_counter(), time.process_time()
    failures = 0
    for path in paths:
        data = path.read_bytes()
        info = inspect_document(data, path.name, max_bytes=10 * 1024 * 1024)
        result = parse_resume(extract_text(data, info.kind))
        failures += not result.resume.get("basics")
    return time.perf_counter() - start, time.process_time() - cpu, failures


def time_libraries(pdfs: list[bytes]) -> dict[str, float]:
    out: dict[str, float] = {}
    import pypdfium2 as pdfium

    def with_pdfium(data: bytes) -> str:
        pdf = pdfium.PdfDocument(data)
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
        return text

    candidates = {"pypdfium2": with_pdfium}
    try:
        import pypdf

        candidates["pypdf"] = lambda d: "".join(
            p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(d)).pages
        )
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_text as pdfminer_text

        candidates["pdfminer.six"] = lambda d: pdfminer_text(io.BytesIO(d))
    except ImportError:
        pass
    for name, fn in candidates.items():
        sample = pdfs if name == "pypdfium2" else pdfs[:30]
        start = time.perf_counter()
        for data in sample:
            fn(data)
        out[name] = len(sample) / (time.perf_counter() - start)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--docs", type=int, default=300, help="how many resumes to render as PDF")
    ap.add_argument("--skip-eval", action="store_true")
    args = ap.parse_args()
    dev = args.data / "resume-entities" / "dev.jsonl"
    if not dev.exists():
        print(f"skipped: no evaluation data under {args.data}")
        return 0

    if not args.skip_eval:
        tool = args.data.parent / "tools" / "eval_parse.py"
        outhire = Path(sys.executable).with_name("outhire")
        cmd = f"{outhire} parse-resume --format jsonl"
        print(f"$ python {tool} --data {dev} --cmd '{cmd}'")
        subprocess.run([sys.executable, str(tool), "--data", str(dev), "--cmd", cmd], check=False)  # noqa: S603
        print()
        print("the same scoring on the halves (even / odd hexadecimal id) and, per field, on the")
        print("resumes whose annotations mark that field:")
        print_breakdown(score_breakdown(tool, dev, outhire))
        print()

    texts = load_texts(args.data, args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        pdfs = []
        for i, text in enumerate(texts):
            pdf = render_pdf(text)
            path = Path(tmp) / f"resume-{i:04d}.pdf"
            path.write_bytes(pdf)
            paths.append(path)
            pdfs.append(pdf)
        time_pipeline(paths[:10])  # warm up: taxonomy load, imports
        seconds, cpu, failures = time_pipeline(paths)
        pages = sum(len(__import__("pypdfium2").PdfDocument(p)) for p in pdfs)
        print(
            f"throughput: {len(paths)} real resume texts rendered as PDF ({pages} pages), "
            f"extraction + parsing, one process, one core: {len(paths) / seconds:.1f} docs/s "
            f"wall clock, {len(paths) / cpu:.1f} docs/s per CPU second "
            f"({1000 * cpu / len(paths):.1f} ms CPU/doc, {failures} without output, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})"
        )
        for name, rate in time_libraries(pdfs).items():
            print(f"  PDF text extraction alone, {name}: {rate:.1f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
