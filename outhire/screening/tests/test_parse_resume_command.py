"""`outhire parse-resume`: the command-line contract evaluation tools depend on."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from outhire.testing import Ran, run_cli


def run(*args: str) -> Ran:
    return run_cli("parse-resume", *args)


@pytest.fixture
def inputs(tmp_path):
    good = tmp_path / "jane.txt"
    good.write_text("Jane Doe\nData Analyst\njane@example.com\n\nSKILLS\nSQL, Tableau\n")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    bomb = tmp_path / "bomb.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    bomb.write_bytes(buf.getvalue())
    other = tmp_path / "john.html"
    other.write_text("<html><body><p>John Smith</p><p>Welder</p></body></html>")
    return [str(good), str(empty), str(tmp_path / "missing.txt"), str(bomb), str(other)]


def test_it_prints_one_line_per_path_in_order_with_errors_in_line(inputs):
    proc = run("--format", "jsonl", *inputs)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["source"] for line in lines] == inputs
    good, empty, missing, bomb, other = lines
    assert good["errors"] == [] and good["resume"]["basics"]["name"] == "Jane Doe"
    assert {"SQL", "Tableau"} <= {s["name"] for s in good["resume"]["skills"]}
    assert other["resume"]["basics"]["name"] == "John Smith"
    for failed, words in ((empty, "empty"), (missing, "No such file"), (bomb, "zip bomb")):
        assert failed["resume"] == {}
        assert len(failed["errors"]) == 1 and words in failed["errors"][0]


def test_it_prints_a_pretty_array_with_format_json(inputs):
    proc = run("--format", "json", inputs[0], inputs[2])
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["source"] for r in records] == [inputs[0], inputs[2]]
    assert proc.stdout.startswith("[\n")


@pytest.mark.parametrize("args", [[], ["--format", "xml", "x.txt"]])
def test_it_exits_2_on_a_usage_error(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
