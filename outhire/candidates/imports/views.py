"""Pages for moving candidates in from another system (import).

Provider admins and recruiters only: other provider staff get 403, and everyone else 404, as for
every talent-network page. An import goes: upload -> choose the columns (a preview of the first
rows helps) -> a dry run or the import itself, in the background -> its progress and report.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.imports import limits, progress, resume_zip, run, uploads
from outhire.candidates.imports.forms import ImportMappingForm, ImportUploadForm
from outhire.candidates.imports.rows import ImportFileError, load_json_resumes
from outhire.candidates.models import Candidate, ImportJob
from outhire.lib.forms import apply_errors
from outhire.lib.spreadsheet_csv import csv_writer

ERRORS_SHOWN = 100


def _require_importer(request: HttpRequest) -> None:
    # Not 403 for outsiders: to anyone but provider staff, the talent network does not exist.
    if not request.access.is_provider_staff:
        raise Http404
    if not request.access.can_import_candidates:
        raise PermissionDenied


def _job(request: HttpRequest, job_id: int, *, write: bool = False) -> ImportJob:
    _require_importer(request)
    return get_visible_or_404(
        request.access, ImportJob.objects.select_related("created_by"), write=write, pk=job_id
    )


def _to_job(job: ImportJob) -> HttpResponse:
    return redirect("candidates:import_detail", job_id=job.pk)


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    jobs = ImportJob.objects.visible_to(request.access).select_related("created_by")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "candidates/imports/import_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    if request.method == "POST" and not request.access.can_write_provider_data:
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload, resumes = form.cleaned_data["file"], form.cleaned_data["resumes"]
            limit = limits.max_import_bytes()
            mb = {"mb": limit // limits.MB}
            if upload.size > limit:
                form.add_error(
                    "file", _("The file is larger than the %(mb)s MB limit for imports.") % mb
                )
            elif resumes and resumes.size > limit:
                form.add_error(
                    "resumes",
                    _("The zip of resumes is larger than the %(mb)s MB limit for imports.") % mb,
                )
            else:
                try:
                    job = uploads.import_create(
                        by=request.user,
                        data=upload.read(),
                        file_name=upload.name or "",
                        resumes=resumes or None,
                        resumes_name=resumes.name if resumes else "",
                        source_system=form.cleaned_data["source_system"],
                    )
                except resume_zip.ResumeZipError as error:
                    form.add_error("resumes", str(error))
                except ImportFileError as error:
                    form.add_error("file", _(str(error)))
                else:
                    messages.success(
                        request,
                        _("%(file_name)s is uploaded. Check it below.")
                        % {"file_name": job.file_name},
                    )
                    return redirect("candidates:import_mapping", job_id=job.pk)
        return render(request, "candidates/imports/import_form.html", {"form": form}, status=400)
    return render(request, "candidates/imports/import_form.html", {"form": form})


def _json_preview(job: ImportJob) -> tuple[int, list[str]]:
    with job.file.open("rb") as handle:
        resumes = load_json_resumes(handle.read())
    names = []
    for resume in resumes[:5]:
        basics = resume.get("basics") if isinstance(resume, dict) else None
        name = basics.get("name") if isinstance(basics, dict) else None
        names.append(
            name.strip()[:200] if isinstance(name, str) and name.strip() else _("(no name)")
        )
    return len(resumes), names


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id, write=request.method == "POST")
    if job.status != ImportJob.Status.DRAFT or not job.file:
        return _to_job(job)
    is_csv = job.kind == ImportJob.Kind.CSV
    try:
        samples = uploads.import_preview_rows(job) if is_csv else []
        count, names = (0, []) if is_csv else _json_preview(job)
    except (OSError, ImportFileError):
        messages.error(request, _("The uploaded file can no longer be read. Upload it again."))
        return redirect("candidates:import_create")
    form = ImportMappingForm(
        request.POST if request.method == "POST" else None,
        header=job.header,
        mapping=job.mapping,
        samples=samples,
        initial={"source_system": job.source_system},
    )
    context = {"job": job, "form": form, "samples": samples, "count": count, "names": names}
    if request.method == "POST":
        if form.is_valid():
            dry_run = request.POST.get("action") != "import"
            try:
                uploads.import_start(
                    job=job,
                    by=request.user,
                    dry_run=dry_run,
                    mapping=form.mapping() if is_csv else None,
                    source_system=form.cleaned_data["source_system"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The dry run has started: nothing is stored.")
                    if dry_run
                    else _("The import has started."),
                )
                return _to_job(job)
        return render(request, "candidates/imports/import_mapping.html", context, status=400)
    return render(request, "candidates/imports/import_mapping.html", context)


@login_required
@require_GET
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    duplicates = [dict(d) for d in job.duplicates[:ERRORS_SHOWN]]
    # Names, so a recruiter sees who the pair are before opening them (one query for the page).
    ids = {d[k] for d in duplicates for k in ("candidate", "other") if d.get(k)}
    names = {
        c.pk: c.full_name for c in Candidate.objects.visible_to(request.access).filter(pk__in=ids)
    }
    for d in duplicates:
        d["candidate_name"] = names.get(d.get("candidate"), "")
        d["other_name"] = names.get(d.get("other"), "")
    return render(
        request,
        "candidates/imports/import_detail.html",
        {
            "job": job,
            "errors": job.errors[:ERRORS_SHOWN],
            "errors_shown": ERRORS_SHOWN,
            "duplicates": duplicates,
        },
    )


@login_required
@require_POST
def import_apply(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id, write=True)
    try:
        new = uploads.import_apply(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _to_job(job)
    messages.success(
        request, _("The import has started, with the file and columns of the dry run.")
    )
    return _to_job(new)


@login_required
@require_POST
def import_continue(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id, write=True)
    try:
        run.import_continue(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _to_job(job)
    messages.success(request, _("The import carries on where it stopped."))
    return _to_job(job)


@login_required
@require_GET
def import_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """The row-by-row report of an import, as a CSV file."""
    job = _job(request, job_id)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    for row in progress.import_errors_csv_rows(job):
        writer.writerow([str(cell) for cell in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
