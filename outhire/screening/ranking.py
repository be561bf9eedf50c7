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
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.candidates.models import Candidate, Consent
from outhire.candidates.search import terms
from outhire.pipeline.models import Application
from outhire.requisitions.models import RemotePolicy, Requisition
from outhire.screening import matcher, profiles
from outhire.screening.models import ScoreLog, SimilarityLog

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

    @property
    def must_have(self) -> MustHaveFit | None:
        """Which of the job's required skills this person has, lacks or comes near."""
        return must_have_fit(self.reasons)

    @property
    def other_reason_lines(self) -> list[str]:
        """The reasons in words, but for the required skills (`must_have` shows those)."""
        return reasons_in_words([r for r in self.reasons if r.get("kind") != "skills"])


@dataclass(frozen=True)
class MustHaveFit:
    matched: list[str]
    related: list[str]
    missing: list[str]
    capped: str  # "Score capped at 40: 0 of 3 must-have skills", or ""


def must_have_fit(reasons: list[dict]) -> MustHaveFit | None:
    reason = next((r for r in reasons if r.get("kind") == "skills"), None)
    if reason is None:
        return None
    return MustHaveFit(
        matched=list(reason.get("matched") or []),
        related=list(reason.get("related") or []),
        missing=list(reason.get("missing") or []),
        capped=_cap_line(reasons) or "",
    )


def job_for(requisition: Requisition) -> dict:
    """The matcher's job: the requisition's own must-have and nice-to-have skills travel as
    `required_skills` / `preferred_skills`, so the matcher counts them as chosen (a missing
    must-have caps the score) instead of guessing them from the description."""
    location = requisition.location or ""
    if requisition.remote_policy == RemotePolicy.REMOTE:
        location = f"{location} (remote)".strip()
    job = {
        "id": str(requisition.pk),
        "title": requisition.title,
        "description": requisition.description or "",
        "location": location,
    }
    must = [str(s) for s in requisition.must_have_skills or [] if str(s).strip()]
    nice = [str(s) for s in requisition.nice_to_have_skills or [] if str(s).strip()]
    if must:
        job["required_skills"] = must
    if nice:
        job["preferred_skills"] = nice
    return job


def _digest(job_json: str, candidate_digest: str) -> str:
    return hashlib.sha256(f"{job_json}\n{candidate_digest}".encode()).hexdigest()


def rank_ids(
    *,
    job: dict,
    candidate_ids: list[int],
    limit: int | None = None,
    weights: matcher.Weights | None = None,
) -> list[tuple[int, float, list[dict], str]]:
    """(candidate id, score, reasons, input digest) best first, from the stored feature rows.

    Ids are ranked in ascending order of id, so ties always break the same way.
    """
    ids = sorted(set(candidate_ids))
    rows = profiles.rows_for(ids)
    pool = [profiles.matcher_profile(pk, rows[pk][0]) for pk in ids if pk in rows]
    if not pool:
        return []
    job_json = json.dumps(job, sort_keys=True)
    ranked = matcher.Matcher(pool, weights).rank(job, top=limit)
    return [
        (r["id"], r["score"], r["reasons"], _digest(job_json, rows[r["id"]][1])) for r in ranked
    ]


def rank_for_requisition(
    *,
    requisition: Requisition,
    candidates_qs: QuerySet,
    limit: int | None = None,
    weights: matcher.Weights | None = None,
) -> list[Ranked]:
    """The candidates of `candidates_qs` best first, with score, reasons and input digest.

    People whose processing is restricted or objected to are neither ranked nor scored.
    """
    ids = list(candidates_qs.processing_allowed().values_list("pk", flat=True))
    ranked = rank_ids(job=job_for(requisition), candidate_ids=ids, limit=limit, weights=weights)
    people = Candidate.objects.in_bulk([pk for pk, *_ in ranked])
    return [Ranked(people[pk], score, reasons, digest) for pk, score, reasons, digest in ranked]


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


