"""Resume text -> JSON Resume (https://jsonresume.org/schema, v1), with general rules.

Plain Python, no Django. The parser never raises: whatever the input, `parse_resume` returns a
result, with what it could not find listed in `warnings`.

How it reads a resume:
1. normalise the text (line endings, control characters, very long lines cut into pieces);
2. split it into sections by their headings ("WORK EXPERIENCE", "Education:", "Key skills"...),
   the lines before the first heading being the header;
3. header: name (the first line that looks like a person's name), label (a job title line),
   location ("City, Region"), e-mail, phone (E.164 through `phonenumbers`), profile links;
4. work: every date range ("Jan 2019 - Present", "2015 to 2018", "03/2017 - 11/2019") anchors one
   job; the short lines just before it (or after it) give title and employer, told apart by a
   title lexicon, company suffixes and a gazetteer of places;
5. education: lines with a degree keyword, an institution keyword, or a year fill the slots of
   one entry after another;
6. skills: items of the skills sections plus the skills of the taxonomy (ESCO + curated) found
   in the text; languages and certificates from their sections.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from outhire.screening import resume_lexicon as lex
from outhire.screening import taxonomy

MAX_CHARS = 200_000
MAX_LINE = 400

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
# "o" is a bullet only as a word of its own ("o Java"): "organization" keeps its "o"
_BULLET_RE = re.compile(r"^(?:[\s•●▪◦■□◆◇►▶➢➤✓✔\-–—*·>§]|o(?=\s))+\s*")
EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# a number never spans lines: "78701" at the end of one line is not part of the next line's phone
# the lookahead lets the regex engine skip to the next "+", "(" or digit (twice as fast)
PHONE_CANDIDATE_RE = re.compile(r"(?=[+(\d])(?:\+|00)?\(?\d[\d \t().\-/]{6,20}\d")
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]{3,300}|"
    r"\b(?:[a-z]{2,3}\.)?(?:linkedin\.com|github\.com|gitlab\.com|indeed\.com|twitter\.com|"
    r"behance\.net|dribbble\.com|stackoverflow\.com|medium\.com|kaggle\.com|bitbucket\.org)"
    r"/[^\s<>\"'()]{1,200}",
    re.IGNORECASE,
)
NETWORKS = {
    "linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab",
    "indeed.com": "Indeed", "twitter.com": "Twitter", "x.com": "X", "behance.net": "Behance",
    "dribbble.com": "Dribbble", "stackoverflow.com": "Stack Overflow", "medium.com": "Medium",
    "kaggle.com": "Kaggle", "bitbucket.org": "Bitbucket",
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = (
    rf"(?:{_MONTH}\s*[,'’]?\s*(?:{_YEAR}|'?\d{{2}}(?!\d))"
    rf"|(?:\d{{1,2}}[/.\-])?\d{{1,2}}[/.\-]{_YEAR}(?!\d)"
    rf"|{_YEAR}[/.\-]\d{{1,2}}(?![\d/.\-])"
    rf"|{_YEAR}(?!\d))"
)
_PRESENT = (
    r"(?:present|current(?:ly)?|now|till\s*(?:date|now|today)|to\s*date|today|ongoing|"
    r"continuing|date)"
)
DATE_RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})\s*(?:-+|–|—|~|to|till|until|through|thru|→|>)\s*"
    rf"(?P<end>{_DATE}|{_PRESENT})(?![\w])",
    re.IGNORECASE,
)
DATE_SINCE_RE = re.compile(rf"\b(?:since|from)\s+(?P<start>{_DATE})(?![\w])", re.IGNORECASE)
YEAR_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_MONTH_YEAR_RE = re.compile(rf"\b{_MONTH}\s*[,'’]?\s*{_YEAR}\b|\btill\s+date\b", re.IGNORECASE)
YEARS_STATED_RE = re.compile(
    r"(\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?:years?|yrs?)\b[^.\n]{0,40}?\bexperience", re.IGNORECASE
)
_DATES_PAREN_RE = re.compile(rf"\(\s*{_DATE}\s*(?:-+|–|—|to)\s*(?:{_DATE}|{_PRESENT})\s*\)", re.I)
_YEARS_PAREN_RE = re.compile(r"\(\s*(?:less than\s*)?\d*\+?\s*(?:years?|months?|yrs?)[^)]*\)", re.I)
_KEY_VALUE_RE = re.compile(r"^\s*([A-Za-z][A-Za-z /]{1,30}?)\s*[:\-–]\s+(.+)$")
_SKILL_SPLIT_RE = re.compile(r"[\n,;•●▪◦|]+|\s-\s|:\s")
_NO_LETTERS_RE = re.compile(r"[\W\d]+")
_SPLIT_PARTS_RE = re.compile(
    r"\s+[-–—|]\s+|\s+[-–—|]$|\s*\|\s*|\t|,\s+|\s+at\s+|\s*@\s+|\s+@\s*"
    # "Senior System Engineer in Infosys Limited": "in" before an employer with its legal form
    r"|\s+in\s+(?=[A-Z][^,\n]{0,60}?\b(?:Ltd|Limited|Inc|Pvt|LLC|LLP|PLC|GmbH)\b)"
)  # "Process Associate@ Contoso": an "@" with a space on one side is "at", not an e-mail

# patterns of the helpers below, compiled once
_DIGIT_RE = re.compile(r"\d")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z.&'\-]*")
_NAME_LABEL_RE = re.compile(r"^(?:name|candidate)\s*[:\-]\s*", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?")
_MONTH_DATE_RE = re.compile(r"([a-z]{3})[a-z]*\.?\s*[,']?\s*'?(\d{2,4})$")
_NUMERIC_DATE_RE = re.compile(r"(?:\d{1,2}[/.\-])?(\d{1,2})[/.\-](\d{4})$")
_ISO_DATE_RE = re.compile(r"(\d{4})[/.\-](\d{1,2})$")
_YEAR_ONLY_RE = re.compile(r"(\d{4})$")
_PRESENT_RE = re.compile(_PRESENT, re.IGNORECASE)
_NON_DIGIT_RE = re.compile(r"\D")
_YEAR_PAIR_RE = re.compile(r"\d{4}\s*[-–]\s*\d{4}")
_NAME_CUT_RE = re.compile(r"\s+[|–-]\s+|\s*,\s*")
_NAME_LINE_RE = re.compile(r"^\s*name\s*[:\-]\s*(.+)$", re.IGNORECASE)
_LABEL_SPLIT_RE = re.compile(r"\s+[-–|@]\s+|\s+at\s+")
_ADDRESS_LINE_RE = re.compile(
    r"^\s*(?:address|location|current location|city)\s*[:\-]", re.IGNORECASE
)
_REST_TRIM_RE = re.compile(r"\(\s*\)|^\W+|[\s(\-–,|]+$")
# the day of the start date left on the line: "Contoso Limited Engineer 01st Oct 2015 - till date"
_DAY_BEFORE_RE = re.compile(r"\s+\d{1,2}(?:st|nd|rd|th)?$", re.IGNORECASE)
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_EDU_SPLIT_RE = re.compile(r"\s+[-–|]\s+|,\s+|\s+from\s+|;\s*")
_NON_WORD_RE = re.compile(r"\W+")
_SKILL_KEY_RE = re.compile(r"[^\w+#]+")
_LANGUAGES_LINE_RE = re.compile(
    r"^\s*(?:languages?\s*(?:known|spoken)?|linguistic)\s*[:\-]", re.IGNORECASE
)
_LANGUAGE_SPLIT_RE = re.compile(r"[,;/|•]|\band\b")


@dataclass
class ParseResult:
    resume: dict
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Section:
    key: str
    heading: str
    lines: list[str]
    rows: list[int] = field(default_factory=list)  # index in the text's lines of each line


# ---------------------------------------------------------------------------- text and sections


_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def _unescape_entity(m: re.Match) -> str:
    return html.unescape(m.group())


def _normalise(text: str) -> tuple[list[str], bool]:
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub(" ", text)
    if "&" in text:
        # "R&amp;D", "Word &amp; Excel": HTML entities left by the site the text came from
        text = _ENTITY_RE.sub(_unescape_entity, text)
    lines: list[str] = []
    for raw in _SPACES_RE.sub(" ", text).split("\n"):
        line = raw.strip()
        while len(line) > MAX_LINE:
            cut = line.rfind(" ", MAX_LINE // 2, MAX_LINE)
            cut = cut if cut > 0 else MAX_LINE
            lines.append(line[:cut].strip())
            line = line[cut:].strip()
        lines.append(line)
    return _glue_fragments(lines), truncated


_GLUE_RE = re.compile(r"^(?:[,:;\-–—|/]{1,3}|to|till|until)$", re.IGNORECASE)


def _glue_fragments(lines: list[str]) -> list[str]:
    """Join lines a PDF extractor split around a lone separator: "Finance", ",", "May 2010"."""
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if _GLUE_RE.match(line) and out and out[-1]:
            j = i + 1
            while j < n and not lines[j]:
                j += 1
            if j < n and not _GLUE_RE.match(lines[j]):
                out[-1] = f"{out[-1]} {line} {lines[j]}"
                i = j + 1
                continue
        if not line and out and out[-1] and i + 1 < n and _GLUE_RE.match(lines[i + 1]):
            i += 1  # the blank line before a separator
            continue
        out.append(line)
        i += 1
    return out


_HEADING_LABEL_RE = re.compile(r"^([A-Za-z][A-Za-z &/]{2,45}?)\s*(?::|\s•)\s*(.*)$")
_HEADING_WORDS_RE = re.compile(r"[^a-z&/ ]+")
_SKILL_HEADS = frozenset({"skills", "skill", "skillset", "skillsets"})
_SKILL_SET = ["skill", "set"]


# "SKILLS ETL: Microsoft SSIS": a heading in capitals with the first row of its table beside it
_CAPITALS_HEAD_RE = re.compile(r"^([A-Z][A-Z &/]{2,30}?)\s+([A-Z][\w ./&+#-]{0,30}:\s*\S.*)$")
# where a job board's export puts what did not fit its form, a skills table among it
_MISCELLANY_HEADINGS = frozenset({"additional information", "other information"})
_SPOKEN_LABEL_RE = re.compile(r"^languages?\s*$", re.IGNORECASE)


def _heading_words(line: str) -> str:
    return " ".join(_HEADING_WORDS_RE.sub(" ", line.casefold()).split())


def _heading_key(line: str) -> tuple[str | None, str]:
    """(section key, rest of line) if `line` is a section heading, else (None, "")."""
    if not line or len(line) > 60:
        return None, ""
    head, rest = line, ""
    m = _HEADING_LABEL_RE.match(line)
    if m:
        head, rest = m.group(1), m.group(2)
        if not rest.strip(" -–:"):
            rest = ""  # "SKILLS:-"
        else:
            capitals = _CAPITALS_HEAD_RE.match(line)
            if capitals and lex.HEADING_TO_SECTION.get(capitals.group(1).casefold()) == "skills":
                return "skills", capitals.group(2)
    words = _heading_words(head).split()
    if not words or len(words) > 5:
        return None, ""
    key = lex.HEADING_TO_SECTION.get(" ".join(words))
    if key is None and len(words) <= 4 and (words[-1] in _SKILL_HEADS or words[-2:] == _SKILL_SET):
        key = "skills"  # "Technical skillset", "Professional skill set", "Software skills"
    if key is None:
        return None, ""
    if not rest and not (m or head.isupper() or _title_cased(head) or len(words) <= 2):
        return None, ""
    return key, rest


def _title_cased(line: str) -> bool:
    """ "Skills and Abilities", "Tools & Technologies": a heading in title case, whose short
    words ("and", "of") are not capitalised."""
    words = [w for w in line.split() if w[:1].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words if len(w) > 3)


_LABELLED_SECTIONS = frozenset({"skills", "work", "projects"})
_NUMBERED_PROJECT_RE = re.compile(
    r"(?:project|assignment)\s*(?:#|no\.?)?\s*\d{1,2}\s*[:.\-–]", re.I
)


_EMPLOYER_THEN_PLACE_RE = re.compile(r"^([^,:]{2,60}?)\s+[-–]\s+(.{2,40})?$")


def _begins_undated_job(section_lines: list[str], line: str) -> bool:
    """ "Contoso Technologies Pvt. Ltd - Pune, Maharashtra" under a title line, the two set
    apart from a list by a blank line: a job board's layout of a job, dated or not."""
    m = _EMPLOYER_THEN_PLACE_RE.match(line)
    if not (m and _EMPLOYER_FORM_RE.search(m.group(1))):
        return False
    # the title is the last line, or the one before a blank last line (looked up from the end:
    # a section of thousands of such lines stays linear)
    k = len(section_lines) - 1
    if k >= 0 and not section_lines[k]:
        k -= 1
    if k < 0 or not section_lines[k]:
        return False
    title, before = section_lines[k], section_lines[k - 1] if k else ""
    return not before and ":" not in title and "," not in title and bool(_title_score(title))


