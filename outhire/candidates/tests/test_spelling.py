from __future__ import annotations

import pytest

from outhire.candidates.spelling import Speller, default_speller, distance


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("python", "python", 0),
        ("pyhton", "python", 1),  # two letters swapped: one edit
        ("pyton", "python", 1),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
    ],
)
def test_distance(a, b, edits):
    assert distance(a, b) == edits == distance(b, a)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pyhton", "python"),
        ("Pyhton", "python"),
        ("javscript", "javascript"),
        ("kuberntes", "kubernetes"),
        ("enginer", "engineer"),  # a job title word beats "engines", a word of a skill's name
        ("acountant", "accountant"),
        ("londn", "london"),
    ],
)
def test_it_corrects_common_typos(typed, meant):
    assert default_speller().correct(typed) == meant


@pytest.mark.parametrize("word", ["python", "nurse", "sql", "garcia", "xyzzyq", "c3po", "pyt"])
def test_known_short_or_unrelated_words_are_left_alone(word):
    assert default_speller().correct(word) is None


def test_a_query_is_corrected_word_by_word_or_not_at_all():
    speller = Speller(["python", "developer"], preferred=["python"])
    assert speller.suggest(["senior", "pyhton", "develper"]) == "senior python developer"
    assert speller.suggest(["python", "developer"]) is None


def test_ties_are_broken_the_same_way_every_time():
    speller = Speller(["cart", "card", "care"])
    assert {speller.correct("carx") for _ in range(5)} == {"card"}
