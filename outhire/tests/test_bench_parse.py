"""bench/parse.py's breakdown of the evaluator's scores: halves and fields where marked."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "parse.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_parse", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _exact(pred: set, gold: set) -> int:
    return len(pred & gold)


def test_halves_are_the_ids_parity_and_marked_leaves_out_unmarked_documents():
    per_doc = [
        # id 0xa is even: one right location
        ("a", {"Location": {"pune"}}, {"Location": {"pune"}}),
        # id 0xb is odd: a region the annotators did not mark, in a resume with no place marked
        ("b", {}, {"Location": {"karnataka"}}),
    ]
    table = _bench().f1_table(per_doc, ["Location"], _exact)
    assert table["even half"]["Location"] == 1.0
    assert table["odd half"]["Location"] == 0.0
    # all: 1 right, 1 wrong, nothing missed -> P 0.5, R 1.0
    assert table["all"]["Location"] == pytest.approx(2 / 3)
    # where marked: the second resume does not count for Location
    assert table["where marked"]["Location"] == 1.0
    assert table["all"]["macro F1"] == pytest.approx(2 / 3)


def test_a_field_nobody_predicted_or_marked_scores_zero_not_an_error():
    table = _bench().f1_table([("c", {}, {})], ["Skills", "Name"], _exact)
    assert table["all"] == {"Skills": 0.0, "Name": 0.0, "macro F1": 0.0}