def _sections(lines: list[str]) -> tuple[list[str], list[_Section]]:
    header: list[str] = []
    sections: list[_Section] = []
    current: _Section | None = None
    one_line_list: _Section | None = None
    table_rows = False  # whether "Label: values" lines go on the one-line list too
    resumed = "other"  # what a job found inside a skills section belongs to
    for row, line in enumerate(lines):
        key, rest = _heading_key(line)
        if one_line_list is not None:
            if (not key or rest) and (
                not line
                or _is_bulletish(line)
                or (table_rows and _KEY_VALUE_RE.match(line) and not _JOB_ROW_RE.match(line))
            ):
                # "SKILL SET • ASP.NET, C#" and the bullets under it, "SKILLS ETL: Microsoft
                # SSIS" and the rows under it: the list goes on while its lines are list lines
                one_line_list.lines.append(line)
                one_line_list.rows.append(row)
                continue
            one_line_list = None
        if key and rest:
            # "Languages: C, Java" inside a skills section, "Technologies: J2EE" inside a job or
            # a project: a label of the section it is in, not a new one
            if current is not None and current.key in _LABELLED_SECTIONS:
                current.lines.append(line)
                current.rows.append(row)
            else:
                # "Skills: Python, SQL" on one line holds that line and the list lines under
                # it; the text after them goes on where it was
                sections.append(_Section(key, line, [rest], [row]))
                # a heading in capitals or set off by a bullet, not a label in a sentence's
                # place ("Skills: Python, SQL" in a summary holds only its line)
                head = line[: len(line) - len(rest)]
                if key == "skills" and (head.isupper() or "•" in head):
                    one_line_list, table_rows = sections[-1], ":" in rest
            continue
        if (
            current is not None
            and _heading_words(current.heading) in _MISCELLANY_HEADINGS
            and _SKILL_ROW_RE.match(line)
            and not line.casefold().startswith("language")
        ):
            # "Operating systems: Windows 10" / "Languages: C, C++" under "Additional
            # information": a skills table's rows, and only they (the prose after them stays
            # where it was)
            sections.append(_Section("skills", line, [line], [row]))
            one_line_list, table_rows = sections[-1], True
            continue
        if (
            not key
            and current is not None
            and _heading_words(current.heading) in _MISCELLANY_HEADINGS
            and (label := _SKILL_LABEL_RE.match(line))
            and not _SPOKEN_LABEL_RE.match(label.group(0))
        ):
            # a skills table without its heading ("Operating Systems Windows 10 / 8",
            # "Tools HP-UFT, JIRA") under "Additional information" (where a job board's export
            # puts what did not fit its form): skills from here on. Not under "Interests" or
            # "Personal details", and not "Languages English, Hindi" (spoken languages)
            current = _Section("skills", line, [line], [row])
            sections.append(current)
            continue
        if key:
            # a skills list inside a work section ("Technical expertise" between jobs): the
            # jobs after it are still jobs
            resumed = "work" if current is not None and current.key == "work" else "other"
            current = _Section(key, line, [])
            sections.append(current)
        elif current is None:
            header.append(line)
        else:
            if current.key == "skills" and _begins_undated_job(current.lines, line):
                # "Jr. Developer" / "Contoso Technologies Pvt. Ltd - Pune": a job, not skills
                while not current.lines[-1]:
                    current.lines.pop(), current.rows.pop()
                title_row, title = current.rows.pop(), current.lines.pop()
                current = _Section(resumed, line, [title], [title_row])
                sections.append(current)
            elif current.key == "skills" and _NUMBERED_PROJECT_RE.match(line):
                # "Project 1: Service Assurance", "Project 2:": a list of projects has begun
                current = _Section(resumed, line, [])
                sections.append(current)
            elif current.key == "skills" and _has_date_range(_BRACKETED_RE.sub(" ", line)):
                # a skills list has no dates (but for "Java (2015 - 2018)"): a job or a
                # project under a heading we do not know has begun, and what follows is not
                # skills; the job's title and employer lines just above it go with it (to the
                # work section the skills list interrupted, if it did)
                moved: list[tuple[int, str]] = []
                taken = 0
                while current.lines and taken < 3:
                    last = current.lines[-1]
                    employer_line = bool(_TRAILING_DASH_RE.search(last)) and ":" not in last
                    if (
                        last
                        and not employer_line
                        and (
                            ":" in last
                            or "," in last
                            or not (_title_score(last) or _is_company(last))
                        )
                    ):
                        # a list line ("Operating Systems: Windows, Linux") stays; a job
                        # board's "Employer - City, Region -" goes
                        break
                    moved.append((current.rows.pop(), current.lines.pop()))
                    taken += 1 if last else 0
                current = _Section(resumed, line, [ln for _, ln in reversed(moved)])
                current.rows = [r for r, _ in reversed(moved)]
                sections.append(current)
            current.lines.append(line)
            current.rows.append(row)
    return header, sections


def _section_lines(sections: list[_Section], key: str) -> list[str]:
    out: list[str] = []
    for s in sections:
        if s.key == key:
            out.extend(s.lines)
            out.append("")
    return out


# ---------------------------------------------------------------------------- small helpers


_OPEN = {")": "(", "]": "["}
_CLOSE = {"(": ")", "[": "]"}


def _clean(s: str) -> str:
    s = _BULLET_RE.sub("", s).strip(" \t-–—|,;:•*·.")
    # brackets go only when they do not pair up: "Registered Nurse (ICU)" keeps its ")",
    # "(Remote" and "Engineer)" lose theirs
    while s and s[-1] in ")]" and s.count(_OPEN[s[-1]]) < s.count(s[-1]):
        s = s[:-1].rstrip(" \t-–—|,;:•*·.")
    while s and s[0] in "([" and s.count(s[0]) > s.count(_CLOSE[s[0]]):
        s = s[1:].lstrip(" \t-–—|,;:•*·.")
    if s[:1] in "([" and s[-1:] == _CLOSE.get(s[:1]) and s.count(s[0]) == 1:
        s = s[1:-1].strip()  # "(Remote)" alone
    for opening, closing in _CLOSE.items():
        if s.count(opening) > s.count(closing):
            # "Registered Nurse (ICU": a bracket left open where a line was cut or split
            # closes at the end; one with nothing after it goes
            head, _, inside = s.rpartition(opening)
            inside = inside.strip(" \t-–—|,;:•*·.")
            s = f"{head.rstrip()} {opening}{inside}{closing}" if inside else head.rstrip()
    return s.strip()


def _is_bulletish(line: str) -> bool:
    return bool(_BULLET_RE.match(line)) and not line.startswith(("-", "–")) or line.startswith("•")


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _title_score(s: str) -> int:
    if "(" in s:
        # what a bracket says is a note on the title: "Registered Nurse (ICU at St Aidan's)"
        s = _BRACKETED_RE.sub(" ", s).strip() or s
    words = [w.casefold().strip(".") for w in _words(s)]
    if not words or len(words) > 9 or words[0] in lex.SENTENCE_STARTS:
        return 0  # "Worked as a support engineer" is a sentence about a title
    first_hit = next((k for k, w in enumerate(words) if w in lex.TITLE_WORDS), None)
    if first_hit is None:
        return 0
    # the title word usually ends the phrase: "Senior Software Engineer"; or it heads an "of"
    # phrase, whatever follows: "Head of Analytics" (not a company, though "Analytics" ends
    # company names), "Director of Sales"
    if words[-1] in lex.TITLE_WORDS or words[0] in lex.TITLE_MODIFIERS:
        return 2
    if first_hit < len(words) - 2 and words[first_hit + 1] == "of" and first_hit <= 1:
        return 2
    # or opens it ("Head of Analytics", "Consultant - SAP"); one deep inside a long phrase
    # belongs to a sentence ("decisive, results-oriented professional offering ...")
    return 1 if first_hit <= 2 and len(words) <= 6 else 0


def _is_company(s: str) -> bool:
    """A company's suffix ("Ltd", "Technologies", "Hospital", "Analytics") in a short phrase that
    is not a sentence ("Led the analytics team")."""
    if not lex.COMPANY_SUFFIX_RE.search(s) or len(s.split()) > 8:
        return False
    first = s.split(None, 1)[0].casefold().strip(".,:;")
    return first not in lex.SENTENCE_STARTS


def _split_outside_brackets(pattern: re.Pattern, line: str) -> list[str]:
    """`pattern.split(line)`, except inside brackets: "Registered Nurse (ICU at St Mary's)"."""
    if "(" not in line:
        return pattern.split(line)
    groups: list[str] = []

    def hide(m: re.Match) -> str:
        groups.append(m.group())
        return f"\x00{len(groups) - 1}\x00"

    hidden = _BRACKETED_RE.sub(hide, line)
    return [_HIDDEN_RE.sub(lambda m: groups[int(m.group(1))], p) for p in pattern.split(hidden)]


def _employer_beside(title: str, employer: str) -> bool:
    """Can `employer`, written next to the title `title`, be the employer? Not the title again
    ("Head of Analytics at Head of Analytics"), nor a part of it ("ICU" of "Registered Nurse
    (ICU)"), nor another title ("Analytics" ends company names, "Head of" opens titles)."""
    key = " ".join(_NON_WORD_RE.sub(" ", employer.casefold()).split())
    title_key = " ".join(_NON_WORD_RE.sub(" ", title.casefold()).split())
    if not key or f" {key} " in f" {title_key} " or key in lex.DEPARTMENTS:
        return False  # whole words: "Ford" is not part of "Stafford Site Manager"
    return _title_score(employer) != 2 or bool(_LEGAL_FORM_RE.search(employer))


def _is_place_word(raw: str) -> bool:
    key = raw.casefold()
    return (
        key in lex.CITIES
        or key in lex.UK_TOWNS
        or key in lex.UK_REGIONS
        or key in lex.COUNTRIES
        or key in lex.REGION_COUNTRY
        or raw in lex.REGION_COUNTRY  # "TX", "ON": codes only in capitals
        or raw.isdigit()
    )


def _uk_town(folded: str) -> bool:
    """A town of the UK whose name no large place elsewhere has ("Cambridge" and "Perth" do)."""
    if folded in lex.UK_AMBIGUOUS:
        return False
    return folded in lex.UK_TOWNS or folded in _UK_CITIES


# the large UK cities of the general list
_UK_CITIES = frozenset(
    (
        "london",
        "leeds",
        "glasgow",
        "edinburgh",
        "liverpool",
        "bristol",
        "sheffield",
        "cardiff",
        "belfast",
        "nottingham",
        "leicester",
        "coventry",
        "bradford",
        "brighton",
        "southampton",
        "aberdeen",
        "dundee",
        "swansea",
        "exeter",
        "norwich",
        "derby",
        "stoke-on-trent",
        "wolverhampton",
        "sunderland",
        "milton keynes",
        "luton",
        "bournemouth",
        "hull",
        "preston",
        "inverness",
        "stirling",
        "canterbury",
        "guildford",
        "croydon",
        "newcastle upon tyne",
    )
)


