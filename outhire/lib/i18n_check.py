"""`outhire i18n-check` (part of `make lint`): what a candidate reads is translated.

1. No candidate-facing template (outhire.lib.i18n.CANDIDATE_TEMPLATES) has words outside a
   `{% translate %}` or `{% blocktranslate %}`: neither in the text between tags nor in the
   attributes a person reads (title, alt, placeholder, aria-label, an input button's value).
2. In every catalogue, each message a candidate-facing template or module uses is translated
   (not empty, not fuzzy); in the staff languages (STAFF_LANGUAGES) every message is.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

from outhire.lib import i18n

# Stands for a template tag or variable in the text the HTML parser reads.
MARK = "\ue000"
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "summary"}
# Words that are not language: units, codes and names that read the same everywhere.
UNTRANSLATABLE = re.compile(r"^(?:[\W\d_]|Outhire|PDF|DOCX|CV|URL|e-?mail|OK|JSON-LD|RSS|ICS)*$")
LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: untranslated text: {self.text!r}"


def _masked(source: str) -> str:
    """The template with each tag and variable replaced by MARK (newlines kept, so lines stay
    the same) and the text inside translation blocks and comments blanked."""
    out: list[str] = []
    inside: str | None = None  # the tag whose end we wait for
    for token in Lexer(source).tokenize():
        raw = token.contents
        if token.token_type == TokenType.TEXT:
            text = raw if inside is None else re.sub(r"[^\n]", " ", raw)
            out.append(text)
            continue
        if token.token_type == TokenType.BLOCK:
            words = raw.split()
            name = words[0] if words else ""
            if inside is None and name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                inside = "end" + name
            elif inside is None and name == "block" and words[1:2] and words[1].endswith("_class"):
                # {% block main_class %}narrow{% endblock %}: a CSS class, not words.
                inside = "endblock"
            elif inside is not None and name == inside:
                inside = None
        # A tag's own text: only its newlines count.
        newlines = raw.count("\n")
        out.append(MARK + "\n" * newlines)
    return "".join(out)


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0  # inside <script> or <style>

    def _check(self, text: str) -> None:
        words = text.replace(MARK, " ").strip()
        if words and LETTER.search(words) and not UNTRANSLATABLE.match(words):
            self.found.append((self.getpos()[0], " ".join(words.split())[:80]))

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if value and (
                name in READ_ATTRIBUTES
                or (name == "value" and tag == "input" and _is_button(attrs))
            ):
                self._check(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data)


def _is_button(attrs) -> bool:
    return dict(attrs).get("type", "") in {"submit", "button", "reset"}


def template_problems(path: Path, root: Path) -> list[Problem]:
    source = path.read_text(encoding="utf-8")
    masked = _masked(source)
    name = str(path.relative_to(root))
    if path.suffix in {".txt", ".css"}:
        # Plain text (e-mails): every line with words outside a translation tag.
        return [
            Problem(name, number, " ".join(line.replace(MARK, " ").split())[:80])
            for number, line in enumerate(masked.splitlines(), start=1)
            if LETTER.search(line.replace(MARK, " "))
            and not UNTRANSLATABLE.match(line.replace(MARK, "").strip())
        ]
    finder = _TextFinder()
    finder.feed(masked)
    finder.close()
    return [Problem(name, line, text) for line, text in finder.found]


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def candidate_templates(root: Path) -> list[Path]:
    return sorted(
        path
        for path in (root / "outhire").rglob("*")
        if path.is_file()
        and "templates" in path.parts
        and _matches(str(path.relative_to(root)), i18n.CANDIDATE_TEMPLATES)
    )


def is_candidate_facing(relative: str) -> bool:
    return _matches(relative, i18n.CANDIDATE_TEMPLATES) or _matches(
        relative, i18n.CANDIDATE_MODULES
    )


def catalogue_problems(root: Path, languages: list[str]) -> list[str]:
    import polib  # a development dependency: the check runs in `make lint`

    problems: list[str] = []
    for language in languages:
        path = root / "outhire" / "locale" / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{path.relative_to(root)}: missing (run `make messages`)")
            continue
        staff = i18n.supported(language, i18n.STAFF_LANGUAGES) is not None
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            translated = entry.translated() and "fuzzy" not in entry.flags
            if translated:
                continue
            facing = any(is_candidate_facing(file) for file, _line in entry.occurrences)
            if staff or facing:
                where = entry.occurrences[0][0] if entry.occurrences else "?"
                why = "fuzzy" if "fuzzy" in entry.flags else "untranslated"
                problems.append(f"{path.relative_to(root)}: {why} ({where}): {entry.msgid[:70]!r}")
    return problems
