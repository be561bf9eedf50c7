"""Candidates, their notes, consents and documents, talent pools, and exports, in the JSON API.

Scoped exactly as the staff app: only provider staff (and provider-wide tokens) reach the talent
network; for a client's user or token every path here answers 404. A read-only token reads.
"""

# No `from __future__ import annotations` here: django-ninja builds its query-parameter models
# from the annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict, field_validator

from outhire.accounts import api_auth
from outhire.accounts.models import Client, User
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates import exports, services
from outhire.candidates.forms import PHONE_CHARACTERS, staff_users, tags_from_names
from outhire.candidates.models import (
    Candidate,
    Consent,
    ContactPoint,
    Document,
    Note,
    ProfileEntry,
    TalentPool,
)
from outhire.candidates.search import MAX_COUNT, SearchFilters, search_candidates
from outhire.candidates.tasks import parse_document
from outhire.candidates.views import document_response, max_upload_bytes
from outhire.lib.api.errors import ErrorOut
from outhire.lib.api.fields import Id, IsoDate, IsoDateTime, StrictBool
from outhire.lib.api.pagination import Pagination
from outhire.lib.forms import split_values
from outhire.lib.i18n import language_codes
from outhire.lib.tasks import enqueue
from outhire.requisitions.models import StageKind


def _require_staff(request: HttpRequest) -> None:
    if not request.access.is_provider_staff:
        raise Http404


# The talent network is the provider's: an outsider is refused (404) as part of authentication,
# before the request body is even validated (a 422 must not be the first answer they get).
AUTH = api_auth.path_checked_auth({}, check=_require_staff)
router = Router(tags=["candidates"], auth=AUTH)


def _candidate(request: HttpRequest, candidate_id: int, *, write: bool = False) -> Candidate:
    _require_staff(request)
    return get_visible_or_404(
        request.access,
        Candidate.objects.active()
        .select_related("owner")
        .prefetch_related("contact_points", "tags"),
        write=write,
        pk=candidate_id,
    )


def _require_write(request: HttpRequest) -> None:
    _require_staff(request)
    if not request.access.can_write_provider_data:
        raise PermissionDenied


# --- Schemas --------------------------------------------------------------------------------
# Output schemas list their fields one by one, so a new model field never leaks by accident.
# Contact points are included: only provider staff reach these endpoints, and they may see them.


class CandidateOut(Schema):
    id: int
    first_name: str
    last_name: str
    full_name: str
    emails: list[str]
    phones: list[str]
    location: str
    current_title: str
    current_employer: str
    linkedin_url: str
    github_url: str
    portfolio_url: str
    source: str
    source_detail: str
    language: str = Field(description="The language we write to them in; empty: the default")
    owner: str | None = Field(description="The owner's e-mail address")
    tags: list[str]
    years_experience: float | None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime

    @staticmethod
    def resolve_emails(obj: Candidate) -> list[str]:
        return [p.value for p in obj.contact_points.all() if p.kind == ContactPoint.Kind.EMAIL]

    @staticmethod
    def resolve_phones(obj: Candidate) -> list[str]:
        return [p.value for p in obj.contact_points.all() if p.kind == ContactPoint.Kind.PHONE]

    @staticmethod
    def resolve_owner(obj: Candidate) -> str | None:
        return obj.owner.email if obj.owner else None

    @staticmethod
    def resolve_tags(obj: Candidate) -> list[str]:
        return [t.name for t in obj.tags.all()]


class ProfileEntryOut(Schema):
    id: int
    kind: str
    origin: str
    name: str
    skill: str = Field(
        description="For a skill: the skills taxonomy's name for it, which matching and the "
        "skills filter read (`name` keeps the resume's words); blank when the taxonomy does "
        "not know it, and for work and education"
    )
    title: str
    detail: str
    start_date: date | None
    end_date: date | None
    summary: str