def _is_place(s: str) -> bool:
    s = s.strip(" .")
    if not s:
        return False
    if _is_place_word(s) and not s.isdigit():
        return True
    parts = [p.strip(" .") for p in s.split(",") if p.strip(" .")]
    return len(parts) > 1 and all(_is_place_word(p) for p in parts[1:])


_COMMON_WORDS = frozenset(
    """
        a an the and or of in on at to for with from by is are was be my our your i we you it
        this that just some words text page resume no not all any more less new old
        """.split()  # noqa: SIM905
)


def _looks_like_name(line: str) -> bool:
    s = _NAME_LABEL_RE.sub("", line).strip()
    if not s or len(s) > 50 or any(ch.isdigit() for ch in s) or "@" in s or "/" in s:
        return False
    words = s.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    # Letters, with hyphens and apostrophes inside a word: Ji-woo, O'Brien, N’Diaye.
    if not all(_NAME_WORD_RE.fullmatch(w) for w in words):
        return False
    folded = {w.casefold().strip(".") for w in words}
    if folded & lex.TITLE_WORDS or folded & {"resume", "curriculum", "vitae", "cv", "profile"}:
        return False
    if _heading_key(s)[0] or _is_place(s) or lex.COMPANY_SUFFIX_RE.search(s):
        return False
    if s.islower():
        # "jane doe" is a name, "just some words" is not
        return not folded & _COMMON_WORDS and len(words) <= 3
    return sum(1 for w in words if w[0].isupper()) >= len(words) - 1


# ---------------------------------------------------------------------------- dates


def _parse_date(s: str) -> tuple[int, int | None] | None:
    s = s.strip().casefold().replace("’", "'")
    m = _MONTH_DATE_RE.match(s)
    if m and m.group(1) in lex.MONTHS:
        year = int(m.group(2))
        if year < 100:
            year += 2000 if year <= date.today().year % 100 + 1 else 1900
        return year, lex.MONTHS[m.group(1)]
    m = _NUMERIC_DATE_RE.match(s)
    if m:
        month = int(m.group(1))
        return int(m.group(2)), month if 1 <= month <= 12 else None
    m = _ISO_DATE_RE.match(s)
    if m:
        month = int(m.group(2))
        return int(m.group(1)), month if 1 <= month <= 12 else None
    m = _YEAR_ONLY_RE.match(s)
    if m:
        return int(m.group(1)), None
    return None


def _iso(d: tuple[int, int | None] | None) -> str:
    if d is None:
        return ""
    return f"{d[0]:04d}-{d[1]:02d}" if d[1] else f"{d[0]:04d}"


def _has_date_range(line: str) -> bool:
    # every date has a digit: most lines are skipped without trying the long pattern
    return bool(_DIGIT_RE.search(line)) and bool(DATE_RANGE_RE.search(line))


def _has_link(line: str) -> bool:
    return ("/" in line or "www." in line or "WWW." in line) and bool(URL_RE.search(line))


def _has_email(line: str) -> bool:
    return "@" in line and bool(EMAIL_RE.search(line))


def _first_email(text: str) -> str:
    """The first e-mail address. No address starts more than 64 characters before the first
    "@", so the search starts there (EMAIL_RE tries its local part at every position)."""
    at = text.find("@")
    m = EMAIL_RE.search(text, max(0, at - 64)) if at != -1 else None
    return m.group() if m else ""


def parse_date_range(s: str) -> tuple[str, str] | None:
    """("2019-01", "") for "Jan 2019 - Present": ISO 8601 start and end, "" for an open end."""
    m = DATE_RANGE_RE.search(s)
    if not m:
        return None
    start = _parse_date(m.group("start"))
    end_raw = m.group("end")
    end = _parse_date(end_raw)
    if start is None or (end is None and not _PRESENT_RE.match(end_raw)):
        return None
    if end is not None and end[0] < start[0]:
        return None
    return _iso(start), _iso(end)


def _months(iso: str, *, end: bool) -> int | None:
    if not iso:
        today = date.today()
        return today.year * 12 + today.month - 1 if end else None
    year, _, month = iso.partition("-")
    return int(year) * 12 + (int(month) - 1 if month else (11 if end else 0))


def total_years(work: list[dict]) -> float:
    """Years of experience in these jobs, overlapping spans counted once."""
    spans = []
    for w in work:
        start = _months(w.get("startDate", ""), end=False)
        end = _months(w.get("endDate", ""), end=True)
        if start is not None and end is not None and end >= start:
            spans.append((start, end + 1))
    spans.sort()
    total, cur_s, cur_e = 0, None, None
    for s, e in spans:
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return round(total / 12, 1)


# ---------------------------------------------------------------------------- basics


_WRAPPED_RE = re.compile(r"\n([\w\-/]{2,100})(?=\s|$)")
_URL_SCHEME_RE = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)
_URL_QUERY_RE = re.compile(r"[?#]")
# URL_RE in two passes that each start with something the regex engine finds quickly: the
# scheme, then the ".com/" of a bare network link (URL_RE's "\b(?:[a-z]{2,3}\.)?" front is tried
# at every word of the text)
_FULL_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'()]{3,300}", re.IGNORECASE)
_TLD_SLASH_RE = re.compile(r"\.(?:com|net|org|COM|NET|ORG)/")
_NETWORK_NAMES = tuple(host.split(".")[0] for host in NETWORKS if "." in host and host != "x.com")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def _url_matches(text: str) -> list[re.Match]:
    """URL_RE's matches, in order, found faster (linear: each step looks at a bounded window)."""
    found = list(_FULL_URL_RE.finditer(text))
    starts = [m.start() for m in found]
    extra: list[re.Match] = []
    last_end = -1
    for hit in _TLD_SLASH_RE.finditer(text):
        h = hit.start()
        if h < last_end or not text[max(0, h - 13) : h].casefold().endswith(_NETWORK_NAMES):
            continue  # inside the last link, or not a network's host
        k = bisect.bisect_right(starts, h) - 1
        if k >= 0 and h < found[k].end():
            continue  # part of a link the first pass found
        start = h
        while start > 0 and h - start < 40 and text[start - 1] in _HOST_CHARS:
            start -= 1
        m = URL_RE.search(text, start, min(len(text), hit.end() + 201))
        if m and m.start() <= h < m.end():
            extra.append(m)
            last_end = m.end()
    return sorted(found + extra, key=lambda m: m.start()) if extra else found


def _profiles(text: str) -> tuple[list[dict], list[str]]:
    profiles: list[dict] = []
    others: list[str] = []
    seen: set[str] = set()
    for m in _url_matches(text):
        raw = m.group().rstrip(".,;:)]}>'\"")
        if raw.endswith(("-", "/")):
            # a link wrapped at the end of a line: "indeed.com/r/Jane-\nDoe/3f2a"
            wrapped = _WRAPPED_RE.match(text, m.end(), m.end() + 120)
            if wrapped:
                raw += wrapped.group(1)
        url = _URL_SCHEME_RE.sub("", raw)
        url = _URL_QUERY_RE.split(url, maxsplit=1)[0].rstrip("/")
        host, _, path = url.partition("/")
        host = host.casefold()
        network_host = next((h for h in NETWORKS if host == h or host.endswith("." + h)), None)
        if network_host:
            host = network_host
        url = f"https://{host}/{path}" if path else f"https://{host}"
        key = url.casefold()
        if key in seen or not host or "." not in host:
            continue
        seen.add(key)
        if network_host:
            segments = [p for p in path.split("/") if p]
            skip = {"in", "r", "pub", "u", "users", "profile", "company"}
            username = next((p for p in segments if p not in skip), "")
            profiles.append({"network": NETWORKS[network_host], "username": username, "url": url})
        else:
            others.append(url)
    # a link cut short elsewhere in the text is a prefix of the full one: keep the full one
    urls = [p["url"].casefold() for p in profiles]
    profiles = [
        p
        for p in profiles
        if not any(u != p["url"].casefold() and u.startswith(p["url"].casefold()) for u in urls)
    ]
    return profiles, others


def _guess_region(text: str, country: str) -> str | None:
    if country:
        return country
    m = _COUNTRY_HINT_RE.search(text[:5000])
    if m:
        hint = m.group().casefold().replace(".", "")
        return lex.COUNTRIES.get(hint) or lex.COUNTRIES.get(hint.strip())
    if UK_POSTCODE_RE.search(text[:5000]):
        return "GB"
    return None


# Country names that say which country a number without +code belongs to: whole words, and
# the short forms ("UK", "USA") only in capitals, so "uk" inside a word or "us" do not count.
_COUNTRY_HINT_RE = re.compile(
    r"\b(?i:india|united kingdom|england|scotland|wales|united states|canada|australia|"
    r"ireland|germany|singapore|new zealand|south africa)\b|\b(?:UK|U\.K\.|USA|U\.S\.A)(?![\w])"
)


def _phone(text: str, country: str) -> str:
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - the dependency is declared
        phonenumbers = None
    region: str | None = None
    guessed = False
    for m in PHONE_CANDIDATE_RE.finditer(text[:20000]):
        raw = m.group().strip()
        digits = _NON_DIGIT_RE.sub("", raw)
        if not 8 <= len(digits) <= 15 or DATE_RANGE_RE.fullmatch(raw) or YEAR_RE.fullmatch(raw):
            continue
        if _YEAR_PAIR_RE.fullmatch(raw):
            continue
        if phonenumbers is None:
            return raw
        number = raw if not raw.startswith("00") else "+" + raw[2:]
        if not number.startswith("+") and not guessed:
            # guessed only for a number written without its country code (the guess reads text)
            region, guessed = _guess_region(text, country), True
        try:
            parsed = phonenumbers.parse(number, None if number.startswith("+") else region)
        except phonenumbers.NumberParseException:
            if not number.startswith("+") and region is None and len(digits) >= 10:
                return raw
            continue
        if phonenumbers.is_valid_number(parsed) or (
            # a number of the right length for its country, written as a phone number is
            # (with its +code or trunk 0) near the top, though not in a range in use: the UK's
            # "07700 900123" (reserved for examples) is what test resumes carry
            m.start() < _PHONE_HEAD_CHARS
            and raw.lstrip("(")[:1] in "+0"
            and "/" not in raw  # "02/14 - 04/14" is two dates
            and _stands_alone(text, m.start(), m.end())  # not the digits of a link's hash
            and phonenumbers.is_possible_number_with_reason(parsed)
            == phonenumbers.ValidationResult.IS_POSSIBLE
        ):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return ""


