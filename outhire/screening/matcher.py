"""Score candidates against a job: a 0-100 score per candidate with the reasons behind it.

Pure Python, no Django. The score is a weighted mean of components, each in 0..1:

- `required_skills`, `preferred_skills`: the job's skills (given by the requisition, or found in
  its text through the taxonomy: "JS" is JavaScript) that the candidate has; a related skill earns
  `RELATED_CREDIT`;
- `experience`: years of relevant experience against the years the job asks for ("5+ years");
- `title`: the job title's words among the candidate's titles (headline and positions);
- `field`: how much of the candidate's titles the job text talks about (the field of work);
- `family`: how close the candidate's occupation is to the job's, both placed among the ESCO
  occupation groups (ISCO-08) of a fixed reference;
- `location`: same city / region / country; a remote job ignores location;
- `text`: BM25 of the whole job against the whole resume, as a share of the best score possible;
- `expansion`: the same against the words that describe the job's nearest ESCO occupations.

Then missing required skills cap the score, and a candidate of an unrelated occupation loses a
share of it. Every figure depends on the job, the candidate and fixed reference statistics only,
never on the other candidates: adding people to the pool changes no one's score. A component that
does not apply is left out and the other weights are rescaled. Ties are broken by input order.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from outhire.screening import resume_lexicon as lex
from outhire.screening import taxonomy
from outhire.screening.resume_parser import parse_resume, total_years

MATCHER_VERSION = "2.2"

# A related skill (Kotlin for a Java job) is evidence, but weaker than the skill itself.
RELATED_CREDIT = 0.5
# Years in positions unrelated to the job still count for something (transferable experience).
UNRELATED_YEARS_CREDIT = 0.5
BM25_K1, BM25_B = 1.2, 0.75
# BM25's length normalisation against a fixed typical resume (in stems), not the pool's average
AVG_RESUME_WORDS = 550.0
# Without a stated place, a candidate is neither a good nor a bad location fit.
UNKNOWN_LOCATION_FIT = 0.5
REFERENCE_PATH = Path(__file__).with_name("data") / "match_reference.json"
# The raw text shares (a share of the best BM25 score possible) are small numbers; a fixed
# saturating curve x(1+h)/(x+h) turns them into fits, half-way (0.5) at about x = h.
TEXT_HALF, EXPANSION_HALF = 0.15, 0.15
# Field: a candidate's title word that the job uses once counts count/(count + FIELD_HALF) (2/3),
# more when the job keeps coming back to it; a job that mentions "sales" once in passing is less
# a sales job than one that says it ten times.
FIELD_HALF = 0.5
# Expansion: stems taken from the job's nearest ESCO occupation groups.
EXPANSION_TERMS = 40
# ESCO groups kept per job or candidate, and the share of the titles in placing them.
GROUP_TOP, TITLE_SHARE = 12, 0.6
# Family similarity: credit for the same unit group (4 digits), minor (3) and sub-major group (2).
FAMILY_UNIT, FAMILY_MINOR, FAMILY_SUB_MAJOR = 1.0, 1.0, 1.0
# Below this family similarity the candidate's occupation is unrelated, and the score is scaled.
# The family factor: the score is multiplied by GATE + (1 - GATE) x family similarity, so an
# unrelated occupation keeps at most half of what text and skills would give it.
FAMILY_GATE = 0.5
# Below this similarity the reasons call the candidate's occupation unrelated to the job's.
FAMILY_UNRELATED = 0.1
# Missing required skills cap the score: with none of them at most CAP_FLOOR, with all of them
# no cap, linear in between (a related skill counts half).
CAP_FLOOR = 40.0
# Skills a recruiter chose on the requisition are a surer sign than skills read from the
# description, so they weigh this many times more. The benchmark's jobs name none, so its
# figures do not depend on it; the demo's requisitions (docs/matching.md) do.
GIVEN_SKILLS_WEIGHT = 3.0
# The taxonomy's category of skills such as communication or teamwork (see `propose_skills`).
SOFT_SKILL = "soft skill"


@dataclass(frozen=True)
class Weights:
    """Relative weights of the components; they need not sum to 1.

    The defaults were tuned on half of the evaluation jobs and checked on the other half (see
    docs/matching.md).
    """

    required_skills: float = 0.40
    preferred_skills: float = 0.20
    experience: float = 0.05
    title: float = 0.05
    field: float = 1.00
    family: float = 0.30
    location: float = 0.10
    text: float = 0.20
    expansion: float = 0.20


_STOPWORDS_TEXT = (
    "a an and are as at be been being but by can do does for from has have he her his i if in "
    "into is it its me my no not of on or our she so such than that the their them then there "
    "these they this those to too us was we were what when where which while who will with "
    "would you your yours all any both each few more most other some own same very also "
    "about above after again against below between during through under until up down out "
    "over only just should could may might must shall etc per via within across"
)
# common English function words: they match everything and say nothing
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
WORD_RE = re.compile(r"[a-z0-9+#]+")
YEARS_REQUIRED_RE = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:\+\s*)?(?:years?|yrs?)\b[^.\n]{0,60}?\bexperience",
    re.IGNORECASE,
)
PREFERRED_HEADING_RE = re.compile(
    r"^\W*(?:preferred|desired|nice[ -]to[ -]have|bonus|pluses|desirable)\b.{0,40}$",
    re.IGNORECASE,
)
OTHER_HEADING_RE = re.compile(
    r"^\W*(?:minimum|required|requirements|responsibilities|about|qualifications|what you|"
    r"who you|your role|the role|duties|benefits)\b.{0,40}$",
    re.IGNORECASE,
)
# Acronyms that name a field of work in titles ("HR Generalist", "QA Engineer"), written in
# capitals, are read with the words ESCO's occupations use for them, so "HR Director" is placed
# among the human resources occupations. "IT" becomes "ICT" alone: lower-cased it would be the
# stopword "it", and "IT Manager" would read as "Manager". Only capitals count ("it", "pr" and
# "bi" in lower case are other words).
ACRONYMS = {
    "IT": "ICT",
    "HR": "HR human resources",
    "QA": "QA quality assurance",
    "UX": "UX user experience",
    "UI": "UI user interface",
    "PR": "PR public relations",
    "BI": "BI business intelligence",
    "SEO": "SEO search engine optimisation",
    "RN": "RN registered nurse",
    "CPA": "CPA certified public accountant",
    "CFO": "CFO chief financial officer",
    "CTO": "CTO chief technology officer",
}
ACRONYM_RE = re.compile(r"\b(" + "|".join(ACRONYMS) + r")\b")
# Words of a title that say the level of a position, not its field: "Senior Associate" and
# "Associate Legal Counsel", "Sales Manager" and "Finance Manager" share them across fields. The
# field leaves them out.
LEVEL_WORDS_TEXT = (
    "senior sr junior jr associate assistant lead head chief principal staff intern trainee "
    "deputy vice level ii iii iv manager director"
)
REMOTE_RE = re.compile(r"\b(?:remote|work from home|telecommut\w*|anywhere)\b", re.IGNORECASE)
STEM_LENGTH = 8


def _expand_acronym(match: re.Match) -> str:
    return ACRONYMS[match.group(1)]


def words(text: str) -> list[str]:
    """Lower-case word stems without stopwords.

    Stems are the first `STEM_LENGTH` letters: crude, but it joins "accountant"/"accounting" and
    "engineer"/"engineering" without a language-specific stemmer. Acronyms in capitals ("IT",
    "HR", "QA"...) are read with ESCO's words for them (`ACRONYMS`).
    """
    return [
        w[:STEM_LENGTH]
        for w in WORD_RE.findall(ACRONYM_RE.sub(_expand_acronym, text).lower())
        if len(w) > 1 and w not in STOPWORDS and not w.isdigit()
    ]


LEVEL_WORDS = frozenset(words(LEVEL_WORDS_TEXT))


def field_words(title_words: list[str]) -> list[str]:
    """The title words that say the field of work (`LEVEL_WORDS` left out)."""
    return [w for w in title_words if w not in LEVEL_WORDS]


# ---------------------------------------------------------------------------- profiles


@dataclass
class CandidateProfile:
    id: str | int
    words: list[str]
    title_words: list[str]
    titles: list[str]
    skills: frozenset[str]
    work: list[dict]
    position_words: list[frozenset[str]]
    total_years: float
    location: dict
    # Counts of `words` in order of first occurrence; stored profiles give these instead of words
    term_counts: dict[str, int] | None = None
    # The nearest ESCO groups (`candidate_groups`), when computed ahead (in a parsing worker)
    groups: dict[str, float] | None = None

    def counts(self) -> dict[str, int]:
        return self.term_counts if self.term_counts is not None else Counter(self.words)


@dataclass
class JobProfile:
    id: str
    title: str
    words: list[str]
    title_words: list[str]
    required_skills: list[str]
    preferred_skills: list[str]
    required_years: float | None
    location: str
    remote: bool
    word_set: frozenset[str] = field(default_factory=frozenset)
    # how often the job uses each stem (empty: counted from `words` when needed)
    word_counts: dict[str, int] = field(default_factory=dict)
    # True when the skills came from the requisition (must-haves), not from the description
    skills_given: bool = False
    # the job's nearest ESCO occupation groups (unit vector) and its expansion query
    groups: dict[str, float] = field(default_factory=dict)
    expansion: dict[str, float] = field(default_factory=dict)
    families: tuple[dict[str, float], ...] = ()


def candidate_profile(candidate_id: str | int, text: str) -> CandidateProfile:
    """Parse a resume once into what matching needs."""
    text = text if isinstance(text, str) else ""
    resume = parse_resume(text).resume
    basics = resume.get("basics") or {}
    work = [w for w in resume.get("work") or [] if isinstance(w, dict)]
    titles = [t for t in [basics.get("label", ""), *(w.get("position", "") for w in work)] if t]
    meta = resume.get("meta") or {}
    skills = set(meta.get("mentionedSkills") or [])
    for item in resume.get("skills") or []:
        name = taxonomy.canonical(item.get("name", "")) if isinstance(item, dict) else None
        if name:
            skills.add(name)
    return CandidateProfile(
        # kept as given, so callers find their own ids in the ranking
        id=candidate_id,
        words=words(text),
        title_words=words(" ".join(titles[:4])),
        titles=titles,
        skills=frozenset(skills),
        work=work,
        position_words=[frozenset(words(w.get("position", ""))) for w in work],
        total_years=float(meta.get("totalYearsExperience") or 0.0),
        location=basics.get("location") or {},
    )


def candidate_groups(profile: CandidateProfile) -> dict[str, float]:
    """The candidate's nearest ESCO occupation groups (a unit vector), from their words and
    titles; `Matcher` computes it when the profile does not carry it."""
    return reference().groups(profile.counts(), profile.title_words)


def job_profile(job: dict) -> JobProfile:
    """What matching needs from a job: its skills split into required and preferred, its years.

    `required_skills` / `preferred_skills` (lists of names, from the requisition's must-haves and
    nice-to-haves) are used as given when present, resolved through the taxonomy; a name the
    taxonomy does not know stays a skill of its own, found by its words in the resume. Without
    them, the skills are read from the description (`propose_skills`).
    """
    title = str(job.get("title") or "")
    description = str(job.get("description") or "")
    location = str(job.get("location") or "")
    required_text, _ = _split_preferred(description)
    given_required = _given_skills(job.get("required_skills"))
    given_preferred = _given_skills(job.get("preferred_skills"))
    skills_given = bool(given_required or given_preferred)
    if skills_given:
        required = given_required
        preferred = [s for s in given_preferred if s not in required]
    else:
        required, preferred = propose_skills(title, description)
    years = [float(m.group(1)) for m in YEARS_REQUIRED_RE.finditer(required_text)]
    all_words = words(title + "\n" + description)
    title_words = words(title)
    groups = reference().groups(Counter(all_words), title_words)
    return JobProfile(
        id=str(job.get("id", "")),
        title=title,
        words=all_words,
        title_words=title_words,
        required_skills=required,
        preferred_skills=preferred,
        # the largest stated figure is the real bar ("BS and 3 years, or 5 years of experience")
        required_years=min(max(years), 20.0) if years else None,
        location=location,
        remote=bool(REMOTE_RE.search(title + " " + location)),
        word_set=frozenset(all_words),
        word_counts=dict(Counter(all_words)),
        skills_given=skills_given,
        groups=groups,
        expansion=expansion_query(groups, set(all_words)),
        families=family_levels(groups),
    )


def propose_skills(title: str, description: str) -> tuple[list[str], list[str]]:
    """(required, preferred) canonical skill names read from a job's title and description.

    Skills under a "Preferred ..." / "Nice to have" heading are preferred, the others required;
    the requisition page proposes them for the recruiter to confirm.

    Soft skills ("communication", "leadership") are proposed as nice-to-have wherever they are:
    every advert asks for them and every resume claims them, so they should not cap a score.
    """
    required_text, preferred_text = _split_preferred(str(description or ""))
    found = _skill_names(str(title or "") + "\n" + required_text)
    required = [s for s in found if not _is_soft(s)]
    preferred = [s for s in found if _is_soft(s)]
    preferred += [s for s in _skill_names(preferred_text) if s not in found]
    return required, preferred


def _is_soft(name: str) -> bool:
    skill = taxonomy.load().skills.get(name.casefold())
    return skill is not None and skill.category == SOFT_SKILL


def _given_skills(names) -> list[str]:
    """Canonical names for the requisition's skills, in order, without duplicates; a name the
    taxonomy does not know is kept as written (trimmed). A string is read as a comma- or
    line-separated list."""
    if isinstance(names, str):
        names = re.split(r"[,;\n]", names)
    if not isinstance(names, (list, tuple)):
        return []
    out: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        clean = " ".join(name.split())
        out.setdefault(taxonomy.canonical(clean) or clean, None)
    return list(out)


def _split_preferred(description: str) -> tuple[str, str]:
    """(required text, preferred text): lines under a "Preferred ..." heading are preferred."""
    required: list[str] = []
    preferred: list[str] = []
    current = required
    for line in description.splitlines():
        if PREFERRED_HEADING_RE.match(line):
            current = preferred
        elif OTHER_HEADING_RE.match(line):
            current = required
        current.append(line)
    return "\n".join(required), "\n".join(preferred)


def _skill_names(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in taxonomy.find_skills(text):
        seen.setdefault(match.name, None)
    return list(seen)


# ---------------------------------------------------------------------------- reference statistics


class Reference:
    """Fixed corpus statistics shipped with the code (`data/match_reference.json`).

    Built from the ESCO occupations by `bench/build_match_reference.py`: the IDF of each word stem
    and, per ISCO unit group, its characteristic stems. Nothing here depends on the candidates
    being ranked, which is what makes a score absolute.
    """

    def __init__(self, raw: dict) -> None:
        self.idf: dict[str, float] = raw["idf"]
        self.default_idf: float = raw["default_idf"]
        self.group_labels: dict[str, list[str]] = {g: v["labels"] for g, v in raw["groups"].items()}
        self.group_postings = _group_postings(raw["groups"], "terms")
        self.title_postings = _group_postings(raw["groups"], "title_terms")

        self.group_terms: dict[str, list[tuple[str, float]]] = {
            g: list(v["terms"].items()) for g, v in raw["groups"].items()
        }

    def term_idf(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)

    def groups(self, counts: dict[str, int], title_words: list[str]) -> dict[str, float]:
        """The `GROUP_TOP` ISCO groups nearest to a text and its titles, as a unit vector.

        Explicit semantic analysis over ESCO: each stem weighs (1 + log count) x idf, a group's
        score is the dot product with its characteristic stems; the titles are placed against
        the occupation labels alone, and weigh `TITLE_SHARE` of the result.
        """
        text = _unit(self._scores(counts, self.group_postings))
        titles = _unit(self._scores(Counter(title_words), self.title_postings))
        mixed = dict.fromkeys(text.keys() | titles.keys(), 0.0)
        for group in mixed:
            mixed[group] = (1 - TITLE_SHARE) * text.get(group, 0.0) + TITLE_SHARE * titles.get(
                group, 0.0
            )
        top = sorted(mixed.items(), key=lambda kv: (-kv[1], kv[0]))[:GROUP_TOP]
        return _unit(dict(top))

    def _scores(self, counts: dict[str, int], postings: dict) -> dict[str, float]:
        scores: dict[str, float] = {}
        for term, count in counts.items():
            found = postings.get(term)
            if not found:
                continue
            q = (1 + math.log(count)) * self.term_idf(term)
            for group, weight in found:
                scores[group] = scores.get(group, 0.0) + q * weight
        return scores


def _group_postings(groups: dict, key: str) -> dict[str, list[tuple[str, float]]]:
    postings: dict[str, list[tuple[str, float]]] = {}
    for group, value in groups.items():
        for term, weight in value[key].items():
            postings.setdefault(term, []).append((group, weight))
    return postings


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm > 0 else {}


@lru_cache(maxsize=1)
def reference() -> Reference:
    return Reference(json.loads(REFERENCE_PATH.read_text(encoding="utf-8")))


def family_levels(groups: dict[str, float]) -> tuple[dict[str, float], ...]:
    """A group vector at the ISCO unit (4 digits), minor (3) and sub-major (2) levels, each a
    unit vector, so that neighbours (an accountant and a financial analyst) share credit."""
    out = []
    for digits in (4, 3, 2):
        level: dict[str, float] = {}
        for group, value in groups.items():
            level[group[:digits]] = level.get(group[:digits], 0.0) + value
        norm = math.sqrt(sum(v * v for v in level.values()))
        out.append({g: v / norm for g, v in level.items()} if norm > 0 else {})
    return tuple(out)


# ---------------------------------------------------------------------------- BM25


class TextIndex:
    """BM25 (Robertson and Zaragoza, 2009) over a fixed set of documents, with an inverted index,
    using the reference IDF and a fixed average length, so a document's score for a query does
    not depend on the other documents.

    The documents are inverted once (term -> documents and counts); a term's BM25 postings
    (document, weight) are computed the first time a query asks for the term and kept, so ranking
    many jobs against one pool computes each posting list once.
    """

    def __init__(self, docs: list[list[str]] | list[dict[str, int]], avg_length: float) -> None:
        # a document is its words, or their counts in order of first occurrence
        self.docs = [d if isinstance(d, dict) else Counter(d) for d in docs]
        self.size = len(self.docs)
        self.ref = reference()
        self.norms = [
            BM25_K1 * (1 - BM25_B + BM25_B * sum(c.values()) / avg_length) for c in self.docs
        ]
        self._counts: dict[str, list[tuple[int, int]]] = {}
        for i, counts in enumerate(self.docs):
            for term, tf in counts.items():
                found = self._counts.get(term)
                if found is None:
                    self._counts[term] = [(i, tf)]
                else:
                    found.append((i, tf))
        self._postings: dict[str, list[tuple[int, float]]] = {}

    def documents_with(self, term: str) -> list[tuple[int, int]]:
        """(document, count) for each document that has `term`."""
        return self._counts.get(term, [])

    def postings(self, term: str) -> list[tuple[int, float]]:
        found = self._postings.get(term)
        if found is None:
            k1, norms = BM25_K1, self.norms
            found = [(i, tf * (k1 + 1) / (tf + norms[i])) for i, tf in self._counts.get(term, ())]
            self._postings[term] = found
        return found

    def fits(self, query: dict[str, float]) -> list[float]:
        """Each document's BM25 score as a share of the best score any document could reach
        (every query term present, many times over): 0..1, absolute."""
        out = [0.0] * self.size
        ceiling = 0.0
        for term, boost in query.items():
            weight = boost * self.ref.term_idf(term)
            ceiling += weight * (BM25_K1 + 1)
            for i, value in self.postings(term):
                out[i] += weight * value
        return [s / ceiling for s in out] if ceiling > 0 else out


def text_query(terms: list[str]) -> dict[str, float]:
    # a term repeated in the query counts more, but with diminishing returns
    return {term: 1 + math.log(count) for term, count in Counter(terms).items()}


def expansion_query(groups: dict[str, float], own: set[str]) -> dict[str, float]:
    """The characteristic stems of the job's nearest ESCO groups that the job does not use itself:
    other words the same occupation is described with (query expansion from a fixed corpus, in
    place of feedback from the pool)."""
    ref = reference()
    mass: dict[str, float] = {}
    for group, share in groups.items():
        for term, weight in ref.group_terms.get(group, ()):
            if term not in own:
                mass[term] = mass.get(term, 0.0) + share * weight
    top = sorted(mass.items(), key=lambda kv: (-kv[1], kv[0]))[:EXPANSION_TERMS]
    best = top[0][1] if top else 0.0
    return {t: v / best for t, v in top} if best > 0 else {}


def saturate(value: float, half: float) -> float:
    """value / (value + half), rescaled so that 0 -> 0 and 1 -> 1: a fixed curve, not the pool's
    best, turns a raw share into a fit."""
    return value * (1 + half) / (value + half) if value > 0 else 0.0


# ---------------------------------------------------------------------------- matching


class Matcher:
    """Ranks one fixed pool of candidates against any number of jobs.

    Every component of a candidate's score is computed from the job, the candidate and the fixed
    reference statistics only, so the pool changes the order of the list, never a score. The pool
    is only indexed (which candidates have a skill, a word, an occupation group) to compute those
    per-candidate figures for many candidates at once.
    """

    def __init__(
        self,
        candidates: list[CandidateProfile],
        weights: Weights | None = None,
    ) -> None:
        self.candidates = candidates
        self.weights = weights or Weights()
        self.ref = reference()
        counts = [c.counts() for c in candidates]
        self.text_index = TextIndex(counts, AVG_RESUME_WORDS)
        self.related = _related_map()
        self.groups = [
            c.groups if c.groups is not None else self.ref.groups(n, c.title_words)
            for c, n in zip(candidates, counts, strict=True)
        ]
        self.families = [family_levels(g) for g in self.groups]
        # level -> group prefix -> [(candidate, weight)], to score a job's groups against all
        self._family_index: list[dict[str, list[tuple[int, float]]]] = [{}, {}, {}]
        for i, levels in enumerate(self.families):
            for index, level in zip(self._family_index, levels, strict=True):
                for group, value in level.items():
                    index.setdefault(group, []).append((i, value))
        self._with_title_word: dict[str, set[int]] = {}
        # field word -> [(candidate, times it is among their title words)]
        self._field_word_counts: dict[str, list[tuple[int, int]]] = {}
        self._field_lengths: list[int] = []
        self._with_position_word: dict[str, set[int]] = {}
        for i, cand in enumerate(candidates):
            for term in set(cand.title_words):
                self._with_title_word.setdefault(term, set()).add(i)
            own = field_words(cand.title_words)
            self._field_lengths.append(len(own))
            for term, count in Counter(own).items():
                self._field_word_counts.setdefault(term, []).append((i, count))
            for words_ in cand.position_words:
                for term in words_:
                    self._with_position_word.setdefault(term, set()).add(i)
        self._locations = [_location_key(c) for c in candidates]
        self._with_skill: dict[str, set[int]] = {}
        for i, cand in enumerate(candidates):
            for skill in cand.skills:
                self._with_skill.setdefault(skill, set()).add(i)

    def rank(self, job: dict | JobProfile, top: int | None = None) -> list[dict]:
        """Candidates best first: [{"id", "score", "reasons"}]; reasons only for those returned."""
        profile = job if isinstance(job, JobProfile) else job_profile(job)
        columns = self._columns(profile)
        names = [name for name, values in columns.items() if values is not None]
        weights = [self._weight(name, profile) for name in names]
        weight_sum = sum(w for w in weights if w > 0)
        coverage = columns["required_skills"]
        family = columns["family"]
        totals = [0.0] * len(self.candidates)
        for name, weight in zip(names, weights, strict=True):
            if weight > 0:
                totals = [t + weight * v for t, v in zip(totals, columns[name], strict=True)]
        scale = 100 / weight_sum if weight_sum else 0.0
        scored = []
        for i, total in enumerate(totals):
            mean = total * scale
            scored.append((-self._adjust(mean, coverage, family, i)[0], i, mean))
        scored.sort(key=lambda item: (item[0], item[1]))
        chosen = scored if top is None else scored[:top]
        return [
            {
                "id": self.candidates[i].id,
                "score": round(-neg, 2),
                "reasons": self._reasons(profile, i, _row(columns, i), mean),
            }
            for neg, i, mean in chosen
        ]

    def _weight(self, name: str, job: JobProfile) -> float:
        weight = getattr(self.weights, name)
        if job.skills_given and name in {"required_skills", "preferred_skills"}:
            weight *= GIVEN_SKILLS_WEIGHT
        return weight

    def _adjust(
        self,
        score: float,
        coverage: list[float] | None,
        family: list[float] | None,
        i: int,
    ) -> tuple[float, float, float | None]:
        """(final score, family factor, cap) from the weighted mean of the components.

        An unrelated occupation scales the score down (to `FAMILY_GATE` of it at worst), then
        missing required skills cap it: a candidate cannot reach the top on text alone.
        """
        factor = 1.0
        if family is not None and self.weights.family > 0:
            factor = FAMILY_GATE + (1 - FAMILY_GATE) * min(1.0, family[i])
            score *= factor
        cap = None
        if coverage is not None and self.weights.required_skills > 0:
            cap = CAP_FLOOR + (100 - CAP_FLOOR) * coverage[i]
            score = min(score, cap)
        return score, factor, cap

    def _columns(self, job: JobProfile) -> dict[str, list[float] | None]:
        """Each component for every candidate (None: the component does not apply to this job)."""
        w = self.weights
        n = len(self.candidates)
        cands = self.candidates
        columns: dict[str, list[float] | None] = {
            "required_skills": self._coverage(job.required_skills),
            "preferred_skills": self._coverage(job.preferred_skills),
            "experience": None,
            "title": None,
            "field": self._field_column(job) if w.field > 0 else [0.0] * n,
            "family": self._family_column(job) if job.groups else None,
            "location": None,
            "text": [saturate(s, TEXT_HALF) for s in self.text_index.fits(text_query(job.words))]
            if w.text > 0
            else [0.0] * n,
            "expansion": [saturate(s, EXPANSION_HALF) for s in self.text_index.fits(job.expansion)]
            if job.expansion and w.expansion > 0
            else None,
        }
        if job.required_years:
            columns["experience"] = self._experience_column(job)
        if job.title_words:
            columns["title"] = self._title_column(job)
        if not job.remote and job.location.strip():
            # candidates who live in the same place share the same fit: compute it once
            fits: dict[tuple, float | None] = {}
            for key, cand in zip(self._locations, cands, strict=True):
                if key not in fits:
                    fits[key] = _location_fit(job, cand)[0]
            columns["location"] = [fits[key] for key in self._locations]
        return columns

    def _field_column(self, job: JobProfile) -> list[float]:
        """`_field_fit` for every candidate, from the title words the job text uses."""
        hits = [0.0] * len(self.candidates)
        for term, fit in _field_term_fits(job).items():
            for i, count in self._field_word_counts.get(term, ()):
                hits[i] += count * fit
        return [h / n if n else 0.0 for h, n in zip(hits, self._field_lengths, strict=True)]

    def _experience_column(self, job: JobProfile) -> list[float]:
        """`_experience_fit` for every candidate; most held no position named like the job, and
        their relevant years are a fixed share of their total."""
        related: set[int] = set()
        for term in set(job.title_words):
            related |= self._with_position_word.get(term, set())
        required = job.required_years or 1.0
        out = []
        for i, cand in enumerate(self.candidates):
            if i in related:
                out.append(self._experience_fit(job, cand)[0] or 0.0)
            else:
                out.append(min(1.0, UNRELATED_YEARS_CREDIT * cand.total_years / required))
        return out

    def _title_column(self, job: JobProfile) -> list[float]:
        """IDF-weighted share of the job title's words found among each candidate's titles."""
        weights = {t: self.ref.term_idf(t) for t in set(job.title_words)}
        total = sum(weights.values())
        out = [0.0] * len(self.candidates)
        if total <= 0:
            return out
        for term, weight in weights.items():
            for i in self._with_title_word.get(term, ()):
                out[i] += weight / total
        return out

    def _coverage(self, wanted: list[str]) -> list[float] | None:
        """Share of `wanted` each candidate has (a related skill counts `RELATED_CREDIT`)."""
        if not wanted:
            return None
        out = [0.0] * len(self.candidates)
        unknown = _unknown_skills(tuple(wanted))
        for skill in wanted:
            has = set(self._with_skill.get(skill, ()))
            if skill in unknown:
                has |= self._with_words(unknown[skill])
            for i in has:
                out[i] += 1.0
            related: set[int] = set()
            for other in self.related.get(skill, ()):
                related |= self._with_skill.get(other, set())
            for i in related - has:
                out[i] += RELATED_CREDIT
        return [v / len(wanted) for v in out]

    def _with_words(self, stems: list[str]) -> set[int]:
        """The candidates whose resume has every one of `stems`."""
        if not stems:
            return set()
        found = {i for i, _ in self.text_index.documents_with(stems[0])}
        for stem in stems[1:]:
            found &= {i for i, _ in self.text_index.documents_with(stem)}
        return found

    def _family_column(self, job: JobProfile) -> list[float]:
        out = [0.0] * len(self.candidates)
        credits = (FAMILY_UNIT, FAMILY_MINOR, FAMILY_SUB_MAJOR)
        total = sum(credits)
        for credit, index, level in zip(credits, self._family_index, job.families, strict=True):
            if not credit:
                continue
            for group, value in level.items():
                for i, weight in index.get(group, ()):
                    out[i] += credit * value * weight / total
        return out

    def _skills_fit(
        self, wanted: list[str], cand: CandidateProfile
    ) -> tuple[float | None, dict[str, list[str]]]:
        if not wanted:
            return None, {"matched": [], "related": [], "missing": []}
        matched, related, missing = [], [], []
        counts = None
        unknown = _unknown_skills(tuple(wanted))
        for skill in wanted:
            if skill in cand.skills:
                matched.append(skill)
            elif self.related.get(skill, frozenset()) & cand.skills:
                related.append(skill)
            elif skill in unknown:
                # a skill the taxonomy does not know: present when all its words are
                counts = counts if counts is not None else cand.counts()
                stems = unknown[skill]
                if stems and all(s in counts for s in stems):
                    matched.append(skill)
                else:
                    missing.append(skill)
            else:
                missing.append(skill)
        value = (len(matched) + RELATED_CREDIT * len(related)) / len(wanted)
        return value, {"matched": matched, "related": related, "missing": missing}

    def _experience_fit(
        self, job: JobProfile, cand: CandidateProfile
    ) -> tuple[float | None, float]:
        if not job.required_years:
            return None, 0.0
        relevant = _relevant_years(job, cand)
        return min(1.0, relevant / job.required_years), relevant

    def _reasons(
        self, job: JobProfile, i: int, parts: dict[str, float | None], mean: float
    ) -> list[dict]:
        cand = self.candidates[i]
        coverage = (
            [parts["required_skills"] or 0.0] if parts["required_skills"] is not None else None
        )
        family = [parts["family"] or 0.0] if parts["family"] is not None else None
        final, factor, cap = self._adjust(mean, coverage, family, 0)
        reasons: list[dict] = []
        if parts["required_skills"] is not None:
            _, detail = self._skills_fit(job.required_skills, cand)
            reasons.append(
                {
                    "kind": "skills",
                    "score": _r(parts["required_skills"]),
                    # chosen on the requisition, or read from the description
                    "given": job.skills_given,
                    **detail,
                }
            )
            if cap is not None and cap < 100:
                label = "must-have" if job.skills_given else "required"
                text = (
                    f"capped at {cap:.0f}: has {len(detail['matched'])} of "
                    f"{len(job.required_skills)} {label} skills"
                )
                if detail["related"]:
                    text += f" ({len(detail['related'])} more only through a related skill)"
                reasons.append(
                    {
                        "kind": "cap",
                        "score": _r(cap / 100),
                        "cap": round(cap, 1),
                        # whether the cap lowered this candidate's score
                        "applied": mean * factor > cap,
                        "text": text,
                    }
                )
        if parts["preferred_skills"] is not None:
            _, detail = self._skills_fit(job.preferred_skills, cand)
            reasons.append(
                {
                    "kind": "preferred_skills",
                    "score": _r(parts["preferred_skills"]),
                    "given": job.skills_given,
                    **detail,
                }
            )
        if parts["experience"] is not None:
            _, relevant = self._experience_fit(job, cand)
            reasons.append(
                {
                    "kind": "experience",
                    "score": _r(parts["experience"]),
                    "relevant_years": round(relevant, 1),
                    "required_years": job.required_years,
                }
            )
        reasons.append(
            {
                "kind": "title",
                "score": _r(parts["title"]),
                "field_score": _r(parts["field"]),
                "job_title": job.title,
                "candidate_titles": cand.titles[:3],
            }
        )
        if parts["family"] is not None:
            reasons.append(
                {
                    "kind": "family",
                    "score": _r(parts["family"]),
                    "factor": _r(factor),
                    "unrelated": parts["family"] < FAMILY_UNRELATED,
                    "job_occupations": _group_names(self.ref, job.groups),
                    "candidate_occupations": _group_names(self.ref, self.groups[i]),
                }
            )
        _, fit = _location_fit(job, cand)
        reasons.append({"kind": "location", "score": _r(parts["location"]), "fit": fit})
        reasons.append(
            {
                "kind": "text",
                "score": _r(parts["text"]),
                "expansion_score": _r(parts["expansion"]),
            }
        )
        return reasons


def rank(
    job: dict, candidates: list[dict], weights: Weights | None = None, top: int | None = None
) -> list[dict]:
    """Convenience: rank `candidates` ({"id", "text"}) for one job."""
    profiles = [candidate_profile(c.get("id", ""), c.get("text", "")) for c in candidates]
    return Matcher(profiles, weights).rank(job, top)


def _row(columns: dict[str, list[float] | None], i: int) -> dict[str, float | None]:
    return {name: None if values is None else values[i] for name, values in columns.items()}


@lru_cache(maxsize=256)
def _unknown_skills(wanted: tuple[str, ...]) -> dict[str, list[str]]:
    """The stems of the skills the taxonomy does not know, by name."""
    return {s: words(s) for s in wanted if taxonomy.canonical(s) is None}


def _group_names(ref: Reference, groups: dict[str, float], limit: int = 2) -> list[str]:
    """A readable name for each of the nearest groups: its shortest ESCO occupation label."""
    names = []
    for group in list(groups)[:limit]:
        labels = ref.group_labels.get(group) or []
        if labels:
            names.append(labels[0])
    return names


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _field_fit(job: JobProfile, cand: CandidateProfile) -> float:
    """How much the job talks about the candidate's titles: is this their field? Each of the
    candidate's title words (level words such as "senior" or "manager" left out) scores
    count/(count + FIELD_HALF) for the times the job uses it; 0 without such words."""
    own = field_words(cand.title_words)
    if not own:
        return 0.0
    fits = _field_term_fits(job)
    return sum(fits.get(w, 0.0) for w in own) / len(own)


def _field_term_fits(job: JobProfile) -> dict[str, float]:
    counts = job.word_counts or Counter(job.words)
    return {term: count / (count + FIELD_HALF) for term, count in counts.items()}


def _relevant_years(job: JobProfile, cand: CandidateProfile) -> float:
    title_words = set(job.title_words)
    relevant = [w for w, ws in zip(cand.work, cand.position_words, strict=True) if title_words & ws]
    total = cand.total_years
    related_years = total_years(relevant) if relevant else 0.0
    return related_years + UNRELATED_YEARS_CREDIT * max(0.0, total - related_years)


def _location_key(cand: CandidateProfile) -> tuple:
    loc = cand.location if isinstance(cand.location, dict) else {}
    return (loc.get("city"), loc.get("region"), loc.get("countryCode"))


def _location_fit(job: JobProfile, cand: CandidateProfile) -> tuple[float | None, str]:
    if job.remote:
        return None, "remote job: location not considered"
    if not job.location.strip():
        return None, "the job gives no location"
    loc = cand.location
    place = job.location.casefold()
    city = str(loc.get("city") or "").casefold()
    region = str(loc.get("region") or "").casefold()
    country = str(loc.get("countryCode") or "")
    if not (city or region or country):
        return UNKNOWN_LOCATION_FIT, "the candidate's location is unknown"
    if city and city in place:
        return 1.0, f"lives in {loc.get('city')}"
    if region and re.search(rf"\b{re.escape(region)}\b", place):
        return 0.7, f"lives in the same region ({loc.get('region')})"
    job_country = _country_code(job.location)
    if country and job_country == country:
        return 0.4, "lives in the same country"
    return 0.0, "lives elsewhere"


def _country_code(place: str) -> str | None:
    last = place.rsplit(",", 1)[-1].strip().casefold()
    return lex.COUNTRIES.get(last) or lex.REGION_COUNTRY.get(last)


def _related_map() -> dict[str, frozenset[str]]:
    """Canonical skill -> its related skills, both directions, built once."""
    out: dict[str, set[str]] = {}
    for skill in taxonomy.load().skills.values():
        for other in skill.related:
            name = taxonomy.canonical(other) or other
            out.setdefault(skill.name, set()).add(name)
            out.setdefault(name, set()).add(skill.name)
    return {k: frozenset(v) for k, v in out.items()}