class CandidateDetailOut(CandidateOut):
    address: str
    summary: str
    profile: list[ProfileEntryOut]
    pools: list[int] = Field(description="Ids of the talent pools the candidate is in")

    @staticmethod
    def resolve_profile(obj: Candidate) -> list[ProfileEntry]:
        return list(obj.profile_entries.filter(hidden=False))

    @staticmethod
    def resolve_pools(obj: Candidate) -> list[int]:
        return list(obj.pool_memberships.values_list("pool_id", flat=True))


def _check_emails(values: list[str] | None) -> list[str] | None:
    for value in values or []:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("one of the values is not an e-mail address")) from None
    return values


def _check_phones(values: list[str] | None) -> list[str] | None:
    if any(not PHONE_CHARACTERS.match(value) for value in values or []):
        raise ValueError(_("a phone number may hold only digits, spaces and + ( ) - . /"))
    return values


def _check_language(value: str | None) -> str | None:
    if value and value not in language_codes():
        raise ValueError(
            _("“%(value)s” is not a language we write in; use one of %(codes)s, or an empty string")
            % {"value": value[:20], "codes": ", ".join(language_codes())}
        )
    return value


class CandidatePatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # A field may be left out, but null is not a value
    first_name: str = Field(None, min_length=1, max_length=100)
    last_name: str = Field(None, max_length=100)
    emails: list[str] = Field(None, description="Replaces every e-mail; the first is primary")
    phones: list[str] = Field(None, description="Replaces every phone; the first is primary")
    address: str = None
    location: str = Field(None, max_length=200)
    current_title: str = Field(None, max_length=200)
    current_employer: str = Field(None, max_length=200)
    linkedin_url: str = Field(None, max_length=300)
    github_url: str = Field(None, max_length=300)
    portfolio_url: str = Field(None, max_length=300)
    source: Candidate.Source = None
    source_detail: str = Field(None, max_length=200)
    summary: str = None
    language: str = Field(
        None, description='One of settings.LANGUAGES ("en-gb", "de", ...), or "" for the default'
    )
    tags: list[str] = None
    owner: str | None = Field(None, description="E-mail of a provider staff member, or null")

    _emails = field_validator("emails")(_check_emails)
    _phones = field_validator("phones")(_check_phones)
    _language = field_validator("language")(_check_language)


class CandidateIn(CandidatePatchIn):
    first_name: str = Field(min_length=1, max_length=100)
    emails: list[str] = []
    phones: list[str] = []
    tags: list[str] = []
    allow_duplicate: StrictBool = Field(
        False, description="Create even when likely duplicates exist (otherwise 409)"
    )


class DuplicateOut(Schema):
    id: int
    full_name: str
    current_title: str
    current_employer: str
    reasons: list[str]


class DuplicatesErrorOut(ErrorOut):
    duplicates: list[DuplicateOut]


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=10000)
    visibility: Note.Visibility = Note.Visibility.PROVIDER


class NoteOut(Schema):
    id: int
    body: str
    visibility: str
    author: str | None
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Note) -> str | None:
        return obj.author.email if obj.author else None


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    purpose: Consent.Purpose
    method: Consent.Method = Consent.Method.API
    given_at: IsoDateTime = None
    expires_at: IsoDateTime | None = None
    evidence: str = Field("", max_length=300)


class ConsentOut(Schema):
    id: int
    purpose: str
    method: str
    status: Literal["active", "expired", "withdrawn"]
    given_at: datetime
    expires_at: datetime | None
    withdrawn_at: datetime | None
    evidence: str


class DocumentOut(Schema):
    id: int
    kind: str
    original_name: str
    file_type: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    parsed_at: datetime | None
    parse_warnings: list[str]
    # The file is kept but its text could not be read (the reason is in parse_warnings).
    unreadable: bool


class PoolIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    tags: list[str] = []


class PoolOut(Schema):
    id: int
    name: str
    description: str
    owner: str | None
    tags: list[str]
    created_at: datetime

    @staticmethod
    def resolve_owner(obj: TalentPool) -> str | None:
        return obj.owner.email if obj.owner else None

    @staticmethod
    def resolve_tags(obj: TalentPool) -> list[str]:
        return [t.name for t in obj.tags.all()]


