"""Rank a requisition's applicants and the talent network with the matcher, from stored data.

The matcher (`matcher.py`) is pure Python; this module builds its job profile from a
requisition and its candidate profiles from what the database already holds (search text,
skill and work entries, location, years of experience), so ranking reads no files and parses no
resumes. Every score shown to a person is logged (`ScoreLog`) with the matcher version and a
digest of the inputs, so a score can later be explained and compared with what people decided.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from outhire.candidates.models import Candidate, Consent, ProfileEntry
from outhire.candidates.search import terms
from outhire.pipeline.models import Application
from outhire.requisitions.models import RemotePolicy, Requisition
from outhire.screening import matcher, taxonomy
from outhire.screening import resume_lexicon as lex
from outhire.screening.models import ScoreLog
from outhire.screening.resume_parser import _total_years

if TYPE_CHECKING:
    from outhire.accounts.models import User

PREFILTER_LIMIT = 2_000
BEST_MATCHES = 25


@dataclass
class Ranked:
    candidate: Candidate
    score: float
    reasons: list[dict]
    digest: str
    application: Application | None = None

    @property
    def reason_lines(self) -> list[str]:
        return reasons_in_words(self.reasons)


def job_for(requisition: Requisition) -> dict:
    """The matcher's job: must-have skills as requirements, nice-to-haves under their heading."""
    must = ", ".join(str(s) for s in requisition.must_have_skills or [])
    nice = ", ".join(str(s) for s in requisition.nice_to_have_skills or [])
    description = requisition.description or ""
    if must:
        description += f"\nRequirements\n{must}"
    if nice:
        description += f"\nNice to have\n{nice}"
    location = requisition.location or ""
    if requisition.remote_policy == RemotePolicy.REMOTE:
        location = f"{location} (remote)".strip()
    return {
        "id": str(requisition.pk),
        "title": requisition.title,
        "description": description,
        "location": location,
    }


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


def profile_for(candidate: Candidate) -> tuple[matcher.CandidateProfile, str]:
    """(profile, inputs as canonical JSON) from the candidate and its prefetched entries."""
    entries = candidate.ranking_entries  # prefetched: visible skill and work entries
    text = candidate.search_text or candidate.search_text_from(entries=entries)
    skills = {m.name for m in taxonomy.find_skills(text)}
    for entry in entries:
        if entry.kind == ProfileEntry.Kind.SKILL:
            skills.add(taxonomy.canonical(entry.name) or entry.name)
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
        else _total_years(work)
    )
    location = _location(candidate.location)
    profile = matcher.CandidateProfile(
        id=candidate.pk,
        words=matcher.words(text),
        title_words=matcher.words(" ".join(titles[:4])),
        titles=titles,
        skills=frozenset(skills),
        work=work,
        position_words=[frozenset(matcher.words(w["position"])) for w in work],
        total_years=years,
        location=location,
    )
    inputs = {
        "text": text,
        "titles": titles,
        "skills": sorted(skills),
        "work": work,
        "years": years,
        "location": location,
    }
    return profile, json.dumps(inputs, sort_keys=True)


def with_ranking_data(queryset: QuerySet) -> QuerySet:
    entries = ProfileEntry.objects.filter(
        hidden=False, kind__in=[ProfileEntry.Kind.SKILL, ProfileEntry.Kind.WORK]
    )
    return queryset.prefetch_related(Prefetch("profile_entries", entries, "ranking_entries"))


def rank_for_requisition(
    *,
    requisition: Requisition,
    candidates_qs: QuerySet,
    limit: int | None = None,
    weights: matcher.Weights | None = None,
) -> list[Ranked]:
    """The candidates of `candidates_qs` best first, with score, reasons and input digest."""
    candidates = list(with_ranking_data(candidates_qs))
    if not candidates:
        return []
    job = job_for(requisition)
    job_json = json.dumps(job, sort_keys=True)
    profiles, digests = [], {}
    for candidate in candidates:
        profile, inputs = profile_for(candidate)
        profiles.append(profile)
        digests[candidate.pk] = hashlib.sha256(f"{job_json}\n{inputs}".encode()).hexdigest()
    by_id = {c.pk: c for c in candidates}
    ranking = matcher.Matcher(profiles, weights).rank(job, top=limit)
    return [
        Ranked(by_id[row["id"]], row["score"], row["reasons"], digests[row["id"]])
        for row in ranking
    ]


def rank_applicants(
    requisition: Requisition, weights: matcher.Weights | None = None
) -> list[Ranked]:
    """The requisition's active applications, ranked."""
    applications = {
        a.candidate_id: a
        for a in Application.objects.filter(
            requisition=requisition, status=Application.Status.ACTIVE
        ).select_related("stage")
    }
    ranked = rank_for_requisition(
        requisition=requisition,
        candidates_qs=Candidate.objects.filter(pk__in=list(applications)),
        weights=weights,
    )
    for row in ranked:
        row.application = applications[row.candidate.pk]
    return ranked


