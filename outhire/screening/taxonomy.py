"""The skills taxonomy: recognise skills in free text and map aliases to one canonical name.

The data is `data/skills.json`, built from ESCO (European Commission, Decision 2011/833/EU) and a
curated list by `scripts/build_taxonomy.py`; see `data/README.md`.

Matching works on tokens, not on one regular expression per skill: the text is split once into
tokens that keep "C++", "C#", ".NET", "Node.js" and "ASP.NET" whole, and a trie of token sequences
finds the longest alias starting at each token. That is linear in the text and does not care how
many skills there are. Aliases that are ordinary words or single letters ("Go", "R", "Swift") match
only with the exact capitalisation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).with_name("data") / "skills.json"

# Letters/digits with + and # glued on ("c++", "c#"), dotted parts kept ("node.js", "asp.net") and
# a leading dot for ".NET".
TOKEN_RE = re.compile(r"\.?[^\W_][^\W_+#]*[+#]*(?:\.[^\W_]+[+#]*)*")
_END = "\x00"


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    esco_uri: str | None
    esco_label: str | None


@dataclass(frozen=True, slots=True)
class SkillMatch:
    name: str
    category: str
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(casefolded token, start, end) for each token of `text`."""
    return [(m.group().casefold(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


class Taxonomy:
    def __init__(self, skills: list[Skill]) -> None:
        self.skills = {s.name.casefold(): s for s in skills}
        self._by_alias: dict[str, str] = {}
        self._trie: dict = {}
        for skill in skills:
            marked = {a[1:] for a in skill.aliases if a.startswith("=")}
            names = [skill.name, *(a.lstrip("=") for a in skill.aliases)]
            for alias in names:
                exact = alias in marked or _needs_exact_case(alias, skill)
                self._add(alias, skill.name, exact)

    def _add(self, alias: str, name: str, exact: bool) -> None:
        tokens = [t for t, _, _ in tokenize(alias)]
        if not tokens:
            return
        self._by_alias.setdefault(alias.casefold(), name)
        self._by_alias.setdefault(" ".join(tokens), name)
        node = self._trie
        for token in tokens:
            node = node.setdefault(token, {})
        entries = node.setdefault(_END, [])
        if (name, alias if exact else None) not in entries:
            # a case-insensitive entry wins over a case-sensitive one for the same name
            entries.append((name, alias if exact else None))

    def canonical(self, name: str) -> str | None:
        key = name.strip().casefold()
        if key in self._by_alias:
            return self._by_alias[key]
        key = " ".join(t for t, _, _ in tokenize(name))
        return self._by_alias.get(key)

    def find(self, text: str) -> list[SkillMatch]:
        tokens = tokenize(text)
        matches: list[SkillMatch] = []
        i, n = 0, len(tokens)
        while i < n:
            node = self._trie
            best: tuple[int, str] | None = None
            j = i
            while j < n and tokens[j][0] in node:
                node = node[tokens[j][0]]
                j += 1
                if _END in node:
                    start, end = tokens[i][1], tokens[j - 1][2]
                    found = _accept(node[_END], text, start, end)
                    if found:
                        best = (j, found)
            if best:
                j, name = best
                skill = self.skills[name.casefold()]
                start, end = tokens[i][1], tokens[j - 1][2]
                matches.append(SkillMatch(name, skill.category, start, end, text[start:end]))
                i = j
            else:
                i += 1
        return matches


def _needs_exact_case(alias: str, skill: Skill) -> bool:
    letters = alias.replace(" ", "")
    if len(letters) <= 2 and letters.isalpha():
        return True
    return skill.category in {"technology", "language"} and skill.esco_label is not None


def _accept(entries: list[tuple[str, str | None]], text: str, start: int, end: int) -> str | None:
    span = text[start:end]
    for name, exact in entries:
        if exact is not None and span != exact:
            continue
        if exact is not None and len(span) == 1:
            # "R&D", "C. Smith", "A-level": a single letter is a skill only between separators
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if (
                after in "&'-"
                or before in "&'-."
                or (after == "." and text[end + 1 : end + 2] == " ")
            ):
                continue
        return name
    return None


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Taxonomy:
    raw = json.loads(Path(path or DATA_PATH).read_text(encoding="utf-8"))
    skills = [
        Skill(
            name=s["name"],
            category=s.get("category", ""),
            aliases=tuple(s.get("aliases", ())),
            related=tuple(s.get("related", ())),
            esco_uri=s.get("esco_uri"),
            esco_label=s.get("esco_label"),
        )
        for s in raw["skills"]
    ]
    return Taxonomy(skills)


def find_skills(text: str) -> list[SkillMatch]:
    """Every skill mentioned in `text`, in order, longest alias first ("SQL Server" over "SQL")."""
    return load().find(text)


def canonical(name: str) -> str | None:
    """The canonical name for a skill or alias ("Postgres" -> "PostgreSQL"), None if unknown."""
    return load().canonical(name)


def related(name: str) -> list[str]:
    """Canonical names of skills related to `name` (either direction), [] if unknown."""
    tax = load()
    key = tax.canonical(name)
    if key is None:
        return []
    out = list(tax.skills[key.casefold()].related)
    for skill in tax.skills.values():
        if key in skill.related and skill.name not in out:
            out.append(skill.name)
    return out