def _owner(email: str | None) -> User | None:
    if email is None:
        return None
    owner = staff_users().filter(email__iexact=email).first()
    if owner is None:
        raise DjangoValidationError(
            {"owner": _("No active provider staff member has this e-mail.")}
        )
    return owner


def _fields(payload: CandidatePatchIn) -> tuple[dict, list[str] | None, list[str] | None]:
    data = payload.model_dump(exclude_unset=True, exclude={"allow_duplicate"})
    emails, phones = data.pop("emails", None), data.pop("phones", None)
    if "owner" in data:
        data["owner"] = _owner(data["owner"])
    if "source" in data:
        data["source"] = Candidate.Source(data["source"]).value
    if "tags" in data:
        data["tags"] = tags_from_names(data["tags"])
    return data, emails, phones


# --- Candidates -----------------------------------------------------------------------------


class SearchHitOut(Schema):
    candidate: CandidateOut
    snippet: str = Field(description="Where the words matched, as HTML with <mark> around them")
    rank: float = Field(description="Relevance; higher is better, comparable within one search")


class SearchOut(Schema):
    items: list[SearchHitOut]
    count: int
    count_is_capped: bool = Field(description="True when more than `count` candidates match")
    ordered_by: Literal["relevance", "last_activity"] = Field(
        description="`last_activity` without words, or when more than 10,000 candidates match"
    )
    did_you_mean: str | None = Field(
        description="When nothing matches: `q` with a misspelt word corrected from the skills, "
        'job titles and cities Outhire knows ("pyhton" -> "python"); otherwise null'
    )


def search_filters_from(
    request: HttpRequest,
    skills: str,
    location: str,
    tags: str,
    tag: str,
    pool: Id | None,
    active_since: IsoDate | None,
    client: str = "",
    stage: StageKind | None = None,
) -> SearchFilters:
    """The search filters of /candidates, /candidates/search and /candidates/export."""
    client_id = None
    if client:
        found = Client.objects.visible_to(request.access).filter(slug=client).first()
        if found is None:
            raise DjangoValidationError({"client": _("No client you serve has this slug.")})
        client_id = found.pk
    return SearchFilters(
        skills=split_values(skills)[:10],
        location=location.strip()[:100],
        tags=(split_values(tags) + ([tag] if tag else []))[:10],
        pool_id=pool,
        active_since=active_since,
        client_id=client_id,
        stage_kind=stage.value if stage else "",
    )


@router.get("/candidates", response=list[CandidateOut], summary="Candidates of the talent network")
@paginate(Pagination)
def candidate_list(
    request: HttpRequest,
    q: str = "",
    skills: str = "",
    location: str = "",
    tags: str = "",
    tag: str = "",
    pool: Id | None = None,
    active_since: IsoDate | None = None,
    client: str = "",
    stage: StageKind | None = None,
):
    """Most recently active first. `q`: words the name, title or employer contain (for full text
    over profiles and resumes, use /candidates/search); `skills`, `tags`: comma-separated, all
    must match; `location`: contains; `pool`: a pool id; `active_since`: YYYY-MM-DD; `client` (a
    client's slug) and `stage` (a stage kind): candidates with an active application there."""
    _require_staff(request)
    candidates = Candidate.objects.visible_to(request.access).active()
    for word in q.split()[:5]:
        candidates = candidates.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(current_title__icontains=word)
            | Q(current_employer__icontains=word)
        )
    filters = search_filters_from(
        request, skills, location, tags, tag, pool, active_since, client, stage
    )
    candidates = filters.apply(candidates).distinct()
    return candidates.select_related("owner").prefetch_related("contact_points", "tags")