def eligible_candidates() -> QuerySet:
    """Active candidates who may be approached: an active talent-pool consent, or who applied
    before; never those whose processing is restricted or objected to."""
    now = timezone.now()
    consenting = Consent.objects.filter(
        purpose=Consent.Purpose.TALENT_POOL, withdrawn_at__isnull=True
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    return (
        Candidate.objects.active()
        .processing_allowed()
        .filter(
            Q(pk__in=consenting.values("candidate_id"))
            | Q(pk__in=Application.objects.values("candidate_id"))
        )
    )


def eligible_for_sourcing(requisition: Requisition) -> QuerySet:
    """Eligible candidates (see above) not already in this requisition's pipeline."""
    return eligible_candidates().exclude(
        pk__in=Application.objects.filter(requisition=requisition).values("candidate_id")
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


def match_add(
    *, requisition: Requisition, candidate: Candidate, by: User, request=None
) -> tuple[Application, ScoreLog | None]:
    """A person adds a match to the pipeline as sourced; the decision is noted beside the
    latest score they were shown. ValidationError when the requisition takes no candidates
    or already has this one."""
    from outhire.pipeline.services import application_create

    application = application_create(
        requisition=requisition,
        candidate=candidate,
        by=by,
        source=Candidate.Source.SOURCED,
        request=request,
    )
    log = decision_record(
        requisition=requisition,
        candidate=candidate,
        decision=ScoreLog.Decision.ADDED_TO_PIPELINE,
        by=by,
        application=application,
    )
    return application, log


def _names(values: list[str]) -> str:
    return ", ".join(values)


def _cap_line(reasons: list[dict]) -> str | None:
    """The matcher's note that missing must-have skills lowered the score, in words.

    The matcher adds a `cap` reason whenever some must-have skills are missing (the highest
    score the person could get); it says so only when the cap did lower this person's score.
    """
    cap = next((r for r in reasons if r.get("kind") == "cap"), None)
    if cap is None or not cap.get("applied"):
        return None
    skills = next((r for r in reasons if r.get("kind") == "skills"), None)
    if skills is None or "cap" not in cap or "matched" not in skills:
        text = str(cap.get("text") or f"capped at {cap.get('cap', 0):g}")
        return f"Score {text}"
    matched, related = skills["matched"], skills.get("related") or []
    values = {
        "cap": f"{cap['cap']:.0f}",
        "matched": len(matched),
        "total": len(matched) + len(related) + len(skills.get("missing") or []),
    }
    if skills.get("given"):
        line = _("Score capped at %(cap)s: has %(matched)s of %(total)s must-have skills") % values
    else:
        line = _("Score capped at %(cap)s: has %(matched)s of %(total)s required skills") % values
    if related:
        line += " " + _("(%(count)s more only through a related skill)") % {"count": len(related)}
    return line


def reasons_in_words(reasons: list[dict]) -> list[str]:
    """The matcher's reasons as short sentences for a recruiter, in the active language."""
    lines = []
    for reason in reasons:
        kind = reason.get("kind")
        if kind in {"skills", "preferred_skills"}:
            matched, related, missing = reason["matched"], reason["related"], reason["missing"]
            values = {
                "matched": len(matched),
                "total": len(matched) + len(related) + len(missing),
            }
            # the same words as the skills panel above the list
            if kind == "skills" and reason.get("given"):
                line = _("Has %(matched)s of %(total)s must-have skills") % values
            elif kind == "skills":
                line = _("Has %(matched)s of %(total)s required skills") % values
            elif reason.get("given"):
                line = _("Has %(matched)s of %(total)s nice-to-have skills") % values
            else:
                line = _("Has %(matched)s of %(total)s proposed nice-to-have skills") % values
            if matched:
                line += f" ({_names(matched)})"
            if related:
                line += _("; related experience for %(skills)s") % {"skills": _names(related)}
            if missing:
                line += _("; missing %(skills)s") % {"skills": _names(missing)}
            lines.append(line)
            cap = _cap_line(reasons) if kind == "skills" else None
            if cap:
                lines.append(cap)
        elif kind == "family" and reason.get("unrelated"):
            factor = reason.get("factor")
            if isinstance(factor, int | float) and factor < 1:
                line = _(
                    "Titles and skills are from another line of work than the job's: score "
                    "lowered by %(percent)s%%"
                ) % {"percent": round((1 - factor) * 100)}
            else:
                line = _("Titles and skills are from another line of work than the job's")
            lines.append(line)
        elif kind == "experience":
            lines.append(
                _("%(relevant)s relevant years of the %(required)s asked for")
                % {
                    "relevant": f"{reason['relevant_years']:g}",
                    "required": f"{reason['required_years']:g}",
                }
            )
        elif kind == "title":
            titles = reason.get("candidate_titles") or []
            if titles:
                lines.append(_("Titles: %(titles)s") % {"titles": _names(titles)})
            else:
                lines.append(_("No job titles on record"))
        elif kind == "location":
            lines.append(_("Location: %(fit)s") % {"fit": reason["fit"]})
        elif kind == "text":
            score = reason.get("score") or 0
            lines.append(
                _("The résumé's words match the job description at %(percent)s%%")
                % {"percent": round(score * 100)}
            )
    return lines


SIMILAR = 20


def job_from_candidate(candidate: Candidate) -> dict:
    """A candidate's own profile as a job to match others against (for similar candidates)."""
    row = profiles.rows_for([candidate.pk]).get(candidate.pk)
    features = json.loads(row[0]) if row else {"titles": [], "skills": []}
    names = {w.casefold() for w in f"{candidate.first_name} {candidate.last_name}".split()}
    text = " ".join(
        w for w in (candidate.search_text or "").split() if w.casefold().strip(",.") not in names
    )
    skills = ", ".join(features["skills"])
    titles = features["titles"]
    return {
        "id": f"candidate-{candidate.pk}",
        "title": titles[0] if titles else "",
        "description": f"{text}\nRequirements\n{skills}" if skills else text,
        "location": candidate.location or "",
    }


def similar_candidates(candidate: Candidate, limit: int = SIMILAR) -> list[Ranked]:
    """The talent network's candidates most like `candidate` (same features as best matches:
    a full-text prefilter on their titles and skills, then the matcher), best first.

    Refused (ValidationError) when the person's own processing is stopped: their profile is
    not matched against anyone.
    """
    candidate.check_processing_allowed("comparing them with others by AI")
    job = job_from_candidate(candidate)
    features = json.loads(profiles.rows_for([candidate.pk])[candidate.pk][0])
    query = " ".join([job["title"], *features["skills"][:10]])
    pool = eligible_candidates().exclude(pk=candidate.pk)
    ids = prefilter_ids(pool, terms(query))
    ranked = rank_ids(job=job, candidate_ids=ids, limit=limit)
    people = Candidate.objects.in_bulk([pk for pk, *_ in ranked])
    return [Ranked(people[pk], score, reasons, digest) for pk, score, reasons, digest in ranked]


def log_similar_shown(origin: Candidate, rows: list[Ranked], user: User) -> list[SimilarityLog]:
    """Record every similarity score shown to `user`, in one query."""
    now = timezone.now()
    return SimilarityLog.objects.bulk_create(
        [
            SimilarityLog(
                origin=origin,
                candidate=row.candidate,
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


def similar_decision_record(
    *, origin: Candidate, candidate: Candidate, application: Application, by: User | None
) -> SimilarityLog | None:
    """Note on the latest similarity score shown for this pair that a person added the
    candidate to a pipeline (and which)."""
    log = (
        SimilarityLog.objects.filter(origin=origin, candidate=candidate)
        .order_by("-shown_at", "-id")
        .first()
    )
    if log is None:
        return None
    log.decision = SimilarityLog.Decision.ADDED_TO_PIPELINE
    log.requisition_id = application.requisition_id
    log.application = application
    log.decided_by = by
    log.decided_at = timezone.now()
    log.save(update_fields=["decision", "requisition", "application", "decided_by", "decided_at"])
    return log