_PHONE_HEAD_CHARS = 2000


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a token of its own, not part of a word, a link or a code?"""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "/-._=#") and not (after.isalnum() or after in "/_")


_LOCATION_LABEL_RE = re.compile(
    r"^(?:address|location|current location|city|residence|based in)\s*[:\-]\s*", re.IGNORECASE
)
_PLACE_BEFORE_CONTACT_RE = re.compile(
    r"^([^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,2})\s+-\s+e-?mail me on\b", re.IGNORECASE
)
_LOCATION_CUT_RE = re.compile(r"\s+[-–|]\s+|\s+-$|\s*\|\s*|\s+e-?mail\b", re.IGNORECASE)
# UK postcodes ("SW1A 1AA", "LS1 4AP", "M1 1AE"): distinctive enough to name the country
UK_POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b")
_REGION_ZIP_RE = re.compile(r"([A-Za-z][A-Za-z .]{1,30}?)\s+(\d{5}(?:-\d{4})?)")
_POSTAL_RE = re.compile(r"[\d\s\-]{4,10}")


def _location_from(line: str) -> dict | None:
    """{city, region, countryCode, postalCode} from a line that is a place ("Pune, Maharashtra",
    "London, UK", "12 Baker Street, London NW1 6XE", "Austin, TX 78701"), else None."""
    s = _LOCATION_CUT_RE.split(line, maxsplit=1)[0]
    s = _LOCATION_LABEL_RE.sub("", s)
    if len(s) > 100 or "@" in s:
        return None
    loc: dict = {}
    uk = UK_POSTCODE_RE.search(s)
    if uk:
        loc["postalCode"], loc["countryCode"] = uk.group(1), "GB"
        s = s[: uk.start()] + s[uk.end() :]
    parts = [p.strip(" .") for p in s.split(",") if p.strip(" .")]
    # a street before the city: "12 Baker Street, London"
    while len(parts) > 1 and any(ch.isdigit() for ch in parts[0]) and not _is_place(parts[0]):
        parts.pop(0)
    if not parts or len(parts) > 5 or any(len(p.split()) > 4 for p in parts):
        return None
    tail: list[str] = []
    for p in parts[1:]:
        zip_code = _REGION_ZIP_RE.fullmatch(p)
        if _POSTAL_RE.fullmatch(p):
            loc.setdefault("postalCode", p)
        elif zip_code:
            tail.append(zip_code.group(1))
            loc.setdefault("postalCode", zip_code.group(2))
        else:
            tail.append(p)
    city = parts[0]
    known = (
        _is_place(city)
        or any(p.casefold() in lex.REGION_COUNTRY or p.casefold() in lex.COUNTRIES for p in tail)
        or (uk is not None and city.istitle() and len(city.split()) <= 3)
    )
    if not known or any(ch.isdigit() for ch in city) or not city[0].isalpha():
        return None
    folded = city.casefold()
    if folded in lex.COUNTRIES and len(parts) == 1:
        country_only = {"countryCode": lex.COUNTRIES[folded]}
        # a city-state ("Singapore") is a city too
        return {"city": city, **country_only} if folded in lex.CITIES else country_only
    loc["city"] = city
    for p in tail:
        k = p.casefold()
        if k in lex.COUNTRIES:
            loc.setdefault("countryCode", lex.COUNTRIES[k])
        elif "region" not in loc:
            loc["region"] = p
            country = lex.REGION_COUNTRY.get(k) or lex.REGION_COUNTRY.get(p)
            if country or k in lex.UK_REGIONS and k not in lex.REGION_COUNTRY:
                loc.setdefault("countryCode", country or "GB")
    if "countryCode" not in loc and _uk_town(folded):
        loc["countryCode"] = "GB"  # "Leeds", "Harrogate": a town only the UK has
    return {k: loc[k] for k in ("city", "region", "countryCode", "postalCode") if k in loc}


_AS_A_RE = re.compile(r"^(.{2,60}?)\s+as\s+an?\s+(.+)$", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"^an?\s+", re.IGNORECASE)
_WITH_YEARS_RE = re.compile(
    r"^(.{2,60}?)\s+(?:with|having)\s+(?:over\s+|about\s+|around\s+)?\d[\d.]*\+?\s*"
    r"(?:years?|yrs?|months?)\b",
    re.IGNORECASE,
)
_TITLE_WITH_RE = re.compile(r"^(.{2,60}?)\s+(?:in|with)\s+(.+)$")


def _split_title_employer(s: str) -> tuple[str, str] | None:
    """ "DevOps Consultant with Contoso Limited", "FI/CO Consultant in Contoso Tech": a title, then
    an employer that says it is one ("Specialist in Data Analytics" is a title)."""
    m = _TITLE_WITH_RE.match(s)
    employer = next(iter(_split_parts(m.group(2))), "") if m else ""
    if (
        employer
        and _title_score(m.group(1))
        and _is_company(employer)
        and _could_be_employer(employer)
    ):
        return m.group(1).strip(), m.group(2).strip()
    return None


def _headline_in_order(line: str) -> str:
    """A headline written employer first or with its joining words, as "Title - Employer":
    "Contoso group as a Test Analyst", "DevOps Consultant with Contoso Limited"."""
    m = _WITH_YEARS_RE.match(line)
    if m and _title_score(m.group(1)):
        # "Software Engineer with 6 months of experience in Java, C,"; "A QA Professional with"
        return _ARTICLE_RE.sub("", m.group(1))
    m = _AS_A_RE.match(line)
    if m and _title_score(m.group(2)) and _could_be_employer(m.group(1)):
        rest = m.group(2)
        return rest if _LABEL_SPLIT_RE.search(rest) else f"{rest} - {m.group(1)}"
    split = _split_title_employer(line)
    return f"{split[0]} - {split[1]}" if split else line


_CONTACT_SEP_RE = re.compile(r"\s+[|·•●]\s+|\s*\|\s*|\s+[-–]\s+")


def _basics(header: list[str], contact: list[str], lines: list[str], text: str) -> tuple[dict, str]:
    basics: dict = {"name": "", "label": "", "email": "", "phone": "", "url": ""}
    header_company = ""
    top = [ln for ln in (header or lines)[:15] if ln]
    name_idx = None
    for i, line in enumerate(top[:8]):
        candidate = _NAME_CUT_RE.split(line, maxsplit=1)[0]
        if _looks_like_name(candidate):
            basics["name"] = _NAME_LABEL_RE.sub("", candidate)
            name_idx = i
            break
    for line in lines[:60]:
        m = _NAME_LINE_RE.match(line)
        if not basics["name"] and m and _looks_like_name(m.group(1)):
            basics["name"] = m.group(1).strip()
    start = 0 if name_idx is None else name_idx + 1
    for k, line in enumerate(top[start : start + 3], start):
        if "@" in line or _has_link(line) or _location_from(line) or _is_bulletish(line):
            continue
        if line[0].islower() and k and len(top[k - 1].split()) > 6 and top[k - 1][-1] not in ".!?":
            continue  # the end of a sentence wrapped from the line above, not a headline
        line = _headline_in_order(line)
        parts = [p.strip() for p in _split_outside_brackets(_LABEL_SPLIT_RE, line) if p.strip()]
        if parts and "," in parts[0] and not any(map(_title_score, parts[0].split(",")[1:])):
            # "Systems Engineer, Infosys Bangalore": the title ends at the comma; what follows
            # is the employer only if it says so ("Head of Sales, EMEA" is not one)
            title, after = (x.strip() for x in parts[0].split(",", 1))
            after = after.split(",")[0].strip()
            parts = [title, after] if _is_company(after) else [title]
        if parts and _title_score(parts[0]) and len(line) <= 90:
            basics["label"] = _clean(parts[0])
            employer = _clean(parts[1].split(",")[0]) if len(parts) > 1 else ""
            # "Registered Nurse – ICU": the ward, not the employer
            if (
                employer
                and not _is_place(employer)
                and _employer_beside(basics["label"], employer)
                and (_is_company(employer) or _could_be_employer(employer))
            ):
                header_company = _employer_and_place(employer)[0]
            break
    location: dict = {}
    # the header, then a "Contact" section (a sidebar's details often sit under one)
    for line in [*top[:10], *(ln for ln in contact[:12] if ln)]:
        loc = _location_from(line)
        if not loc and _CONTACT_SEP_RE.search(line):
            # "07700 900123 · jo@example.com · Reading, Berkshire": the place is one piece
            pieces = _CONTACT_SEP_RE.split(line)[1:6]
            loc = next((x for x in map(_location_from, pieces) if x), None)
        if loc:
            location = loc
            break
    if not location:
        # a job board's export writes where the candidate lives before its contact line, as
        # they typed it ("Orrisha - Email me on Indeed: ..."): a place the gazetteer may not know
        typed = next((m for m in map(_PLACE_BEFORE_CONTACT_RE.match, top[:10]) if m), None)
        if typed and not _title_score(typed.group(1)) and typed.group(1) != basics["name"]:
            location = {"city": typed.group(1)}
    if not location:
        for line in lines[:80]:
            if _ADDRESS_LINE_RE.match(line):
                location = _location_from(line) or {"address": _clean(line.split(":", 1)[-1])}
                break
    basics["location"] = location
    email = _first_email(text)
    if email:
        basics["email"] = email.strip(".")
    basics["phone"] = _phone(text, location.get("countryCode", ""))
    profiles, others = _profiles(text)
    basics["profiles"] = profiles
    header_text = "\n".join(top)
    personal = [u for u in others if u.split("/")[2].casefold() in header_text.casefold()]
    basics["url"] = personal[0] if personal else ""
    return basics, header_company


# ---------------------------------------------------------------------------- work


# A project's or a duty list's label ("Responsibilities", "Project: Billing", "Technologies
# used:"), not a title: "Project Manager" and "Technology Analyst" are titles. A numbered one
# ("03 Project Name: CRM Sales") is the same label.
_NOT_CONTEXT_RE = re.compile(
    r"^(?:\d{1,2}[.)]?\s+)?"
    r"(?:responsibilit|description|client|environment|duration|period\b|tenure\b|team size|"
    r"roles?\b|"
    r"(?:projects?|technolog\w*|tools?)(?:\s+(?:name|title|details?|description|summary|used|"
    r"undertaken|\d+))?\s*(?:[:#\-–]|\d|$))",
    re.IGNORECASE,
)


# the label of a row of dates, at the end of the text before them
_DATES_LABEL_RE = re.compile(
    r"(?:^|[\s,;|•*-])(?:period|duration|tenure|dates?)\s*:?$", re.IGNORECASE
)


def _is_detail_line(line: str) -> bool:
    """A project's detail between a job's title and its dates: ": WinScp, Putty" (the value of a
    label on the line above), "Client: TNT Express"; passed over, not read."""
    if line[0] in ":;":
        return True
    kv = _KEY_VALUE_RE.match(line)
    return bool(kv) and kv.group(1).casefold().strip() in _PROJECT_LABELS


def _is_lone_link(line: str) -> bool:
    return " " not in line and _has_link(line)


def _wraps_on(line: str) -> bool:
    """Does this long line of prose go on on the next line ("... Desktop Support, Data Center
    Operations and")? It ends in a joining word or a comma; a line of prose ending in a noun
    may be a job's last duty, with the next job's title under it."""
    if len(line) <= 60 or line[-1] in ".:;!?)":
        return False
    last = line.rsplit(None, 1)[-1].casefold()
    return last[-1] in ",&" or last in lex.CONNECTIVES


def _closes_a_note(line: str) -> bool:
    """A short line closing a bracket it did not open: the end of a note wrapped over lines."""
    return len(line) <= 40 and line.count(")") > line.count("(")


def _is_context_line(line: str) -> bool:
    """A short line that may carry a title, an employer or a place (not a sentence)."""
    if not line or len(line) > 110 or _is_bulletish(line) or line[0] in ":;,":
        return False  # ": WinScp, Putty" is the value of a label on the line above
    words = line.split()
    if len(words) > 12 or (line.endswith(".") and len(words) > 4):
        return False
    if _has_email(line) or _has_link(line):
        return False
    if line.count(")") > line.count("("):
        return False  # "Switching Router)": the end of a bracket wrapped from the line above
    return not _NOT_CONTEXT_RE.match(line)


_BRACKETED_RE = re.compile(r"\([^()\n]{0,80}\)")
_HIDDEN_RE = re.compile(r"\x00(\d+)\x00")


def _split_parts(line: str) -> list[str]:
    # separators inside brackets do not split: "Registered Nurse (ICU, HDU), Northgate NHS"
    groups: list[str] = []
    if "(" in line:

        def hide(m: re.Match) -> str:
            groups.append(m.group())
            return f"\x00{len(groups) - 1}\x00"

        line = _BRACKETED_RE.sub(hide, line)
    parts = [_clean(p) for p in _SPLIT_PARTS_RE.split(line)]
    if groups:
        parts = [_HIDDEN_RE.sub(lambda m: groups[int(m.group(1))], p) for p in parts]
    return [p for p in parts if p and not YEAR_RE.fullmatch(p)]


_DURATION_RE = re.compile(r"\d\s*\+?\s*(?:years?|yrs?|months?)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def _canonical(name: str) -> str | None:
    """taxonomy.canonical, remembered: skill items and employer names repeat across resumes."""
    return taxonomy.canonical(name)


def _skill_category(name: str) -> str | None:
    canon = _canonical(name)
    return taxonomy.load().skills[canon.casefold()].category if canon else None


_VENDOR_CATEGORIES = frozenset(
    {"infrastructure", "enterprise software", "cloud", "platform", "operating system"}
)


def _could_be_employer(part: str) -> bool:
    """Not a piece of a sentence ("and timely manner", "worked in ..."), nor a skill
    ("Marketing", "Data mining", "HP ALM"): an employer's name without a company suffix is
    capitalised and is not a skill's name."""
    first = part.split(None, 1)[0] if part.strip() else ""
    if not first or not first[0].isupper() and not first[0].isdigit():
        return False
    if first.casefold() in lex.SENTENCE_STARTS or _DURATION_RE.search(part) or _title_score(part):
        return False  # "Total experience 3 years"; a job title
    if first[0].isdigit() and _parse_date(part.strip()):
        return False  # "02/1999", "2019-04": a date left on a line of its own
    if part.casefold().strip(" .") in lex.DEPARTMENTS:
        return False  # "ICU", "Cardiology", "Finance": a ward or a department
    # a vendor's name ("Cisco", "SAP") is an employer as often as a skill; an activity is not
    category = _skill_category(part)
    return category is None or category in _VENDOR_CATEGORIES


def _is_employer_part(part: str, index: int, count: int, title: str, title_in_line: bool) -> bool:
    """Is this piece of a job line the employer? Suffixes say so, or its place next to a title."""
    if _is_company(part):
        return True
    if not _could_be_employer(part) or len(part.split()) > 6:
        return False
    if title_in_line:
        return index > 0  # "Engineer, Initech"
    if title:
        return index == 0  # the title on a line of its own, then "Initech – Cork"
    return index == 0 and count > 1  # "Initech - Engineer"


_TRAILING_DASH_RE = re.compile(r"\s[-–]\s*$")
_DASH_SPLIT_RE = re.compile(r"\s+[-–|]\s+|\s+[-–]\s*$")


_EMPLOYER_LABELS = frozenset(
    {"company", "organisation", "organization", "employer", "company name"}
)
_PROJECT_LABELS = frozenset(
    {"client", "client name", "customer", "project", "project name", "project title", "domain",
     "project domain", "environment", "technologies", "technology", "tools", "tools used",
     "duration", "team size", "platform", "software", "utilities"}
)  # fmt: skip
# such a label after the job on the same line ("Test Engineer (Contoso Ltd.) Project Domain:
# Banking"): what follows it is the project's, not the title's or the employer's
_TRAILING_PROJECT_LABEL_RE = re.compile(
    r"\s+(?:" + "|".join(sorted(_PROJECT_LABELS, key=len, reverse=True)) + r")\s*:\s.*$",
    re.IGNORECASE,
)
_TITLE_AND_EMPLOYER_RE = re.compile(r"^(.+?)\s*\(([^()]{2,60})\)$")


# a company's legal form: the piece of "Client, Employer" that signed the contract
_LEGAL_FORM_RE = re.compile(
    r"\b(?:ltd|limited|inc|incorporated|corp|corporation|llc|llp|plc|pvt|private|gmbh)\b\.?",
    re.IGNORECASE,
)
_CLIENT_SPLIT_RE = re.compile(r",\s+|\s*[-–]\s+")


def _employer_not_client(name: str) -> str:
    """ "Northwind Bank - Contoso BPO Ltd", "Fabrikam, Contoso BPO Ltd": a contractor's people
    name the client they were placed with before their employer; only the last piece has a
    legal form.
    Written the other way ("Contoso Ltd, Barclays") or with no legal form, the name is kept;
    "Contoso Technologies - Client - Initech Systems, Inc" says which is which."""
    pieces: list[str] = []
    for piece in _CLIENT_SPLIT_RE.split(name):
        if pieces and _LEGAL_FORM_RE.fullmatch(piece.strip()):
            pieces[-1] += ", " + piece.strip()  # "Cadence Design Systems, Inc" is one name
        elif piece.strip():
            pieces.append(piece.strip())
    keys = [p.casefold() for p in pieces]
    if "client" in keys[1:]:
        return _clean(" - ".join(pieces[: keys.index("client")]))
    if (
        len(pieces) > 1
        and _LEGAL_FORM_RE.search(pieces[-1])
        and not any(_LEGAL_FORM_RE.search(p) for p in pieces[:-1])
    ):
        return _clean(pieces[-1])
    return name


def _assign(context: list[str]) -> tuple[str, str, str]:
    """(position, company, location) from the lines around one date range, nearest first."""
    title = company = location = ""
    for line in context:
        kv = _KEY_VALUE_RE.match(line)
        if kv:
            key = kv.group(1).casefold().strip()
            value = _clean(kv.group(2))
            if key in _EMPLOYER_LABELS:
                # "Company: Microsoft Corporation - Global Support Center (IGTSC)": the
                # employer is the name with its legal form, what follows it a part of it
                pieces = _DASH_SPLIT_RE.split(value, maxsplit=1)
                if len(pieces) == 2 and _LEGAL_FORM_RE.search(pieces[0]):
                    value = _clean(pieces[0])
                company = company or value
                continue
            # ("Title: Fusion HCM Implementation" is a project's, in resumes: not a job title)
            if key in {"role", "designation", "position", "job title"}:
                title = title or value
                continue
            if key in {"location", "place", "city"}:
                location = location or value.split(",")[0]
                continue
            if key in _PROJECT_LABELS or key == "title":
                continue  # a project's client, domain or tools: not the employer nor the title
        trailing_dash = bool(_TRAILING_DASH_RE.search(line))
        if ":" in line:
            line = _TRAILING_PROJECT_LABEL_RE.sub("", line)
        parts = _split_parts(line)
        if not parts:
            continue
        if trailing_dash and not company and not _title_score(parts[0]):
            # "Employer - City, Region -", the job-board layout: the place is the piece after a
            # dash that names a place, the employer everything before it as written ("Client,
            # Employer - City, Region -"); commas inside the employer's part do not split it
            segments = [_clean(g) for g in _DASH_SPLIT_RE.split(line) if _clean(g)]
            at = next((k for k, g in enumerate(segments) if _is_place(g)), len(segments))
            if at < len(segments) and not location:
                location = segments[at]
            employer = _employer_not_client(" - ".join(segments[:at])) if at else ""
            if (
                employer
                and not _is_place(employer)
                and (_is_company(employer) or _could_be_employer(employer))
            ):
                company = employer
            continue
        title_in_line = False
        for k, part in enumerate(parts):
            if _is_place(part) or (k > 0 and _is_place(part.split(",")[0])):
                location = location or part
            elif (
                not title
                and (score := _title_score(part))
                and (score == 2 or not _is_company(part))
            ):
                title, title_in_line = part, True
                bracketed = _TITLE_AND_EMPLOYER_RE.match(part)
                if (
                    bracketed
                    and not company
                    and _LEGAL_FORM_RE.search(bracketed.group(2))
                    and _title_score(bracketed.group(1))
                ):
                    # "Test Engineer (Contoso Ltd.)": the employer in brackets, with its legal
                    # form ("Registered Nurse (ICU)" is a title)
                    title, company = _clean(bracketed.group(1)), _clean(bracketed.group(2))
            elif not company and _is_employer_part(part, k, len(parts), title, title_in_line):
                company = part
    if not company:
        # an unlabelled short line next to a title is the employer
        for line in context:
            parts = _split_parts(line)
            if (
                parts
                and parts[0] != title
                and not _is_place(parts[0])
                and not _title_score(parts[0])
                and len(parts[0].split()) <= 6
                and (_is_company(parts[0]) or _could_be_employer(parts[0]))
                and not INSTITUTION_MATCH(parts[0])
            ):
                company = parts[0]
                break
    if company and title and not _employer_beside(title, company):
        company = ""  # "ICU" of "Registered Nurse (ICU)" is the ward, not the employer
    if title and not company and (split := _split_title_employer(title)):
        title, company = split  # "Jr. Developer in True Vision Technology"
    if location and "," in location:
        location = location.split(",")[0].strip()
    return title, company, location


_PLACE_IN_BRACKETS_RE = re.compile(r"^(.+?)\s*\(([^()]{2,40})\)$")
_NAME_GOES_ON = frozenset({"of", "in", "for", "and", "&", "de", "the"})


def _employer_and_place(name: str) -> tuple[str, str]:
    """The city written after an employer is the job's place: "Contoso Systems (Pune)",
    "Contoso Bangalore". Countries stay ("Contoso India" is a company's name), and so does a
    city the name goes on to ("Bank of Baroda")."""
    m = _PLACE_IN_BRACKETS_RE.match(name)
    if m and _is_place(m.group(2)):
        return m.group(1).strip(), m.group(2).split(",")[0].strip()
    words = name.split()
    for n in (2, 1):
        if len(words) > n and words[-n - 1].casefold() not in _NAME_GOES_ON:
            tail = " ".join(words[-n:])
            if tail.casefold() in lex.CITIES and tail.casefold() not in lex.COUNTRIES:
                return " ".join(words[:-n]).rstrip(" ,-"), tail
    return name, ""


def _work(lines: list[str], *, undated: bool = False) -> list[dict]:
    """The jobs of a work section (`undated`: a job board's jobs without dates too)."""
    anchors: list[tuple[int, tuple[str, str], str]] = []
    for i, line in enumerate(lines):
        m = DATE_RANGE_RE.search(line) if _DIGIT_RE.search(line) else None
        if m:
            rng = parse_date_range(line)
            if rng:
                rest = (line[: m.start()] + " " + line[m.end() :]).strip()
                anchors.append((i, rng, rest))
    jobs: list[dict] = []
    at_line: list[int] = []  # where each job is written, to put undated ones in their place
    used_lines: set[str] = set()
    by_dates: dict[tuple[str, str], list[dict]] = {}  # a job is compared with its dates' only
    prev_end = -1
    for n, (i, (start, end), rest) in enumerate(anchors):
        rest = _DAY_BEFORE_RE.sub("", _REST_TRIM_RE.sub("", rest)).strip()
        label = _DATES_LABEL_RE.search(rest)
        if label:
            # "Period: July '17 - Till Date", "Title: WMI, Period: Oct '10 - Dec '11": the
            # dates of a job or a project written as a labelled row; the label is not an
            # employer, and a project's labelled title beside it is not the job's
            rest = rest[: label.start()].strip(" ,;|")
            rest = "" if ":" in rest else rest
        context: list[str] = []
        if rest and _is_context_line(rest):
            context.append(rest)
        j, taken = i - 1, 0
        while j > prev_end and taken < 3:
            line = lines[j]
            # a page's footer link between the employer and the dates is passed over
            if line and not _is_detail_line(line) and not _is_lone_link(line):
                if not _is_context_line(line) or _has_date_range(line):
                    break
                if j > 0 and _wraps_on(lines[j - 1]):
                    break  # the end of a sentence wrapped from the line above, not a job line
                context.append(line)
                taken += 1
            j -= 1
        next_anchor = anchors[n + 1][0] if n + 1 < len(anchors) else len(lines)
        after = [ln for ln in lines[i + 1 : min(next_anchor, i + 5)] if ln]
        if not context or not any(_title_score(c) or _is_company(c) for c in context):
            # not a sentence under the dates ("Tested the CRM.")
            context.extend(
                ln
                for k, ln in enumerate(after[:2])
                if _is_context_line(ln)
                and (not ln.endswith(".") or _is_company(ln))
                # inside a bracket the next line closes ("Cisco 12000 Gigabit" / "Switching
                # Router)"): a note wrapped over lines, not the job's title or employer
                and not (k + 1 < len(after) and _closes_a_note(after[k + 1]))
            )
        title, company, _place = _assign(context)
        company = _employer_and_place(company)[0]
        if title and not company and after and _is_context_line(after[0]):
            # "Title / dates / Employer Ltd": the employer under the dates, if it says so
            first = _split_parts(after[0])
            if (
                first
                and _is_company(first[0])
                and not _title_score(first[0])
                and not _has_date_range(after[0])
            ):
                company = first[0]
                context.append(after[0])
        body_end = next_anchor
        if n + 1 < len(anchors):
            # the lines just before the next date range belong to the next job
            k, back = next_anchor - 1, 0
            while k > i and back < 3 and (not lines[k] or _is_context_line(lines[k])):
                back += 1 if lines[k] else 0
                k -= 1
            body_end = k + 1
        used = set(context)
        used_lines.update(context)
        body = [
            ln
            for ln in lines[i + 1 : body_end]
            if ln and ln not in used and not ln.startswith("http")
        ]
        prev_end = i
        if not (title or company):
            continue
        job = {"name": company, "position": title, "startDate": start}
        if end:
            job["endDate"] = end
        # the job's place ("Contoso Systems - Pune") is split off the employer but not reported:
        # the candidate's location is where they live (basics), and a profile keeps no job place
        summary = _duties_text(body)[:1500].strip()
        if summary:
            job["summary"] = summary
        same_dates = by_dates.setdefault((start, end), [])
        # no resume has fifty jobs over the same months: hostile text stays linear
        if not _same_job_again(same_dates[:50], job):
            jobs.append(job)
            at_line.append(i)
            same_dates.append(job)
    undated_jobs = _undated_jobs(lines, used_lines) if undated else []
    if undated_jobs:
        # a dated job's details written under it ("Position: ..." / "Company: ...") are that
        # job again, not one more: an undated job never repeats a dated job's title
        titles = {job["position"].casefold() for job in jobs}
        undated_jobs = [u for u in undated_jobs if u[1]["position"].casefold() not in titles]
    if undated_jobs:
        where = at_line + [k for k, _job in undated_jobs]
        everything = jobs + [job for _k, job in undated_jobs]
        jobs = [everything[k] for k in sorted(range(len(everything)), key=where.__getitem__)]
    return jobs


def _undated_jobs(lines: list[str], used: set[str]) -> list[tuple[int, dict]]:
    """Jobs a job board lists without dates: a title line, then "Employer - City, Region" or
    "Employer -" ("Software Development Engineer" / "Amazon -  Bangalore, Karnataka"), with no
    date range on the next lines (those are the dated jobs' own lines)."""
    out: list[tuple[int, dict]] = []
    for k, line in enumerate(lines):
        # the cheap tests first: most lines are duties, and the line above a duty is no title
        if not line or len(line) > 120:
            continue
        if not ("-" in line or "–" in line or "|" in line):
            if _bare_employer_under_title(lines, k, used):
                out.append((k, {"name": _clean(line), "position": _clean(lines[k - 2])}))
            continue
        above = k - 1 if k and lines[k - 1] else k - 2
        title_line = lines[above] if above >= 0 else ""
        if (
            not title_line
            or len(title_line) > 60
            or title_line in used
            or line in used
            or not _DASH_SPLIT_RE.search(line)
            or _labelled_not_employer(line)  # "Title: UBS - Fusion HCM", a project's row
            or not _title_score(title_line)
            or not _is_context_line(title_line)
            or _has_date_range(line)
            or _has_date_range(title_line)
            or any(map(_has_date_range, [ln for ln in lines[k + 1 : k + 6] if ln][:2]))
        ):
            continue
        title, company, _place = _assign([line, title_line])
        if title and company:
            out.append((k, {"name": _employer_and_place(company)[0], "position": title}))
    return out


def _labelled_not_employer(line: str) -> bool:
    """ "Title: UBS - Fusion HCM", "Client: Contoso - Pune": a labelled row, and not the
    employer's ("Company: Contoso Ltd - Pune")."""
    label = _COLON_LABEL_RE.match(line)
    return bool(label) and label.group(1).casefold().strip() not in _EMPLOYER_LABELS


_COLON_LABEL_RE = re.compile(r"^[^\w]{0,3}([A-Za-z][A-Za-z /]{1,30}?)\s*:")


def _bare_employer_under_title(lines: list[str], k: int, used: set[str]) -> bool:
    """ "Software Development Engineer" / "" / "Amazon" / "": a job board's job with neither
    dates nor place, each line set apart by blank lines; the employer is a name, not a title,
    a place, a skill or a sentence."""
    line = lines[k]
    if k < 2 or lines[k - 1] or (k + 1 < len(lines) and lines[k + 1]):
        return False
    title_line = lines[k - 2]
    if (
        not title_line
        or title_line in used
        or line in used
        or len(line.split()) > 4
        or len(title_line) > 60
        or ":" in line + title_line  # labelled rows: "Position: ..." / "Company: ..."
        or line.endswith(".")
        or not _title_score(title_line)
        or _title_score(line)
        or not _is_context_line(title_line)
        or _is_place(line)
        or line.casefold().strip(" :-") in lex.JOB_BLOCK_LABELS
        or not _is_context_line(line)
        or not (_is_company(line) or _could_be_employer(line))
    ):
        return False
    return not any(map(_has_date_range, [ln for ln in lines[k - 3 : k + 6] if ln][:4]))


def _same_job_again(jobs: list[dict], job: dict) -> bool:
    """Is this job one of `jobs` (read before, with the same dates) written again? A project
    summary's "Contoso Limited Senior Systems Engineer 01st Oct 2015 - till date" under
    "Developer / Contoso Limited / October 2015 to Present". The first reading keeps what the
    second adds."""
    text = f"{job['name']} {job['position']}".casefold()
    position = job["position"].casefold()
    employer = job["name"].casefold()
    for seen in jobs:
        known = seen["position"].casefold()
        if seen["startDate"] != job["startDate"] or seen.get("endDate") != job.get("endDate"):
            continue
        # "Test Engineer (Infosys Ltd" / "ThoughtWorks -" / dates, then "Jun 2014 - Mar 2016
        # Test Engineer (Infosys Ltd.)": the first reading's title holds this one's title and
        # employer
        in_the_title = position and employer and position in known and employer in known
        if in_the_title or (
            seen["name"]
            and seen["name"].casefold() in text
            # two roles held over the same months stay two roles; a title with the employer
            # glued in and no employer of its own is the same role
            and (
                not known
                or not position
                or not job["name"]
                or seen["name"].casefold() in position
                or known in position
                or position in known
            )
        ):
            if not seen["position"] and job["position"] and job["name"] == seen["name"]:
                seen["position"] = job["position"]
            if "summary" in job and "summary" not in seen:
                seen["summary"] = job["summary"]
            return True
    return False


_NAME_WORDS_RE = re.compile(r"[^\W_]+")


def _employer_key(name: str) -> tuple[str, ...]:
    """An employer's words without its legal form: "Infosys Ltd." and "INFOSYS" -> ("infosys",)."""
    return tuple(_NAME_WORDS_RE.findall(_LEGAL_FORM_RE.sub(" ", name).casefold()))[:8]


_NOT_EMPLOYER_LABELS = _PROJECT_LABELS | {"industry"}
_LABEL_PARTS_RE = re.compile(r"\s*[/&]\s*|\s+and\s+")
_TRAINED_AT_RE = re.compile(r"^(?:training|internship|trainee)\s+(?:in|at|with)\s+(?=\S)", re.I)
_DATES_PHRASE_RE = re.compile(
    rf"\b(?:from|since|till|until)\s+(?:{_MONTH}\b|(?:19|20)\d\d\b)", re.I
)


def _employer_as_named(name: str) -> str:
    """The employer in a job's employer field, or "" when the field holds something else: a
    project's labelled row ("Technology/Tools: SharePoint", "Industry: Finacle"), dates
    ("Hyderabad from 2016"), an industry ("Life Sciences Domain"), or words run together by a
    PDF ("ASSISTANTBUSINESSDEVELOPMENTMANAGER", no name is one word of 25 letters).
    "Training in Infosys Limited" is Infosys Limited."""
    label = _COLON_LABEL_RE.match(name)
    labels = _LABEL_PARTS_RE.split(label.group(1).casefold().strip()) if label else []
    if labels and all(part in _NOT_EMPLOYER_LABELS for part in labels):
        return ""
    words = name.split()
    if (
        _DATES_PHRASE_RE.search(name)
        or (words and words[-1].casefold() == "domain")
        or any(len(w) >= 25 and w.isalpha() for w in words)
    ):
        return ""
    return _TRAINED_AT_RE.sub("", name)


def _one_spelling(work: list[dict]) -> None:
    """An employer written two ways in one resume is named one way, the fullest: "Infosys" and
    "Infosys Limited", "HCL" and "HCL Technologies"; of two legal forms ("Infosys Ltd",
    "Infosys Limited"), the one written first (the latest job's). A short name that begins two
    different longer ones ("Tata": "Tata Motors", "Tata Consultancy Services") is left as
    written."""
    if len(work) < 2:
        return
    keys = [_employer_key(job.get("name") or "") for job in work]
    fullest: dict[tuple[str, ...], str] = {}
    for job, key in zip(work, keys, strict=True):
        name, known = job["name"], fullest.get(key)
        if key and (
            known is None
            # a name with its legal form is kept; one without gives way to the fullest
            or not _LEGAL_FORM_RE.search(known)
            and (_LEGAL_FORM_RE.search(name) or len(name) > len(known))
        ):
            fullest[key] = name
    # the names each shorter name begins (bounded: at most 8 words a key)
    longer: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for key in fullest:
        for n in range(1, len(key)):
            longer.setdefault(key[:n], set()).add(key)
    # each name's target once: every longer name is counted under at most 7 prefixes
    target: dict[tuple[str, ...], str] = {}
    for key in fullest:
        ends = longer.get(key, set()) if len("".join(key)) >= 3 else set()
        longest = max(ends, key=len, default=key)
        target[key] = fullest[longest if all(longest[: len(k)] == k for k in ends) else key]
    for job, key in zip(work, keys, strict=True):
        if key:
            job["name"] = target[key]


def _without_undated_repeats(work: list[dict]) -> list[dict]:
    """A job without dates that an earlier entry already holds, once its employer is named one
    way ("Technical support engineer" / "Microsoft", then "Position: TECHNICAL SUPPORT ENGINEER"
    / "Company: Microsoft Corporation"): written twice, one job."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for job in work:
        key = ((job.get("position") or "").casefold(), job.get("name") or "")
        if key in seen and "startDate" not in job:
            continue
        seen.add(key)
        kept.append(job)
    return kept


# ---------------------------------------------------------------------------- education


def _has_degree(s: str) -> bool:
    return bool(DEGREE_MATCH(s))


# DEGREE_RE without IGNORECASE, for lower-cased text: three times faster over a whole resume
# (its letters are all lower case; a test checks)
_DEGREE_LOWER_RE = re.compile(lex.DEGREE_RE.pattern)


def _degree_matches(text: str) -> Iterable[re.Match]:
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets kept (a few letters grow when lower-cased)
        yield from _DEGREE_LOWER_RE.finditer(lowered)
    else:
        yield from lex.DEGREE_RE.finditer(text)
    yield from lex.DEGREE_ABBR_RE.finditer(text)


def DEGREE_MATCH(s: str) -> re.Match | None:  # noqa: N802 - reads like the regexes beside it
    return lex.DEGREE_RE.search(s) or lex.DEGREE_ABBR_RE.search(s)


_DEGREE_IN_RE = re.compile(r"^(.*?)\s+in\s+(.+)$", re.IGNORECASE)
_DEGREE_BRACKET_RE = re.compile(r"^(.*?)\s*[(\[]\s*([^)\]]+)[)\]]$")
_DEGREE_SEP_RE = re.compile(r"^(.*?)\s*[,:\-–]\s+(.+)$")


def _split_degree(s: str) -> tuple[str, str]:
    s = _clean(s)
    m = _DEGREE_IN_RE.match(s)
    if m and DEGREE_MATCH(m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    m = _DEGREE_BRACKET_RE.match(s)
    if m and DEGREE_MATCH(m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    m = _DEGREE_SEP_RE.match(s)
    if m and DEGREE_MATCH(m.group(1)) and not INSTITUTION_MATCH(m.group(2)):
        return m.group(1).strip(), m.group(2).strip()
    return s, ""


def INSTITUTION_MATCH(s: str) -> re.Match | None:  # noqa: N802
    return lex.INSTITUTION_RE.search(s)


_INSTITUTION_END_RE = re.compile(
    r"\w\s+(?:school|college|university|institute|academy|vidyalaya|vidyalayam)\.?$", re.I
)
# an activity or a prize that names a school ("Did compering in college events", "(WAC) in inter
# Air Force School football championship"), not the school
_NOT_AN_INSTITUTION_RE = re.compile(
    r"\(|(?:did|won|participated|attended|organi[sz]ed|secured|stood|got|took|played|"
    r"represented|worked|was|were|have|has|had)\b",
    re.IGNORECASE,
)
_NOT_SCHOOL_RE = re.compile(r"diploma|certificat|degree|\bged\b", re.IGNORECASE)
_SCHOOL_LEVEL_RE = re.compile(r"\b(?:secondary|high school|intermediate)\b", re.IGNORECASE)
_COLUMN_WORDS = frozenset({"university", "board", "institute", "college", "school", "institution"})


def _is_column_label(s: str) -> bool:
    """A table's column heading ("University / Board"), not an institution."""
    words = _LOWER_WORD_RE.findall(s.casefold())
    return bool(words) and all(w in _COLUMN_WORDS for w in words)


_WRAP_END_RE = re.compile(r"(?:\s(?:and|of|in|for|&)|,)$", re.IGNORECASE)


def _glue_wrapped(lines: list[str]) -> list[str]:
    """A degree wrapped over two lines ("Post Graduate Diploma in Marketing and" / "Human
    Resource") is one line: the second part is no institution."""
    out: list[str] = []
    for line in lines:
        if out and line and out[-1] and _WRAP_END_RE.search(out[-1]) and len(out[-1]) < 160:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return out


def _education(lines: list[str], strict: bool) -> list[dict]:
    entries: list[dict] = []
    cur: dict = {}
    last_kind = ""

    def flush() -> None:
        nonlocal cur
        if cur.get("institution") or cur.get("studyType"):
            entries.append(cur)
        cur = {}

    for raw in _glue_wrapped(lines):
        line = _clean(raw)
        if not line or len(line) > 160 or _has_link(line) or _has_email(line):
            continue
        years = YEAR_RE.findall(line)
        text_wo_years = _clean(DATE_RANGE_RE.sub(" ", YEAR_RE.sub(" ", line)))
        parts = []
        for part in _EDU_SPLIT_RE.split(text_wo_years):
            head, sep, tail = part.partition(" at ")
            # "BSc at Leeds University", but "University of Texas at Austin" stays whole
            if sep and DEGREE_MATCH(head) and not INSTITUTION_MATCH(head):
                parts.extend((_clean(head), _clean(tail)))
            else:
                parts.append(_clean(part))
        parts = [p for p in parts if p and not _NO_LETTERS_RE.fullmatch(p)]
        degree = next((p for p in parts if DEGREE_MATCH(p) and len(p.split()) <= 14), "")
        inst = next(
            (
                p
                for p in parts
                if INSTITUTION_MATCH(p)
                and p != degree
                and not _is_column_label(p)
                and not _NOT_AN_INSTITUTION_RE.match(p)
            ),
            "",
        )
        if degree and not inst and _INSTITUTION_END_RE.search(degree):
            # "Indira Gandhi High School", "Degree College": named after the level they teach
            inst, degree = degree, ""
        elif (
            degree
            and not inst
            and INSTITUTION_MATCH(degree)
            and len(parts) == 1
            and not _NOT_SCHOOL_RE.search(degree)
        ):
            inst, degree = degree, ""
            if _SCHOOL_LEVEL_RE.search(inst):
                degree = ""
        kind = ""
        if degree:
            if cur.get("studyType") or (cur.get("endDate") and cur.get("institution")):
                flush()
            cur["studyType"], area = _split_degree(degree)
            if area:
                cur["area"] = area
            kind = "degree"
        if inst:
            if cur.get("institution"):
                flush()
            cur["institution"] = inst
            kind = "institution"
        elif (
            strict
            and not degree
            and last_kind == "degree"
            and cur.get("studyType")
            and not cur.get("institution")
            and parts
            # a name of two words or more, or an acronym ("CDAC"); "BUSINESS" ending the
            # degree's line above is not one
            and (2 <= len(parts[0].split()) <= 8 or (parts[0].isupper() and len(parts[0]) <= 6))
            and not _is_place(parts[0])
        ):
            cur["institution"] = parts[0]
            kind = "institution"
        if years and (cur.get("studyType") or cur.get("institution")):
            if cur.get("endDate") and not (degree or inst):
                pass
            else:
                cur["endDate"] = max(years)
                if len(years) > 1:
                    cur["startDate"] = min(years)
                kind = kind or "year"
        if kind:
            last_kind = kind
        elif line:
            last_kind = "other"
    flush()
    return entries


# ---------------------------------------------------------------------------- skills and more


def _duties_text(body: list[str]) -> str:
    """A job's lines as its summary: a duty per line, the lines a duty wrapped onto joined
    again. A duty starts at a bullet, after a line ending a sentence, or at a capital after a
    short line ("Beat the quota by 26%" / "Grew the key accounts")."""
    out: list[str] = []
    for line in body:
        text = _BULLET_RE.sub("", line).strip()
        if not text:
            continue
        previous = out[-1] if out else ""
        starts = (
            not previous
            or _BULLET_RE.match(line)
            or previous[-1] in ".!?;:"
            or (text[0].isupper() and len(previous) < 60)
        )
        if starts:
            out.append(text)
        else:
            out[-1] = f"{previous} {text}"
    return "\n".join(out)


def _unwrap_lists(lines: list[str]) -> list[str]:
    """A skills list wrapped at a width inside an item, joined again. A job board's list of
    skills with their years ("SQL (3 years), BUSINESS") is one paragraph: a line that ends
    neither at a comma nor at an item's closing bracket ends in the middle of an item
    ("BUSINESS" / "INTELLIGENCE (1 year)", "(Less than 1" / "year)"). A plain comma list is
    cut inside an item when the pieces make a skill (`_wraps_a_known_skill`)."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (
            line.strip()
            and previous.strip()
            and not previous.rstrip().endswith((",", ";", ")"))
            and (_YEARS_IN_LIST_RE.search(previous) or _wraps_a_known_skill(previous, line))
        ):
            out[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _wraps_a_known_skill(line: str, next_line: str) -> bool:
    """A comma list wrapped inside an item: "Communication, Microsoft" / "Excel, Word". The
    break is inside an item when the two pieces it parts make a skill the taxonomy knows and
    the first piece alone is not one ("Python, Java" / "Git, Jira" are two rows)."""
    if "," not in line:
        return False
    head = _clean(line.rsplit(",", 1)[1])
    tail = _clean(next_line.split(",", 1)[0])
    if not head or not tail or len(head.split()) + len(tail.split()) > 5:
        return False
    return not _canonical(head) and bool(_canonical(f"{head} {tail}"))


# an item of such a list, or its wrapped start: "(3 years),", "(Less than 1"
_YEARS_IN_LIST_RE = re.compile(r"\((?:less than\s*)?\d+\+?\s*(?:years?\),|$)", re.IGNORECASE)


def _skill_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the section's items, the pieces too long to be one skill: sentences)."""
    items: list[str] = []
    sentences: list[str] = []
    # a line with a date range is a job or a course that strayed into the section, not skills
    block = "\n".join(
        _unlabel_skill_line(ln)
        for ln in _unwrap_lists(lines)
        if not _has_date_range(_BRACKETED_RE.sub(" ", ln))
    )
    block = _YEARS_PAREN_RE.sub(" ", _DATES_PAREN_RE.sub(" ", block))
    # a table's label cell ("Tools" on its own line, "Operating systems:" before its row) is no
    # skill; "Operating Systems" in a list of subjects ("Networking, Operating Systems") is one
    label_cells = {
        head.casefold()
        for line in block.split("\n")
        if (":" in line or "," not in line)
        and _SKILL_LABEL_ONLY_RE.match(head := _clean(line.split(":", 1)[0]))
    }
    for raw in _SKILL_SPLIT_RE.split(block):
        item = _clean(raw)
        if not item:
            continue
        if raw.lstrip(" \t-–—•*·").startswith(".") and _canonical(f".{item}"):
            item = f".{item}"  # ".NET" keeps its dot
        if item.endswith(".") and len(item.split()) <= 3 and not item.endswith(".."):
            item = item.rstrip(".")  # "DNS.", "Hardware troubleshooting." in a list of items
        if len(item) > 40 or len(item.split()) > 5 or item.endswith("."):
            sentences.append(item)
            continue
        folded = item.casefold()
        if folded.startswith(("skills", "technical skills", "non technical")):
            continue
        if _NO_LETTERS_RE.fullmatch(item):
            continue
        words = folded.split()
        if len(words) >= 3 and (words[0] in lex.SENTENCE_STARTS or words[0] == "it"):
            sentences.append(item)  # "Worked on SAP WebDynpro applications": a clause
            continue
        # a piece of a sentence ("and uninstalling", "in this project", "8.1 and"), a
        # project's or a job's field label ("Team size", "Duration"), or a date
        if words[0] in lex.CONNECTIVES or words[-1] in lex.CONNECTIVES:
            continue
        if folded in lex.NON_SKILL_LABELS or folded in label_cells:
            continue
        if _MONTH_YEAR_RE.search(item) or _is_not_a_skill(item):
            continue
        items.extend(_skill_pair(item))
    return items, sentences


# The label column of a skills table flattened into its line: "Tools JDeveloper, Toad",
# "Operating System Unix and Windows", "Programming Languages XML, C++" (a label with a colon
# is split off anyway). Plural or two-word labels only: "Database Administration" is a skill.
_SKILL_LABEL = (
    r"^(?:(?:programming|scripting|backend|back-end|frontend|front-end|web|database|testing|"
    r"reporting|other|version control|cloud|big data|development|application|web application|"
    r"mobile|automation|bug tracking|build|ci/cd|devops|querying|modelling|modeling)\s+)?"
    r"(?:languages|tools|databases|technologies|frameworks|platforms|servers|ides|"
    r"methodologies|packages|utilities|environments|operating systems?|os)"
)
_SKILL_LABEL_RE = re.compile(_SKILL_LABEL + r"\s+(?=[A-Z0-9.])", re.IGNORECASE)
# the same label with a colon: "Operating systems: Windows 10"
# a job's or a project's row after a skills table ("Role: System admin"), which ends the table
_JOB_ROW_RE = re.compile(
    r"^\W{0,3}(?:roles?|responsibilit\w*|project\w*|client|duration|team size|designation|"
    r"company|employer|position)\b[^:]{0,30}:",
    re.IGNORECASE,
)
_SKILL_ROW_RE = re.compile(_SKILL_LABEL + r"\s*:\s*(?=\S)", re.IGNORECASE)
# the label column's cell on a line of its own ("Tools", "Operating Systems"): no skill
_SKILL_LABEL_ONLY_RE = re.compile(_SKILL_LABEL + r"$", re.IGNORECASE)
_AND_RE = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def _unlabel_skill_line(line: str) -> str:
    m = _SKILL_LABEL_RE.match(line)
    return line[m.end() :] if m and m.end() < len(line) else line


def _skill_pair(item: str) -> list[str]:
    """ "Unix and Windows", "SOAP UI and BI Publisher": two skills the taxonomy knows; "Sales
    and Marketing" stays one item when the whole is one skill."""
    parts = _AND_RE.split(item) if " " in item else [item]
    if len(parts) == 2 and not _canonical(item) and all(map(_canonical, parts)):
        return parts
    # "Java/C/C++": skills the taxonomy knows, one after the other ("PL/SQL" is one skill)
    parts = item.split("/") if "/" in item else []
    if len(parts) > 1 and not _canonical(item) and all(map(_canonical, parts)):
        return parts
    return [item]


# a link, an e-mail or a personal detail ("Willing to relocate to: Pune"), in one search
_NOT_SKILL_RE = re.compile(
    r"@|https?\s*:?\s*//|www\.|^(?:willing to relocate|date of birth|dob\b|nationality|"
    r"marital status|notice period|passport|gender|father's name)"
    # an award ("Spot Awards", "Client appreciation award 2016") or a table's heading
    # ("Rewards and recognitions", "Primary skill category"); "Speech recognition" is a skill
    r"|\bawards?\b|^rewards?\b|\brecognitions\b|^(?:primary|secondary)\s+skills?\b",
    re.IGNORECASE,
)
# an employer's legal form in a skills list ("private" alone is "Private VLAN")
_EMPLOYER_FORM_RE = re.compile(r"\b(?:ltd|limited|inc|pvt|llc|llp|plc|gmbh)\b", re.IGNORECASE)


def _is_not_a_skill(item: str) -> bool:
    """A place, a link or an e-mail, a personal detail or an employer ("Contoso India Pvt
    Ltd") that strayed into a skills list; a skill the taxonomy knows is kept whatever it looks
    like. (Job titles are not refused: "SQL Developer" and "Operations Manager" are products.)"""
    if _NOT_SKILL_RE.search(item):
        return True
    # a skills list is split at commas: a place in it is one name, looked up once; "AR" and
    # "MS" are states' codes but in a skills list Accounts Receivable and Microsoft
    if not ((len(item) > 3 and _is_place_word(item)) or _EMPLOYER_FORM_RE.search(item)):
        return False
    return not _canonical(item)


def _is_prose_section(lines: list[str]) -> bool:
    """Most lines are long and their pieces between separators are clauses, not items (a job
    board's list of skills with years is long-lined too, but its pieces are short)."""
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 4:
        return False

    def prose(line: str) -> bool:
        if len(line) < 60 or _YEARS_PAREN_RE.search(line):
            return False
        pieces = [p for p in re.split(r"[,;•|]", line) if p.strip()]
        return len(line.split()) / max(len(pieces), 1) >= 5

    def continued(before: str, line: str) -> bool:
        # a sentence a PDF wrapped badly goes on in a few words ("providing", "by") after a
        # long line that ends without a separator: prose too (but not a list's next line,
        # "challenges,excellent in sports", nor a link)
        return (
            len(before) >= 60
            and line[:1].islower()
            and not before.rstrip().endswith((",", ";"))
            and not re.search(r"[,;•|/]", line)
        )

    before_each = ["", *filled[:-1]]
    said = [prose(ln) or continued(b, ln) for b, ln in zip(before_each, filled, strict=True)]
    return sum(said) * 2 >= len(filled)


def _out_of_capitals(item: str) -> str:
    """A skill written in capitals, in the letters of a name: "MICROSOFT VISUAL STUDIO" ->
    "Microsoft Visual Studio", "MS OFFICE" -> "MS Office". Words under five letters are taken
    for initials ("MS", "DHCP") and stay, and so does a word the taxonomy spells in capitals
    ("MATLAB")."""

    def word(w: str) -> str:
        if not (w.isalpha() and len(w) >= 5):
            return w  # "MS", "DHCP", "SOAP-UI", "HTML5"
        known = _canonical(w)
        return known if known and known.casefold() == w.casefold() else w.capitalize()

    return " ".join(map(word, item.split(" ")))


def _skills(
    sections: list[_Section], text_matches: list[taxonomy.SkillMatch], line_starts: list[int]
) -> list[dict]:
    # a skills section written as paragraphs ("Expertise": sentences wrapped over lines) is read
    # for the skills the taxonomy knows, not cut at its commas into "items"
    skill_lines, prose = [], []
    for sec in sections:
        if sec.key == "skills":
            (prose if _is_prose_section(sec.lines) else skill_lines).extend([*sec.lines, ""])
    # the taxonomy's matches in the whole text that fall on a skills section's lines (the text
    # is searched once)
    rows = {r for sec in sections if sec.key == "skills" for r in sec.rows}
    section_matches = [
        m for m in text_matches if bisect.bisect_right(line_starts, m.start) - 1 in rows
    ]
    names: list[str] = []
    written: set[str] = set()  # the listed names' keys
    known: set[str] = set()  # their skills' keys in the taxonomy

    def key(name: str) -> str:
        # "+" and "#" are part of a skill's name: "C", "C++" and "C#" are three skills
        return _SKILL_KEY_RE.sub(" ", name.casefold()).strip()

    def add(name: str, canon: str | None) -> None:
        # A listed skill keeps the words the candidate wrote ("MS Excel", "Manual Testing"):
        # the profile shows them, and matching and search read the taxonomy's name for them
        # (`taxonomy.canonical`). Two spellings of one skill in the list are both kept; a skill
        # the taxonomy finds in a sentence is added only when the list does not name it.
        if key(name) and key(name) not in written:
            written.add(key(name))
            known.add(key(canon or name))
            names.append(name)

    items, sentences = _skill_items(skill_lines)
    sentences += [" ".join(ln for ln in prose if ln)] if prose else []
    for item in items[:150]:
        canon = _canonical(item)
        if canon and _skill_category(canon) == "language":
            continue  # "English", "Hindi": languages, which have their own list
        if canon and key(canon) == key(item):
            item = canon  # the same words in other letters: "JAVA", "postgresql"
        elif item.isupper():
            item = _out_of_capitals(item)
        add(item, canon)
    # `skills` is what the candidate declares in a skills section. Skills merely mentioned in
    # prose ("worked with the sales team") are not declared skills: they go to
    # meta.mentionedSkills, which matching reads, and not here. Inside the section the taxonomy
    # reads only the sentences the items leave out ("Proficient in Python and SQL for data
    # pipelines."); each sentence's words are padded and fenced, so that a skill is found inside
    # one sentence, never across two.
    sentence_text = "|".join(f" {_NON_WORD_RE.sub(' ', x.casefold())} " for x in sentences)
    for match in section_matches if sentences else ():
        if match.category in {"knowledge", "language"}:
            continue
        said = _NON_WORD_RE.sub(" ", match.text.casefold()).strip()
        if said and f" {said} " in sentence_text and key(match.name) not in known:
            add(match.name, match.name)
    return [{"name": n, "keywords": []} for n in names[:200]]


_FLUENCY_RE = re.compile(
    r"\b(native|mother tongue|fluent|proficient|professional|advanced|intermediate|basic|"
    r"elementary|beginner|conversational|working knowledge|bilingual)\b",
    re.I,
)


def _languages(sections: list[_Section], lines: list[str]) -> list[dict]:
    source = _section_lines(sections, "languages")
    for line in lines:
        if _LANGUAGES_LINE_RE.match(line):
            source.append(line.split(":", 1)[-1] if ":" in line else line)
    out: list[dict] = []
    seen: set[str] = set()
    for line in source:
        for chunk in _LANGUAGE_SPLIT_RE.split(line):
            for match in taxonomy.find_skills(chunk):
                if match.category == "language" and match.name not in seen:
                    seen.add(match.name)
                    fluency = _FLUENCY_RE.search(chunk)
                    out.append(
                        {
                            "language": match.name,
                            "fluency": fluency.group(1).capitalize() if fluency else "",
                        }
                    )
    return out


def _certificates(sections: list[_Section]) -> list[dict]:
    out: list[dict] = []
    for line in _section_lines(sections, "certificates"):
        name = _clean(line)
        if not name or len(name) > 150 or DATE_RANGE_RE.fullmatch(name):
            continue
        cert: dict = {"name": YEAR_RE.sub("", name).strip(" ,-–()") or name}
        year = YEAR_RE.search(name)
        if year:
            cert["date"] = year.group()
        out.append(cert)
    return out[:30]


# ---------------------------------------------------------------------------- entry point


def _parse(text: str) -> ParseResult:
    warnings: list[str] = []
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "replace") if text is not None else ""
    lines, truncated = _normalise(text)
    if truncated:
        warnings.append(f"text longer than {MAX_CHARS} characters: only the start was read")
    clean_text = "\n".join(lines)
    line_starts = list(itertools.accumulate((len(ln) + 1 for ln in lines[:-1]), initial=0))
    header, sections = _sections(lines)
    basics, header_company = _basics(header, _section_lines(sections, "contact"), lines, clean_text)

    work_lines = _section_lines(sections, "work")
    has_work_section = bool(work_lines)
    if not work_lines:
        excluded = {"education", "skills", "certificates", "languages"}
        work_lines = [ln for s in sections if s.key not in excluded for ln in s.lines] or lines
    # a job without dates only under a work heading: elsewhere "Title" / "X - Y" is anything
    work = _work(work_lines, undated=has_work_section)
    if basics["name"]:
        name_key = basics["name"].casefold()
        for job in work:
            if job.get("name", "").casefold() == name_key:
                job["name"] = ""  # the candidate's own name above an unheaded job list
    if header_company and not any(
        header_company.casefold() in (w.get("name") or "").casefold() for w in work
    ):
        work.insert(0, {"name": header_company, "position": basics["label"]})
    for job in work:
        job["name"] = _employer_as_named(job.get("name") or "")
    _one_spelling(work)
    work = _without_undated_repeats(work)
    if not basics["label"] and work and work[0].get("position"):
        basics["label"] = work[0]["position"]

    edu_lines = _section_lines(sections, "education")
    education = _education(edu_lines, strict=True) if edu_lines else []
    if not education:
        # without an education section, a degree line needs a year or a school with it (or on
        # the next line): "Intermediate SQL" or "a master data project" are not degrees
        # (the lines with a degree word are found by searching the whole text once)
        degree_rows = sorted(
            {bisect.bisect_right(line_starts, m.start()) - 1 for m in _degree_matches(clean_text)}
        )
        candidates = [
            lines[k]
            for k in degree_rows
            if len(lines[k]) < 160
            and any(YEAR_RE.search(near) or INSTITUTION_MATCH(near) for near in lines[k : k + 2])
        ]
        education = _education(candidates, strict=False)[:6]

    text_matches = taxonomy.find_skills(clean_text)
    resume = {
        "basics": basics,
        "work": work,
        "education": education,
        "skills": _skills(sections, text_matches, line_starts),
        "languages": _languages(sections, lines),
        "certificates": _certificates(sections),
    }
    stated = [float(m.group(1)) for m in YEARS_STATED_RE.finditer(clean_text[:6000])]
    computed = total_years(work)
    mentioned: dict[str, int] = {}
    for match in text_matches:
        mentioned[match.name] = mentioned.get(match.name, 0) + 1
    resume["meta"] = {
        "totalYearsExperience": computed or (max(stated) if stated else 0.0),
        "statedYearsExperience": max(stated) if stated else None,
        # every taxonomy skill the text mentions, most mentioned first (for matching)
        "mentionedSkills": sorted(mentioned, key=lambda k: -mentioned[k])[:100],
    }
    for key, message in (
        ("name", "no name found"),
        ("email", "no e-mail address found"),
        ("phone", "no phone number found"),
    ):
        if not basics.get(key):
            warnings.append(message)
    if not work:
        warnings.append("no work history found")
    if not education:
        warnings.append("no education found")
    resume["meta"]["warnings"] = warnings
    return ParseResult(resume, warnings)


def parse_resume(text: str) -> ParseResult:
    """Parse resume text into a JSON Resume dict. Never raises."""
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        warning = f"the parser failed on this text ({type(exc).__name__}); the result is empty"
        return ParseResult({"basics": {}, "meta": {"warnings": [warning]}}, [warning])