@router.get(
    "/candidates/search",
    response=SearchOut,
    summary="Full-text search over profiles and resume text, best matches first",
)
def candidate_search(
    request: HttpRequest,
    q: str = Query("", max_length=200),
    skills: str = "",
    location: str = "",
    tags: str = "",
    pool: Id | None = None,
    active_since: IsoDate | None = None,
    client: str = "",
    stage: StageKind | None = None,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_COUNT),
):
    """Every word of `q` must match (the last also as a prefix); without words, the filtered
    candidates come most recently active first. Same filters as /candidates. `count` stops at
    10,000 (`count_is_capped` then says there are more); so many matches are not ranked but come
    most recently active first (`ordered_by`)."""
    _require_staff(request)
    result = search_candidates(
        Candidate.objects.visible_to(request.access),
        q,
        search_filters_from(request, skills, location, tags, "", pool, active_since, client, stage),
        limit=limit,
        offset=offset,
    )
    return {
        "items": [
            {"candidate": h.candidate, "snippet": h.snippet, "rank": h.rank} for h in result.hits
        ],
        "count": result.total,
        "count_is_capped": result.total_is_capped,
        "ordered_by": "relevance" if result.by_relevance else "last_activity",
        "did_you_mean": result.did_you_mean,
    }


@router.post(
    "/candidates",
    response={201: CandidateDetailOut, 409: DuplicatesErrorOut},
    summary="Add a candidate; 409 with the likely duplicates unless allow_duplicate is true",
)
def candidate_create(request: HttpRequest, payload: CandidateIn) -> Status:
    _require_write(request)
    fields, emails, phones = _fields(payload)
    emails, phones = emails or [], phones or []
    fields.setdefault("owner", request.user)
    try:
        candidate, _created = services.candidate_find_or_create(
            by=request.user,
            match="none" if payload.allow_duplicate else "refuse",
            request=request,
            emails=emails,
            phones=phones,
            **fields,
        )
    except services.PossibleDuplicates as found:
        return Status(
            409,
            {
                "message": str(found),
                "code": "conflict",
                "duplicates": [_duplicate_out(d) for d in found.duplicates],
            },
        )
    return Status(201, _candidate(request, candidate.pk))


# Before /candidates/{candidate_id}, which would take this path.
class ExportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    format: Literal["csv", "json"] = Field(
        description="csv: one row per candidate; json: a JSON array of JSON Resume objects"
    )
    ids: list[Id] = Field([], description="Candidates to export; when empty, the search below")
    q: str = Field("", max_length=200)
    skills: str = Field("", max_length=300, description="Comma separated, all must match")
    location: str = Field("", max_length=100)
    tags: str = Field("", max_length=300, description="Comma separated, all must match")
    pool: Id | None = None
    active_since: IsoDate | None = None
    client: str = Field("", max_length=60, description="A client's slug: in its pipeline")
    stage: StageKind | None = Field(None, description="At this stage kind")


@router.post(
    "/candidates/export",
    response={200: None},
    tags=["candidate import and export"],
    summary="Export candidates as CSV or JSON Resume (at most 10,000; a file download)",
)
def candidate_export(request: HttpRequest, payload: ExportIn) -> HttpResponse:
    """The candidates `ids`, or, without ids, those the search (same parameters as
    /candidates/search) finds; active candidates only, never notes. Audited."""
    if not request.access.is_provider_staff:
        raise Http404
    if not request.access.can_export_candidates:
        raise PermissionDenied
    try:
        filters = search_filters_from(
            request,
            payload.skills,
            payload.location,
            payload.tags,
            "",
            payload.pool,
            payload.active_since,
            payload.client,
            payload.stage,
        )
        selection = exports.export_selection(
            access=request.access, ids=payload.ids, query=payload.q, filters=filters
        )
        export = exports.candidates_export(
            ids=selection, file_format=payload.format, by=request.user, request=request
        )
    except exports.ExportError as error:
        raise DjangoValidationError(str(error), code="invalid") from None
    return exports.export_response(export)


@router.get("/candidates/{candidate_id}", response=CandidateDetailOut, summary="One candidate")
def candidate_detail(request: HttpRequest, candidate_id: int) -> Candidate:
    return _candidate(request, candidate_id)


