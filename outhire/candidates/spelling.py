"""Did you mean: a correction for a misspelt search word ("pyhton" -> "python").

Pure Python, no Django. Corrections come only from a fixed vocabulary (the skills taxonomy, job
title words and city names), never from the candidates' own text: a suggestion must not tell a
searcher a word that is in some profile, and a fixed vocabulary does the same on SQLite and
PostgreSQL.

The look-up is symmetric deletion (as SymSpell does it): every vocabulary word is indexed under
itself and each string made by deleting one of its letters; a query word's own deletions (up to
two) then meet those of the words within two edits, and only those few are compared letter by
letter. A look-up costs microseconds whatever the size of the vocabulary. (Indexing two
deletions a word would also find two replaced letters, at ten times the memory and start-up.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from outhire.screening import resume_lexicon, taxonomy

MIN_LENGTH = 4  # shorter words have too many neighbours to guess from


def max_edits(word: str) -> int:
    """Edits allowed: one in a word of 4 or 5 letters, two from 6 (a swapped pair is one)."""
    return 1 if len(word) < 6 else 2


def distance(a: str, b: str) -> int:
    """Edits between `a` and `b` (insert, delete, replace, swap two neighbours): the optimal
    string alignment distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _deletions(word: str, edits: int) -> set[str]:
    out = {word}
    for n in range(1, min(edits, len(word) - 1) + 1):
        for gone in combinations(range(len(word)), n):
            out.add("".join(c for k, c in enumerate(word) if k not in gone))
    return out


class Speller:
    def __init__(self, words: Iterable[str], preferred: Iterable[str] = ()) -> None:
        """`preferred`: words that win a tie (whole skill names, job titles) over the rest (the
        words of longer skill names), so "enginer" is "engineer", not "engines"."""
        self.preferred = {w.casefold() for w in preferred}
        self.words = {w for w in (w.casefold() for w in words) if w.isalpha()} | {
            w for w in self.preferred if w.isalpha()
        }
        self._index: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) >= MIN_LENGTH - 1:
                for key in _deletions(word, 1):
                    self._index.setdefault(key, []).append(word)

    def correct(self, word: str) -> str | None:
        """The closest vocabulary word to `word`, or None when `word` is one or none is near.

        Ties go to a preferred word, then to one that starts with the same letter, then to one
        of the same length, then to the first in alphabetical order: the answer is always the
        same."""
        word = word.casefold()
        if word in self.words or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        limit = max_edits(word)
        near = {c for key in _deletions(word, limit) for c in self._index.get(key, ())}
        scored = [
            (d, c not in self.preferred, c[0] != word[0], abs(len(c) - len(word)), c)
            for c in near
            if abs(len(c) - len(word)) <= limit and (d := distance(word, c)) <= limit
        ]
        return min(scored)[-1] if scored else None

    def suggest(self, words: list[str]) -> str | None:
        """`words` with each misspelt one corrected, joined by spaces; None if none is."""
        corrected = [self.correct(w) or w for w in words]
        return " ".join(corrected) if corrected != words else None


_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def default_speller() -> Speller:
    """Skills (names and aliases, word by word), job title words and city names."""
    words: set[str] = set()
    preferred = set(resume_lexicon.TITLE_WORDS)
    for skill in taxonomy.load().skills.values():
        for name in (skill.name, *skill.aliases):
            parts = _WORD_RE.findall(name.casefold())
            words.update(parts)
            if len(parts) == 1:
                preferred.update(parts)
    for city in resume_lexicon.CITIES:
        preferred.update(_WORD_RE.findall(city))
    return Speller(words, preferred)