def eligible_for_sourcing(requisition: Requisition) -> QuerySet:
    """Active candidates who may be approached: an active talent-pool consent, or who applied
    before; and not already in this requisition's pipeline."""
    now = timezone.now()
    consenting = Consent.objects.filter(
        purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    return (
        Candidate.objects.active()
        .filter(
            Q(pk__in=consenting.values("candidate_id"))
            | Q(pk__in=Application.objects.values("candidate_id"))
        )
        .exclude(pk__in=Application.objects.filter(requisition=requisition).values("candidate_id"))
    )


def prefilter_ids(queryset: QuerySet, words: list[str], limit: int = PREFILTER_LIMIT) -> list[int]:
    """Ids of the `limit` candidates whose search text best matches any of `words`."""
    if not words:
        return []
    if connection.vendor == "sqlite":
        match = " OR ".join(f'"{w}"' for w in words)
        matched = queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
            tables=["candidates_fts"],
            where=["candidates_fts.rowid = candidates_candidate.id", "candidates_fts MATCH %s"],
            params=[match],
            select={"relevance": "-candidates_fts.rank"},
        )
    else:
        match = " | ".join(words)
        matched = queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
            where=["candidates_candidate.search_vector @@ to_tsquery('english', %s)"],
            params=[match],
            select={
                "relevance": "ts_rank(candidates_candidate.search_vector, "
                "to_tsquery('english', %s))"
            },
            select_params=[match],
        )
    return list(matched.order_by("-relevance", "id").values_list("id", flat=True)[:limit])


def best_matches(
    requisition: Requisition,
    weights: matcher.Weights | None = None,
    limit: int = BEST_MATCHES,
) -> list[Ranked]:
    """The talent network's best matches: full-text prefilter on the title and must-have
    skills, then the matcher on those few thousand."""
    query = " ".join([requisition.title, *map(str, requisition.must_have_skills or [])])
    ids = prefilter_ids(eligible_for_sourcing(requisition), terms(query))
    return rank_for_requisition(
        requisition=requisition,
        candidates_qs=Candidate.objects.filter(pk__in=ids),
        limit=limit,
        weights=weights,
    )


def log_shown(requisition: Requisition, rows: list[Ranked], user: User) -> list[ScoreLog]:
    """Record every score shown to `user`, in one query."""
    now = timezone.now()
    return ScoreLog.objects.bulk_create(
        [
            ScoreLog(
                client_id=requisition.client_id,
                requisition=requisition,
                candidate=row.candidate,
                application=row.application,
                matcher_version=matcher.MATCHER_VERSION,
                input_digest=row.digest,
                score=row.score,
                reasons=row.reasons,
                shown_to=user,
                shown_at=now,
            )
            for row in rows
        ]
    )


def decision_record(
    *,
    requisition: Requisition,
    candidate: Candidate,
    decision: str,
    by: User | None,
    application: Application | None = None,
) -> ScoreLog | None:
    """Note on the latest score shown for this candidate and requisition what a person decided."""
    log = (
        ScoreLog.objects.filter(requisition=requisition, candidate=candidate)
        .order_by("-shown_at", "-id")
        .first()
    )
    if log is None:
        return None
    log.decision = decision
    log.decided_by = by
    log.decided_at = timezone.now()
    if application is not None:
        log.application = application
    log.save(update_fields=["decision", "decided_by", "decided_at", "application"])
    return log


def _names(values: list[str]) -> str:
    return ", ".join(values)


def reasons_in_words(reasons: list[dict]) -> list[str]:
    """The matcher's reasons as short sentences for a recruiter."""
    lines = []
    for reason in reasons:
        kind = reason.get("kind")
        if kind in {"skills", "preferred_skills"}:
            label = "required" if kind == "skills" else "preferred"
            matched, related, missing = reason["matched"], reason["related"], reason["missing"]
            total = len(matched) + len(related) + len(missing)
            line = f"Has {len(matched)} of {total} {label} skills"
            if matched:
                line += f" ({_names(matched)})"
            if related:
                line += f"; related experience for {_names(related)}"
            if missing:
                line += f"; missing {_names(missing)}"
            lines.append(line)
        elif kind == "experience":
            lines.append(
                f"{reason['relevant_years']:g} relevant years of the "
                f"{reason['required_years']:g} asked for"
            )
        elif kind == "title":
            titles = reason.get("candidate_titles") or []
            if titles:
                lines.append(f"Titles: {_names(titles)}")
            else:
                lines.append("No job titles on record")
        elif kind == "location":
            lines.append(f"Location: {reason['fit']}")
        elif kind == "text":
            score = reason.get("score") or 0
            lines.append(f"Profile text matches the job description at {round(score * 100)}%")
    return lines