@router.patch(
    "/candidates/{candidate_id}", response=CandidateDetailOut, summary="Change a candidate"
)
def candidate_update(request: HttpRequest, candidate_id: int, payload: CandidatePatchIn):
    candidate = _candidate(request, candidate_id, write=True)
    fields, emails, phones = _fields(payload)
    services.candidate_update(
        candidate=candidate,
        fields=fields,
        emails=emails,
        phones=phones,
        by=request.user,
        request=request,
    )
    return _candidate(request, candidate_id)


def _duplicate_out(duplicate: services.Duplicate) -> dict:
    candidate = duplicate.candidate
    return {
        "id": candidate.pk,
        "full_name": candidate.full_name,
        "current_title": candidate.current_title,
        "current_employer": candidate.current_employer,
        "reasons": duplicate.reasons,
    }


@router.get(
    "/candidates/{candidate_id}/duplicates",
    response=list[DuplicateOut],
    summary="Likely duplicates of a candidate, strongest evidence first",
)
def candidate_duplicates(request: HttpRequest, candidate_id: int):
    candidate = _candidate(request, candidate_id)
    return [_duplicate_out(d) for d in services.duplicates_of(candidate)]


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    duplicate_id: Id = Field(description="The record to fold into this one; it is kept as a link")


@router.post(
    "/candidates/{candidate_id}/merge",
    response=CandidateDetailOut,
    summary="Merge a duplicate into this candidate, keeping everything of both",
)
def candidate_merge(request: HttpRequest, candidate_id: int, payload: MergeIn):
    """Every document, note, consent, pool membership, profile entry and timeline event of the
    duplicate moves to this candidate; blank fields are filled from it. The duplicate stays as a
    tombstone pointing here. Audited as `candidate.merged`."""
    keep = _candidate(request, candidate_id, write=True)
    drop = _candidate(request, payload.duplicate_id, write=True)
    services.candidate_merge(keep=keep, drop=drop, by=request.user, request=request)
    return _candidate(request, candidate_id)


# --- Notes and consents -----------------------------------------------------------------------


@router.get("/candidates/{candidate_id}/notes", response=list[NoteOut], summary="Notes")
@paginate(Pagination)
def note_list(request: HttpRequest, candidate_id: int):
    candidate = _candidate(request, candidate_id)
    return candidate.notes.select_related("author")


@router.post("/candidates/{candidate_id}/notes", response={201: NoteOut}, summary="Add a note")
def note_add(request: HttpRequest, candidate_id: int, payload: NoteIn) -> Status:
    candidate = _candidate(request, candidate_id, write=True)
    note = services.note_add(
        candidate=candidate,
        body=payload.body,
        visibility=payload.visibility.value,
        by=request.user,
        request=request,
    )
    return Status(201, note)


@router.get("/candidates/{candidate_id}/consents", response=list[ConsentOut], summary="Consents")
def consent_list(request: HttpRequest, candidate_id: int):
    return list(_candidate(request, candidate_id).consents.all())


@router.post(
    "/candidates/{candidate_id}/consents", response={201: ConsentOut}, summary="Record a consent"
)
def consent_add(request: HttpRequest, candidate_id: int, payload: ConsentIn) -> Status:
    candidate = _candidate(request, candidate_id, write=True)
    consent = services.consent_record(
        candidate=candidate,
        purpose=payload.purpose.value,
        method=payload.method.value,
        given_at=payload.given_at,
        expires_at=payload.expires_at,
        evidence=payload.evidence,
        by=request.user,
        request=request,
    )
    return Status(201, consent)


@router.post(
    "/candidates/{candidate_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Record that a consent was withdrawn",
)
def consent_withdraw(request: HttpRequest, candidate_id: int, consent_id: int) -> Consent:
    candidate = _candidate(request, candidate_id, write=True)
    consent = get_visible_or_404(
        request.access, Consent, write=True, pk=consent_id, candidate=candidate
    )
    return services.consent_withdraw(consent=consent, by=request.user, request=request)


# --- Documents --------------------------------------------------------------------------------


