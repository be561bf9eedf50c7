"""Candidate imports in the JSON API.

The same rules as the pages: provider admins and recruiters (and their provider-wide tokens
that may write); other provider staff get 403, client users and client tokens 404.
"""

# No `from __future__ import annotations`: django-ninja reads the views' annotations as types.

import json
from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.api import AUTH
from outhire.candidates.imports import limits, resume_zip, run, uploads
from outhire.candidates.imports.rows import FIELDS_BY_KEY, ImportFileError
from outhire.candidates.models import ImportJob
from outhire.lib.api.pagination import Pagination

# The tag is shared with the export endpoint (outhire.candidates.api): one section of the docs.
router = Router(tags=["candidate import and export"], auth=AUTH)


def _require_importer(request: HttpRequest) -> None:
    if not request.access.is_provider_staff:
        raise Http404
    if not request.access.can_import_candidates:
        raise PermissionDenied


def _job(request: HttpRequest, job_id: int) -> ImportJob:
    _require_importer(request)
    return get_visible_or_404(
        request.access, ImportJob.objects.select_related("created_by"), pk=job_id
    )


class ColumnOut(Schema):
    column: str
    field: str = Field(description='The candidate field it fills; "" when the column is ignored')


class ImportJobOut(Schema):
    id: int
    status: Literal["draft", "pending", "running", "done", "failed"]
    kind: Literal["csv", "json_resume"]
    dry_run: bool
    file_name: str
    resumes_name: str
    source_system: str
    created_by: str | None = Field(description="E-mail of the person who started it")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    total: int = Field(description="Rows (or resumes) in the file; known once the run starts")
    processed: int
    percent: int
    created: int
    updated: int = Field(description="Rows about a known person that added something")
    skipped: int = Field(description="Rows about a known person that added nothing")
    failed: int = Field(description="Rows refused; see /errors")
    error_count: int
    duplicate_count: int = Field(
        description="Rows not joined to a person they share a phone (or e-mail...) with, their "
        "names or ids differing: possible duplicates to resolve; see /duplicates"
    )
    message: str = Field(description="Why the whole import failed, if it did")
    heartbeat_at: datetime | None = Field(
        description="When the running import last said it was alive"
    )
    can_be_continued: bool = Field(
        description="Cut off part way (its worker died, or an error): POST /continue carries on"
    )
    columns: list[ColumnOut]
    repeats: int | None = Field(None, description="The dry run this import carried out")

    @staticmethod
    def resolve_created_by(obj: ImportJob) -> str | None:
        return obj.created_by.email if obj.created_by else None

    @staticmethod
    def resolve_columns(obj: ImportJob) -> list[dict]:
        return [
            {"column": name, "field": obj.mapping[i] if i < len(obj.mapping) else ""}
            for i, name in enumerate(obj.header)
        ]

    @staticmethod
    def resolve_repeats(obj: ImportJob) -> int | None:
        return obj.repeats_id


class ImportDuplicateOut(Schema):
    row: int = Field(description="The row that made (or joined) `candidate`")
    candidate: int | None = Field(description="Its candidate; none in a dry run")
    other: int | None = Field(description="The candidate it was not joined to")
    other_row: int | None = Field(description="In a dry run: the row of that other person")
    reason: str


class ImportErrorOut(Schema):
    row: int = Field(description="Row as a spreadsheet numbers it (the header is 1), or resume")
    field: str = Field(description='The column (or JSON path); "" for the whole row')
    reason: str


