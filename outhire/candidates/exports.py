"""Exporting a selection of candidates: CSV for spreadsheets, JSON Resume for other systems.

The selection is either candidate ids (ticked on the list page) or the list page's search,
resolved with the same `search_candidates` the page uses, over the candidates the caller may
see. Only active candidates (not merged away, not anonymised) leave, at most EXPORT_LIMIT at
once. Notes never leave: they are the provider's working notes, not the candidate's data.

Both formats carry the same facts. The CSV's column names are the ones the importer
recognises, so an export can be imported into another Outhire as it is.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.tenancy import Access
from outhire.candidates.models import Candidate, ContactPoint, ProfileEntry
from outhire.candidates.search import SearchFilters, search_candidates, terms
from outhire.lib.formatting import number
from outhire.lib.spreadsheet_csv import csv_writer

EXPORT_LIMIT = 10_000
FORMATS = {"csv": "CSV", "json": "JSON Resume"}
JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
CSV_COLUMNS = [
    "outhire_id",
    "external_ref",
    "first_name",
    "last_name",
    "emails",
    "phones",
    "location",
    "address",
    "current_title",
    "current_employer",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "source",
    "source_detail",
    "tags",
    "skills",
    "summary",
    "years_experience",
    "owner",
    "created_at",
    "last_activity_at",
]


class ExportError(ValueError):
    """The selection cannot be exported; `str(error)` is a sentence for the person asking."""


@dataclass
class Export:
    content: bytes
    content_type: str
    filename: str
    ids: list[int]


def export_selection(
    *,
    access: Access,
    ids: list[int] | None = None,
    query: str = "",
    filters: SearchFilters | None = None,
) -> list[int]:
    """Ids of the candidates to export, in the list page's order (ExportError when none or
    too many)."""
    base = Candidate.objects.visible_to(access).active()
    if ids:
        if len(set(ids)) > EXPORT_LIMIT:
            raise ExportError(
                _("At most %(limit)s candidates can be exported at once; %(n)s were selected.")
                % {"limit": number(EXPORT_LIMIT), "n": number(len(set(ids)))}
            )
        found = list(
            base.filter(pk__in=set(ids))
            .order_by("-last_activity_at", "-id")
            .values_list("pk", flat=True)
        )
    elif terms(query):
        page = search_candidates(base, query, filters, limit=EXPORT_LIMIT + 1)
        if page.total_is_capped or page.total > EXPORT_LIMIT:
            raise _too_many()
        found = [hit.candidate.pk for hit in page.hits]
    else:
        # No words: the page's order (most recent activity first), without loading everyone.
        scope = (filters or SearchFilters()).apply(base).distinct()
        found = list(scope.order_by("-last_activity_at", "-id").values_list("pk", flat=True))
        found = found[: EXPORT_LIMIT + 1]
        if len(found) > EXPORT_LIMIT:
            raise _too_many()
    if not found:
        raise ExportError(_("There are no candidates to export in this selection."))
    return found


def _too_many() -> ExportError:
    return ExportError(
        _(
            "This search matches more than %(limit)s candidates, the most one export may "
            "hold. Narrow the search (by location, tags or a talent pool), or tick the "
            "candidates to export."
        )
        % {"limit": number(EXPORT_LIMIT)}
    )


def _candidates(ids: list[int]) -> list[Candidate]:
    """The candidates with everything an export shows, in the given order."""
    queryset: QuerySet = (
        Candidate.objects.select_related("owner")
        .defer("search_text")
        .prefetch_related(
            "contact_points",
            "tags",
            Prefetch("profile_entries", queryset=ProfileEntry.objects.filter(hidden=False)),
        )
    )
    by_id = {}
    for start in range(0, len(ids), 1000):
        by_id.update(queryset.in_bulk(ids[start : start + 1000]))
    return [by_id[pk] for pk in ids if pk in by_id]


def _points(candidate: Candidate, kind: str) -> list[str]:
    return [p.value for p in candidate.contact_points.all() if p.kind == kind]


def _entries(candidate: Candidate, kind: str) -> list[ProfileEntry]:
    return [e for e in candidate.profile_entries.all() if e.kind == kind]


def _csv_row(candidate: Candidate) -> list[str]:
    values = {
        "outhire_id": candidate.pk,
        "emails": "; ".join(_points(candidate, ContactPoint.Kind.EMAIL)),
        "phones": "; ".join(_points(candidate, ContactPoint.Kind.PHONE)),
        "tags": "; ".join(t.name for t in candidate.tags.all()),
        "skills": "; ".join(e.name for e in _entries(candidate, ProfileEntry.Kind.SKILL)),
        "years_experience": candidate.years_experience if candidate.years_experience else "",
        "owner": candidate.owner.email if candidate.owner else "",
        "created_at": candidate.created_at.isoformat(timespec="seconds"),
        "last_activity_at": candidate.last_activity_at.isoformat(timespec="seconds"),
    }
    return [
        str(values[name] if name in values else getattr(candidate, name)) for name in CSV_COLUMNS
    ]


def _iso(day) -> str:
    return day.isoformat() if day else ""


def json_resume(candidate: Candidate) -> dict:
    """The candidate as a JSON Resume (schema v1); what the schema has no place for goes in
    `meta.outhire`. Empty values are left out, as the schema's validators expect."""
    emails = _points(candidate, ContactPoint.Kind.EMAIL)
    phones = _points(candidate, ContactPoint.Kind.PHONE)
    profiles = [
        {"network": network, "url": url}
        for network, url in (("LinkedIn", candidate.linkedin_url), ("GitHub", candidate.github_url))
        if url
    ]
    basics = {
        "name": candidate.full_name,
        "label": candidate.current_title,
        "email": emails[0] if emails else "",
        "phone": phones[0] if phones else "",
        "url": candidate.portfolio_url,
        "summary": candidate.summary,
        "location": _compact({"address": candidate.address, "city": candidate.location}),
        "profiles": profiles,
    }
    work = [
        {
            "name": e.name,
            "position": e.title,
            "startDate": _iso(e.start_date),
            "endDate": _iso(e.end_date),
            "summary": e.summary,
        }
        for e in _entries(candidate, ProfileEntry.Kind.WORK)
    ]
    education = [
        {
            "institution": e.name,
            "studyType": e.title,
            "area": e.detail,
            "startDate": _iso(e.start_date),
            "endDate": _iso(e.end_date),
        }
        for e in _entries(candidate, ProfileEntry.Kind.EDUCATION)
    ]
    skills = [
        {"name": e.name, "level": e.detail} for e in _entries(candidate, ProfileEntry.Kind.SKILL)
    ]
    return _compact(
        {
            "$schema": JSON_RESUME_SCHEMA,
            "basics": _compact(basics),
            "work": [_compact(w) for w in work],
            "education": [_compact(e) for e in education],
            "skills": [_compact(s) for s in skills],
            "meta": {
                "lastModified": candidate.updated_at.isoformat(timespec="seconds"),
                "outhire": _compact(
                    {
                        "id": candidate.pk,
                        "externalRef": candidate.external_ref,
                        "emails": emails,
                        "phones": phones,
                        "tags": [t.name for t in candidate.tags.all()],
                        "source": candidate.source,
                        "sourceDetail": candidate.source_detail,
                        "currentEmployer": candidate.current_employer,
                        "yearsOfExperience": (
                            float(candidate.years_experience)
                            if candidate.years_experience is not None
                            else None
                        ),
                    }
                ),
            },
        }
    )


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in ("", None, [], {})}


def candidates_export(
    *, ids: list[int], file_format: str, by, request: HttpRequest | None = None
) -> Export:
    """The file of these candidates, and an audit event saying who took whom out."""
    if file_format not in FORMATS:
        raise ExportError(_("Choose the format of the export: csv or json."))
    candidates = _candidates(ids)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_csv_row(c) for c in candidates)
        # With a BOM, so spreadsheet programs read the file as UTF-8.
        export = Export(
            buffer.getvalue().encode("utf-8-sig"),
            "text/csv; charset=utf-8",
            f"candidates-{stamp}.csv",
            [c.pk for c in candidates],
        )
    else:
        resumes = [json_resume(c) for c in candidates]
        export = Export(
            json.dumps(resumes, ensure_ascii=False, indent=1).encode(),
            "application/json",
            f"candidates-{stamp}.json",
            [c.pk for c in candidates],
        )
    # Who and how many, never names or addresses: the ids say whom, for those allowed to look.
    audit.record(
        "candidates.exported",
        actor=by,
        request=request,
        changes={"format": file_format, "count": len(export.ids), "ids": export.ids},
    )
    return export


def export_response(export: Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
