"""Stored feature rows (`ScreeningProfile`): what the matcher needs of each candidate, kept ready.

`profile_inputs` computes a candidate's inputs from the database (search text, visible skill and
work entries, titles, years, location); `row_from_inputs` turns them into a compact row, and
`matcher_profile` turns a row back into the matcher's `CandidateProfile` without re-reading the
text. Rows carry FEATURES_VERSION (which includes the matcher's version): a row of another
version, or one marked stale by a change to the candidate, is rebuilt when it is next needed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from outhire.candidates.models import Candidate, ProfileEntry
from outhire.screening import matcher, taxonomy
from outhire.screening import resume_lexicon as lex
from outhire.screening.models import ScreeningProfile
from outhire.screening.resume_parser import total_years

FEATURES_VERSION = f"{matcher.MATCHER_VERSION}.1"
REFRESH_BATCH = 500


def _location(place: str) -> dict:
    parts = [p.strip() for p in place.split(",") if p.strip()]
    if not parts:
        return {}
    last = parts[-1].casefold()
    country = lex.COUNTRIES.get(last) or lex.REGION_COUNTRY.get(last) or ""
    return {
        "city": parts[0] if len(parts) > 1 or not country else "",
        "region": parts[1] if len(parts) > 2 else "",
        "countryCode": country,
    }


def _month(value) -> str:
    return value.isoformat()[:7] if value else ""


def with_ranking_data(queryset: QuerySet) -> QuerySet:
    entries = ProfileEntry.objects.filter(
        hidden=False, kind__in=[ProfileEntry.Kind.SKILL, ProfileEntry.Kind.WORK]
    )
    return queryset.prefetch_related(Prefetch("profile_entries", entries, "ranking_entries"))


def profile_inputs(candidate: Candidate) -> dict:
    """The matcher's inputs of one candidate, from the candidate and its prefetched entries."""
    entries = candidate.ranking_entries
    text = candidate.search_text or candidate.search_text_from(entries=entries)
    skills = {m.name for m in taxonomy.find_skills(text)}
    for entry in entries:
        if entry.kind == ProfileEntry.Kind.SKILL:
            skills.add(entry.skill or entry.name)
    work = [
        {"position": e.title, "startDate": _month(e.start_date), "endDate": _month(e.end_date)}
        for e in entries
        if e.kind == ProfileEntry.Kind.WORK and e.start_date
    ]
    work_titles = [e.title for e in entries if e.kind == ProfileEntry.Kind.WORK]
    titles = [t for t in [candidate.current_title, *work_titles] if t]
    years = (
        float(candidate.years_experience)
        if candidate.years_experience is not None
        else total_years(work)
    )
    return {
        "text": text,
        "titles": titles,
        "skills": sorted(skills),
        "work": work,
        "years": years,
        "location": _location(candidate.location),
    }


def row_from_inputs(candidate_id: int, inputs: dict) -> ScreeningProfile:
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    features = {
        "terms": Counter(matcher.words(inputs["text"])),
        "title_words": matcher.words(" ".join(inputs["titles"][:4])),
        "titles": inputs["titles"],
        "skills": inputs["skills"],
        "work": inputs["work"],
        "position_words": [matcher.words(w["position"]) for w in inputs["work"]],
        "years": inputs["years"],
        "location": inputs["location"],
    }
    return ScreeningProfile(
        candidate_id=candidate_id,
        version=FEATURES_VERSION,
        stale=False,
        features=json.dumps(features, separators=(",", ":")),
        input_digest=digest,
        refreshed_at=timezone.now(),
    )


def matcher_profile(candidate_id: int, features: str) -> matcher.CandidateProfile:
    """The matcher's view of a stored row: no text to split, no taxonomy look-ups."""
    f = json.loads(features)
    return matcher.CandidateProfile(
        id=candidate_id,
        words=[],
        term_counts=f["terms"],
        title_words=f["title_words"],
        titles=f["titles"],
        skills=frozenset(f["skills"]),
        work=f["work"],
        position_words=[frozenset(p) for p in f["position_words"]],
        total_years=f["years"],
        location=f["location"],
    )


def refresh(candidate_ids: Iterable[int]) -> list[ScreeningProfile]:
    """Rebuild the rows of these candidates from the database, in batches."""
    ids = list(candidate_ids)
    rows: list[ScreeningProfile] = []
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        candidates = with_ranking_data(Candidate.objects.filter(pk__in=chunk))
        batch = [row_from_inputs(c.pk, profile_inputs(c)) for c in candidates]
        ScreeningProfile.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["candidate"],
            update_fields=[
                f.name for f in ScreeningProfile._meta.concrete_fields if f.name != "candidate"
            ],
        )
        rows += batch
    return rows


def rows_for(candidate_ids: list[int]) -> dict[int, tuple[str, str]]:
    """{candidate id: (features, input digest)} of these candidates, rebuilding the rows that
    are missing, stale or of another version."""
    rows = {
        pk: (features, digest)
        for pk, features, digest in ScreeningProfile.objects.filter(
            candidate_id__in=candidate_ids, version=FEATURES_VERSION, stale=False
        ).values_list("candidate_id", "features", "input_digest")
    }
    missing = [pk for pk in candidate_ids if pk not in rows]
    if missing:
        rows.update({r.candidate_id: (r.features, r.input_digest) for r in refresh(missing)})
    return rows


def mark_stale(candidate_id: int) -> None:
    ScreeningProfile.objects.filter(candidate_id=candidate_id, stale=False).update(stale=True)


def outdated_ids() -> QuerySet:
    """Active candidates whose row is missing, stale or of an older version."""
    current = ScreeningProfile.objects.filter(version=FEATURES_VERSION, stale=False)
    return (
        Candidate.objects.active()
        .exclude(pk__in=current.values("candidate_id"))
        .values_list("pk", flat=True)
    )