def _mapping(text: str, header: list[str]) -> list[str] | None:
    """A mapping given as a JSON list (a field per column) or object (column name -> field)."""
    if not text.strip():
        return None
    try:
        given = json.loads(text)
    except ValueError:
        raise DjangoValidationError({"mapping": _("The mapping is not valid JSON.")}) from None
    if isinstance(given, dict):
        unknown = sorted(set(given) - set(header))
        if unknown:
            raise DjangoValidationError(
                {
                    "mapping": _("These columns are not in the file: %(columns)s")
                    % {"columns": ", ".join(unknown)}
                }
            )
        given = [given.get(name, "") for name in header]
    if not isinstance(given, list) or not all(isinstance(v, str | type(None)) for v in given):
        raise DjangoValidationError(
            {"mapping": _("The mapping is a list of field names, one per column, or an object of "
                          "column name: field name.")}
        )  # fmt: skip
    mapping = ["" if v in (None, "ignore") else v for v in given]
    unknown = sorted({v for v in mapping if v and v not in FIELDS_BY_KEY})
    if unknown:
        raise DjangoValidationError(
            {
                "mapping": _("Unknown candidate fields: %(unknown)s. Known: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(FIELDS_BY_KEY)}
            }
        )
    return mapping


@router.post(
    "/candidates/imports",
    response={202: ImportJobOut},
    summary="Import candidates from a CSV or JSON Resume file (multipart); runs in the background",
)
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    resumes: File[UploadedFile] = None,
    mapping: Form[str] = "",
    source_system: Form[str] = "",
    dry_run: Form[bool] = False,
) -> Status:
    """`file`: a CSV file or a JSON Resume file (one resume or a list). `resumes`: a zip of the
    resume files a CSV column names. `mapping` (CSV): a JSON list with one candidate field per
    column, or a JSON object {"column name": "field"}; fields: first_name, last_name, full_name,
    email, phone, location, address, current_title, current_employer, linkedin_url, github_url,
    portfolio_url, source, source_detail, tags, summary, notes, resume, external_id, or "" to
    ignore the column. Without it, the mapping is guessed from the column names.
    `source_system`: the system the external ids come from. `dry_run`: check, store nothing.
    Poll GET /candidates/imports/{id} for progress."""
    _require_importer(request)
    if not request.access.can_write_provider_data:
        raise PermissionDenied
    limit = limits.max_import_bytes()
    for name, upload in (("file", file), ("resumes", resumes)):
        if upload is not None and upload.size > limit:
            raise DjangoValidationError(
                {
                    name: _("The file is larger than the %(mb)s MB limit for imports.")
                    % {"mb": limit // limits.MB}
                }
            )
    try:
        job = uploads.import_create(
            by=request.user,
            data=file.read(),
            file_name=file.name or "",
            resumes=resumes,
            resumes_name=(resumes.name or "") if resumes is not None else "",
            source_system=source_system,
        )
    except resume_zip.ResumeZipError as error:
        raise DjangoValidationError({"resumes": str(error)}) from None
    except ImportFileError as error:
        raise DjangoValidationError({"file": _(str(error))}) from None
    try:
        job = uploads.import_start(
            job=job,
            by=request.user,
            dry_run=dry_run,
            mapping=_mapping(mapping, job.header) if job.kind == ImportJob.Kind.CSV else None,
        )
    except DjangoValidationError:
        # The request's transaction is rolled back; the stored upload must go with it.
        uploads.delete_files(job)
        raise
    return Status(202, job)


@router.get("/candidates/imports", response=list[ImportJobOut], summary="Imports, newest first")
@paginate(Pagination)
def import_list(request: HttpRequest):
    _require_importer(request)
    return ImportJob.objects.visible_to(request.access).select_related("created_by")


@router.get(
    "/candidates/imports/{job_id}", response=ImportJobOut, summary="One import and its progress"
)
def import_detail(request: HttpRequest, job_id: int) -> ImportJob:
    return _job(request, job_id)


@router.get(
    "/candidates/imports/{job_id}/errors",
    response=list[ImportErrorOut],
    summary="The rows an import refused or skipped, and why",
)
@paginate(Pagination)
def import_errors(request: HttpRequest, job_id: int):
    """At most 10,000 problems are kept per import; `error_count` of the import counts all."""
    return _job(request, job_id).errors


@router.get(
    "/candidates/imports/{job_id}/duplicates",
    response=list[ImportDuplicateOut],
    summary="Possible duplicates an import left for a person to resolve",
)
@paginate(Pagination)
def import_duplicates(request: HttpRequest, job_id: int):
    """Each row that shares a phone number (or an e-mail address...) with a candidate whose
    name or id differs was not joined to them; the pairs are listed here, and each candidate's
    page lists the other under "Likely duplicates", to compare and merge."""
    return _job(request, job_id).duplicates


@router.post(
    "/candidates/imports/{job_id}/continue",
    response={202: ImportJobOut},
    summary="Continue an import cut off part way; rows already imported are not added twice",
)
def import_continue(request: HttpRequest, job_id: int) -> Status:
    job = _job(request, job_id)
    if not request.access.can_write_provider_data:
        raise PermissionDenied
    return Status(202, run.import_continue(job=job, by=request.user))