@router.get("/candidates/{candidate_id}/documents", response=list[DocumentOut], summary="Documents")
def document_list(request: HttpRequest, candidate_id: int):
    return list(_candidate(request, candidate_id).documents.all())


@router.post(
    "/candidates/{candidate_id}/documents",
    response={201: DocumentOut},
    summary="Upload a document (multipart); its text is read in the background",
)
def document_upload(
    request: HttpRequest,
    candidate_id: int,
    file: File[UploadedFile],
    kind: Form[Document.Kind] = Document.Kind.RESUME,
) -> Status:
    candidate = _candidate(request, candidate_id, write=True)
    limit = max_upload_bytes()
    if file.size > limit:
        raise DjangoValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}},
            code="too_large",
        )
    document = services.document_add(
        candidate=candidate,
        data=file.read(),
        filename=file.name or "document",
        kind=Document.Kind(kind).value,
        by=request.user,
        max_bytes=limit,
        request=request,
    )
    enqueue(parse_document, document.pk, request.user.pk)
    return Status(201, document)


@router.get(
    "/candidates/{candidate_id}/documents/{document_id}/download",
    response={200: None},
    summary="Download a document (always as an attachment)",
)
def document_download(request: HttpRequest, candidate_id: int, document_id: int):
    candidate = _candidate(request, candidate_id)
    document = get_visible_or_404(request.access, Document, pk=document_id, candidate=candidate)
    return document_response(request, document)


# --- Talent pools -----------------------------------------------------------------------------


def _pool(request: HttpRequest, pool_id: int, *, write: bool = False) -> TalentPool:
    _require_staff(request)
    return get_visible_or_404(
        request.access,
        TalentPool.objects.select_related("owner").prefetch_related("tags"),
        write=write,
        pk=pool_id,
    )


@router.get("/pools", response=list[PoolOut], summary="Talent pools")
@paginate(Pagination)
def pool_list(request: HttpRequest):
    _require_staff(request)
    return (
        TalentPool.objects.visible_to(request.access)
        .select_related("owner")
        .prefetch_related("tags")
    )


@router.post("/pools", response={201: PoolOut}, summary="Create a talent pool")
def pool_create(request: HttpRequest, payload: PoolIn) -> Status:
    _require_write(request)
    pool = services.pool_save(
        fields={"name": payload.name, "description": payload.description},
        tags=tags_from_names(payload.tags),
        by=request.user,
        request=request,
    )
    return Status(201, _pool(request, pool.pk))


@router.get("/pools/{pool_id}", response=PoolOut, summary="One talent pool")
def pool_detail(request: HttpRequest, pool_id: int) -> TalentPool:
    return _pool(request, pool_id)


@router.get("/pools/{pool_id}/members", response=list[CandidateOut], summary="Candidates in a pool")
@paginate(Pagination)
def pool_members(request: HttpRequest, pool_id: int):
    pool = _pool(request, pool_id)
    return (
        Candidate.objects.visible_to(request.access)
        .active()
        .filter(pool_memberships__pool=pool)
        .select_related("owner")
        .prefetch_related("contact_points", "tags")
    )


@router.put(
    "/pools/{pool_id}/members/{candidate_id}",
    response={204: None},
    summary="Add a candidate to a pool",
)
def pool_member_add(request: HttpRequest, pool_id: int, candidate_id: int) -> Status:
    pool = _pool(request, pool_id, write=True)
    candidate = _candidate(request, candidate_id, write=True)
    services.pool_add(pool=pool, candidate=candidate, by=request.user)
    return Status(204, None)


@router.delete(
    "/pools/{pool_id}/members/{candidate_id}",
    response={204: None},
    summary="Remove a candidate from a pool",
)
def pool_member_remove(request: HttpRequest, pool_id: int, candidate_id: int) -> Status:
    pool = _pool(request, pool_id, write=True)
    candidate = _candidate(request, candidate_id, write=True)
    services.pool_remove(pool=pool, candidate=candidate, by=request.user)
    return Status(204, None)
