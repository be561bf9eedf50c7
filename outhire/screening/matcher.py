"""Score candidates against a job: a 0-100 score per candidate with the reasons behind it.

Pure Python, no Django. The score is a weighted mean of components, each in 0..1:

- `required_skills`, `preferred_skills`: taxonomy skills of the job (aliases resolved: "JS" is
  JavaScript) found in the candidate's resume; a related skill earns `RELATED_CREDIT`;
- `experience`: years of relevant experience against the years the job asks for ("5+ years");
- `title`: the job title against the candidate's titles (headline and positions);
- `field`: how much of the candidate's titles the job text talks about (the field of work);
- `location`: same city / region / country; a remote job ignores location;
- `text`: BM25 relevance of the whole resume to the whole job, relative to the best candidate;
- `feedback`: BM25 relevance to the words that characterise the first pass's ten best candidates
  (pseudo-relevance feedback), which finds people of the same field whose resume uses other words.

A component that does not apply (the job names no skills, asks for no years) is left out and the
other weights are rescaled, so the score stays 0-100. Ties are broken by input order, so the
ranking is deterministic. Scores of `title` and `text` are relative to the candidate pool: the
same resume can score differently against another pool.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from outhire.screening import resume_lexicon as lex
from outhire.screening import taxonomy
from outhire.screening.resume_parser import parse_resume, total_years

MATCHER_VERSION = "1.0"

# A related skill (Kotlin for a Java job) is evidence, but weaker than the skill itself.
RELATED_CREDIT = 0.5
# Years in positions unrelated to the job still count for something (transferable experience).
UNRELATED_YEARS_CREDIT = 0.5
BM25_K1, BM25_B = 1.2, 0.75
# Pseudo-relevance feedback: terms taken from the best first-pass candidates.
FEEDBACK_DOCS, FEEDBACK_TERMS = 20, 40
# Without a stated place, a candidate is neither a good nor a bad location fit.
UNKNOWN_LOCATION_FIT = 0.5


@dataclass(frozen=True)
class Weights:
    """Relative weights of the components; they need not sum to 1.

    The defaults were tuned on half of the evaluation jobs and checked on the other half (see
    docs/matching.md); `feedback` is heavy because it was the strongest single signal there.
    """

    required_skills: float = 0.10
    preferred_skills: float = 0.05
    experience: float = 0.05
    title: float = 0.10
    field: float = 0.15
    location: float = 0.05
    text: float = 0.20
    feedback: float = 1.00


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
REMOTE_RE = re.compile(r"\b(?:remote|work from home|telecommut\w*|anywhere)\b", re.IGNORECASE)
STEM_LENGTH = 6


def words(text: str) -> list[str]:
    """Lower-case word stems without stopwords.

    Stems are the first `STEM_LENGTH` letters: crude, but it joins "accountant"/"accounting" and
    "engineer"/"engineering" without a language-specific stemmer.
    """
    return [
        w[:STEM_LENGTH]
        for w in WORD_RE.findall(text.lower())
        if len(w) > 1 and w not in STOPWORDS and not w.isdigit()
    ]


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


def job_profile(job: dict) -> JobProfile:
    """What matching needs from a job: its skills split into required and preferred, its years."""
    title = str(job.get("title") or "")
    description = str(job.get("description") or "")
    location = str(job.get("location") or "")
    required_text, preferred_text = _split_preferred(description)
    required = _skill_names(title + "\n" + required_text)
    preferred = [s for s in _skill_names(preferred_text) if s not in required]
    years = [float(m.group(1)) for m in YEARS_REQUIRED_RE.finditer(required_text)]
    all_words = words(title + "\n" + description)
    return JobProfile(
        id=str(job.get("id", "")),
        title=title,
        words=all_words,
        title_words=words(title),
        required_skills=required,
        preferred_skills=preferred,
        # the largest stated figure is the real bar ("BS and 3 years, or 5 years of experience")
        required_years=min(max(years), 20.0) if years else None,
        location=location,
        remote=bool(REMOTE_RE.search(title + " " + location)),
        word_set=frozenset(all_words),
    )


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


# ---------------------------------------------------------------------------- BM25


class TextIndex:
    """BM25 (Robertson and Zaragoza, 2009) over a fixed set of documents, with an inverted index.

    A term's postings (document, weight) are built the first time a query asks for the term and
    kept, so ranking many candidates for one job touches only the job's terms, and ranking many
    jobs against one pool builds each posting list once.
    """

    def __init__(self, docs: list[list[str]] | list[dict[str, int]]) -> None:
        # a document is its words, or their counts in order of first occurrence
        self.docs = [d if isinstance(d, dict) else Counter(d) for d in docs]
        lengths = [sum(c.values()) for c in self.docs]
        self.size = len(docs)
        avg = sum(lengths) / self.size if self.size else 0.0
        df: Counter[str] = Counter()
        for counts in self.docs:
            df.update(counts.keys())
        self.idf = {t: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        self.norms = [
            BM25_K1 * (1 - BM25_B + BM25_B * length / avg) if avg else BM25_K1 for length in lengths
        ]
        self._postings: dict[str, list[tuple[int, float]]] = {}

    def postings(self, term: str) -> list[tuple[int, float]]:
        found = self._postings.get(term)
        if found is None:
            idf = self.idf.get(term)
            found = []
            if idf is not None:
                for i, counts in enumerate(self.docs):
                    tf = counts.get(term)
                    if tf:
                        found.append((i, idf * tf * (BM25_K1 + 1) / (tf + self.norms[i])))
            self._postings[term] = found
        return found

    def scores(self, query: list[str]) -> list[float]:
        # a term repeated in the query counts more, but with diminishing returns
        return self.weighted_scores(
            {term: 1 + math.log(count) for term, count in Counter(query).items()}
        )

    def weighted_scores(self, query: dict[str, float]) -> list[float]:
        out = [0.0] * self.size
        for term, boost in query.items():
            for i, weight in self.postings(term):
                out[i] += weight * boost
        return out

    def feedback_query(self, docs: list[dict[str, int]], size: int) -> dict[str, float]:
        """The `size` terms most characteristic of `docs` (tf-idf summed), as a weighted query.

        Pseudo-relevance feedback (Rocchio; Lavrenko and Croft's relevance models): the best
        first-pass matches show what else the job's field talks about.
        """
        mass: Counter[str] = Counter()
        for counts in docs:
            length = sum(counts.values())
            if not length:
                continue
            for term, tf in counts.items():
                mass[term] += tf / length * self.idf.get(term, 0.0)
        top = mass.most_common(size)
        best = top[0][1] if top else 0.0
        return {term: value / best for term, value in top} if best > 0 else {}


# ---------------------------------------------------------------------------- matching


class Matcher:
    """Ranks one fixed pool of candidates against any number of jobs."""

    def __init__(
        self,
        candidates: list[CandidateProfile],
        weights: Weights | None = None,
    ) -> None:
        self.candidates = candidates
        self.weights = weights or Weights()
        self.text_index = TextIndex([c.counts() for c in candidates])
        self.title_index = TextIndex([c.title_words for c in candidates])
        self.related = _related_map()

    def rank(self, job: dict | JobProfile, top: int | None = None) -> list[dict]:
        """Candidates best first: [{"id", "score", "reasons"}]; reasons only for those returned."""
        profile = job if isinstance(job, JobProfile) else job_profile(job)
        text = _relative(self.text_index.scores(profile.words))
        titles = _relative(self.title_index.scores(profile.title_words))
        scored = []
        for i, cand in enumerate(self.candidates):
            parts = self._components(profile, cand, text[i], titles[i])
            scored.append((-self._combine(parts), i, parts))
        scored.sort(key=lambda item: (item[0], item[1]))
        if self.weights.feedback > 0 and scored:
            scored = self._rescore_with_feedback(scored)
        chosen = scored if top is None else scored[:top]
        return [
            {
                "id": self.candidates[i].id,
                "score": round(-neg, 2),
                "reasons": self._reasons(profile, self.candidates[i], parts),
            }
            for neg, i, parts in chosen
        ]

    def _rescore_with_feedback(self, scored: list) -> list:
        """Second pass: add similarity to the first pass's best candidates (see feedback_query)."""
        first = [self.candidates[i].counts() for _, i, _ in scored[:FEEDBACK_DOCS]]
        query = self.text_index.feedback_query(first, FEEDBACK_TERMS)
        feedback = _relative(self.text_index.weighted_scores(query))
        rescored = []
        for _, i, parts in scored:
            parts["feedback"] = feedback[i]
            rescored.append((-self._combine(parts), i, parts))
        rescored.sort(key=lambda item: (item[0], item[1]))
        return rescored

    def _combine(self, parts: dict[str, float | None]) -> float:
        total = weight_sum = 0.0
        for name, value in parts.items():
            weight = getattr(self.weights, name)
            if value is None or weight <= 0:
                continue
            total += weight * value
            weight_sum += weight
        return 100 * total / weight_sum if weight_sum else 0.0

    def _components(
        self, job: JobProfile, cand: CandidateProfile, text: float, title: float
    ) -> dict[str, float | None]:
        return {
            "required_skills": self._skills_fit(job.required_skills, cand)[0],
            "preferred_skills": self._skills_fit(job.preferred_skills, cand)[0],
            "experience": self._experience_fit(job, cand)[0],
            "title": title if job.title_words else None,
            "field": _field_fit(job, cand),
            "location": _location_fit(job, cand)[0],
            "text": text,
            # filled in by the second pass
            "feedback": None,
        }

    def _skills_fit(
        self, wanted: list[str], cand: CandidateProfile
    ) -> tuple[float | None, dict[str, list[str]]]:
        if not wanted:
            return None, {"matched": [], "related": [], "missing": []}
        matched, related, missing = [], [], []
        for skill in wanted:
            if skill in cand.skills:
                matched.append(skill)
            elif self.related.get(skill, frozenset()) & cand.skills:
                related.append(skill)
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
        self, job: JobProfile, cand: CandidateProfile, parts: dict[str, float | None]
    ) -> list[dict]:
        reasons: list[dict] = []
        if parts["required_skills"] is not None:
            _, detail = self._skills_fit(job.required_skills, cand)
            reasons.append({"kind": "skills", "score": _r(parts["required_skills"]), **detail})
        if parts["preferred_skills"] is not None:
            _, detail = self._skills_fit(job.preferred_skills, cand)
            reasons.append(
                {"kind": "preferred_skills", "score": _r(parts["preferred_skills"]), **detail}
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
        _, fit = _location_fit(job, cand)
        reasons.append({"kind": "location", "score": _r(parts["location"]), "fit": fit})
        reasons.append(
            {"kind": "text", "score": _r(parts["text"]), "feedback_score": _r(parts["feedback"])}
        )
        return reasons


def rank(
    job: dict, candidates: list[dict], weights: Weights | None = None, top: int | None = None
) -> list[dict]:
    """Convenience: rank `candidates` ({"id", "text"}) for one job."""
    profiles = [candidate_profile(c.get("id", ""), c.get("text", "")) for c in candidates]
    return Matcher(profiles, weights).rank(job, top)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _relative(scores: list[float]) -> list[float]:
    best = max(scores, default=0.0)
    return [s / best for s in scores] if best > 0 else [0.0] * len(scores)


def _field_fit(job: JobProfile, cand: CandidateProfile) -> float:
    """Share of the candidate's title words that the job text uses: is this their field?"""
    if not cand.title_words:
        return 0.0
    hits = sum(1 for w in cand.title_words if w in job.word_set)
    return hits / len(cand.title_words)


def _relevant_years(job: JobProfile, cand: CandidateProfile) -> float:
    title_words = set(job.title_words)
    relevant = [w for w, ws in zip(cand.work, cand.position_words, strict=True) if title_words & ws]
    total = cand.total_years
    related_years = total_years(relevant) if relevant else 0.0
    return related_years + UNRELATED_YEARS_CREDIT * max(0.0, total - related_years)


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
