"""The talent network in the staff app: candidates, their profile and documents, talent pools,
and exporting a selection of candidates.

Only provider staff reach these pages; for anyone else every URL here answers 404, as if the
candidate did not exist (client users will see candidates only through applications).
"""

from __future__ import annotations

from datetime import datetime, time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts import audit
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates import exports, services
from outhire.candidates.forms import (
    AddToRequisitionForm,
    CandidateForm,
    CandidateSearchForm,
    ConsentForm,
    DocumentForm,
    MergeForm,
    NoteForm,
    PoolChoiceForm,
    ProfileEntryForm,
    TalentPoolForm,
    tags_from_names,
)
from outhire.candidates.models import (
    Candidate,
    Consent,
    ContactPoint,
    Document,
    Note,
    PoolMembership,
    ProfileEntry,
    TalentPool,
)
from outhire.candidates.search import SearchFilters, SearchPage, search_candidates, terms
from outhire.candidates.tasks import parse_document
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import language_name_translated
from outhire.lib.tasks import enqueue

PER_PAGE = 25
# The resume preview shows the text read from the file, up to this many characters (a page
# of 200,000 would be slow to scroll and no one reads that far; the file is a click away).
PREVIEW_CHARS = 30_000
# The list page's search, carried by its export form so that a refused export goes back to it
SEARCH_PARAMETERS = ("q", "skills", "location", "tags", "pool", "active_since", "client", "stage")
TIMELINE_LENGTH = 100


def max_upload_bytes() -> int:
    return settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024


def _require_staff(request: HttpRequest) -> None:
    # Not 403: to anyone else, the talent network does not exist.
    if not request.access.is_provider_staff:
        raise Http404


def _candidate(request: HttpRequest, candidate_id: int, *, write: bool = False) -> Candidate:
    """An active (not merged away) candidate the caller may see, or 404."""
    _require_staff(request)
    return get_visible_or_404(
        request.access, Candidate.objects.active(), write=write, pk=candidate_id
    )


def _pool(request: HttpRequest, pool_id: int, *, write: bool = False) -> TalentPool:
    _require_staff(request)
    return get_visible_or_404(request.access, TalentPool, write=write, pk=pool_id)


def _to_detail(candidate: Candidate, anchor: str = "") -> HttpResponse:
    url = reverse("candidates:candidate_detail", args=[candidate.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- List, create, edit ----------------------------------------------------------------------


class SearchPaginator(Paginator):
    """Pages over a search whose total may be capped; the page's rows come from the search."""

    def __init__(self, total: int, per_page: int) -> None:
        super().__init__(range(total), per_page)


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Search the talent network: ranked full text with filters, or newest activity first."""
    _require_staff(request)
    form = CandidateSearchForm(request.GET or None, access=request.access)
    base = Candidate.objects.visible_to(request.access)
    if request.GET and not form.is_valid():
        result, query, filters = SearchPage([], 0, False), "", SearchFilters()
    else:
        query = form.cleaned_data["q"] if form.is_bound else ""
        filters = form.search_filters() if form.is_bound else SearchFilters()
        result = None
    page_number = request.GET.get("page") or 1
    if result is None:
        # Ask for the page first; the capped total then tells how many pages there are.
        try:
            number = max(int(page_number), 1)
        except ValueError:
            number = 1
        result = search_candidates(
            base, query, filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE, contacts=False
        )
        if not result.hits and number > 1 and result.total:
            last = (result.total - 1) // PER_PAGE + 1
            result = search_candidates(
                base, query, filters, limit=PER_PAGE, offset=(last - 1) * PER_PAGE, contacts=False
            )
            page_number = last
    page = SearchPaginator(result.total, PER_PAGE).get_page(page_number)
    params = request.GET.copy()
    params.pop("page", None)
    did_you_mean_query = ""
    if result.did_you_mean:
        # The same search and filters with the corrected words.
        corrected = params.copy()
        corrected["q"] = result.did_you_mean
        did_you_mean_query = corrected.urlencode()
    return render(
        request,
        "candidates/candidate_list.html",
        {
            "form": form,
            "page": page,
            "hits": result.hits,
            "total": result.total,
            "total_is_capped": result.total_is_capped,
            "searching": bool(terms(query)),
            "by_relevance": result.by_relevance,
            "query": params.urlencode(),
            "search_params": [(k, v) for k in params for v in params.getlist(k)],
            "can_export": request.access.can_export_candidates,
            "did_you_mean": result.did_you_mean,
            "did_you_mean_query": did_you_mean_query,
        },
    )


@login_required
@require_POST
def candidate_export(request: HttpRequest) -> HttpResponse:
    """The ticked candidates (`ids`), or all that the list page's search finds, as a file."""
    if not request.access.is_provider_staff:
        raise Http404
    if not request.access.can_export_candidates:
        raise PermissionDenied
    params = {k: request.POST[k] for k in SEARCH_PARAMETERS if request.POST.get(k)}
    back = reverse("candidates:candidate_list") + (f"?{urlencode(params)}" if params else "")
    file_format = request.POST.get("format", "")
    if file_format not in exports.FORMATS:
        messages.error(request, _("Choose the format of the export: CSV or JSON Resume."))
        return redirect(back)
    try:
        ids = [int(value) for value in request.POST.getlist("ids")]
    except ValueError:
        messages.error(request, _("The selection could not be read; tick the candidates again."))
        return redirect(back)
    search = CandidateSearchForm(request.POST, access=request.access)
    if not ids and not search.is_valid():
        messages.error(request, _("The search could not be read; correct it, then export again."))
        return redirect(back)
    try:
        selection = exports.export_selection(
            access=request.access,
            ids=ids,
            query=search.cleaned_data["q"] if not ids else "",
            filters=search.search_filters() if not ids else None,
        )
        export = exports.candidates_export(
            ids=selection, file_format=file_format, by=request.user, request=request
        )
    except exports.ExportError as error:
        messages.error(request, str(error))
        return redirect(back)
    return exports.export_response(export)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if request.method == "POST" and not request.access.can_write_provider_data:
        raise Http404
    form = CandidateForm(
        request.POST if request.method == "POST" else None, initial={"owner": request.user.pk}
    )
    duplicates = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                candidate, _created = services.candidate_find_or_create(
                    by=request.user,
                    match="none" if request.POST.get("allow_duplicate") else "refuse",
                    request=request,
                    emails=data["emails"],
                    phones=data["phones"],
                    **form.candidate_fields(),
                )
            except services.PossibleDuplicates as found:
                duplicates = found.duplicates
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("%(full_name)s is added.") % {"full_name": candidate.full_name}
                )
                return _to_detail(candidate)
        if not duplicates:
            return render(request, "candidates/candidate_form.html", {"form": form}, status=400)
    return render(
        request, "candidates/candidate_form.html", {"form": form, "duplicates": duplicates}
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=request.method == "POST")
    candidate = Candidate.objects.prefetch_related("contact_points", "tags").get(pk=candidate.pk)
    form = CandidateForm(
        request.POST if request.method == "POST" else None,
        initial=CandidateForm.initial_for(candidate),
    )
    context = {"form": form, "candidate": candidate}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.candidate_update(
                    candidate=candidate,
                    fields=form.candidate_fields(),
                    emails=data["emails"],
                    phones=data["phones"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Candidate saved."))
                return _to_detail(candidate)
        return render(request, "candidates/candidate_form.html", context, status=400)
    return render(request, "candidates/candidate_form.html", context)


# --- Detail ----------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, candidate: Candidate, **forms) -> dict:
    candidate = (
        Candidate.objects.select_related("owner")
        .prefetch_related(
            "contact_points",
            "tags",
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch(
                "pool_memberships",
                queryset=PoolMembership.objects.select_related("pool").order_by("pool__name"),
            ),
            Prefetch("profile_entries", queryset=ProfileEntry.objects.filter(hidden=False)),
        )
        .get(pk=candidate.pk)
    )
    points = list(candidate.contact_points.all())
    entries = list(candidate.profile_entries.all())
    groups = [
        (kind, label, [e for e in entries if e.kind == kind])
        for kind, label in (
            (ProfileEntry.Kind.WORK, _("Work history")),
            (ProfileEntry.Kind.EDUCATION, _("Education")),
            (ProfileEntry.Kind.SKILL, _("Skills")),
        )
    ]
    preview, previewable = _preview(request, candidate)
    in_pools = {m.pool_id for m in candidate.pool_memberships.all()}
    pool_form = forms.get("pool_form") or PoolChoiceForm()
    pool_form.fields["pool"].queryset = TalentPool.objects.visible_to(request.access).exclude(
        pk__in=in_pools
    )
    duplicates = services.duplicates_of(candidate)
    return {
        "candidate": candidate,
        "language_name": language_name_translated(candidate.language) if candidate.language else "",
        "emails": [p for p in points if p.kind == ContactPoint.Kind.EMAIL],
        "phones": [p for p in points if p.kind == ContactPoint.Kind.PHONE],
        "entry_groups": groups,
        "timeline": candidate.timeline.visible_to(request.access).select_related("actor")[
            :TIMELINE_LENGTH
        ],
        "duplicates": duplicates,
        "note_form": forms.get("note_form") or NoteForm(),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "pool_form": pool_form,
        "entry_form": forms.get("entry_form") or ProfileEntryForm(),
        "document_form": forms.get("document_form") or DocumentForm(),
        "max_upload_mb": getattr(settings, "OUTHIRE_MAX_UPLOAD_MB", 10),
        "preview": preview,
        "preview_text": preview.text[:PREVIEW_CHARS] if preview else "",
        "preview_is_cut": bool(preview) and len(preview.text) > PREVIEW_CHARS,
        "preview_others": [d for d in previewable if d != preview],
        # Only for those who may add people to a pipeline; the form is posted to pipeline's
        # view, which makes the application.
        "requisition_form": (
            AddToRequisitionForm(access=request.access, auto_id="add-%s")
            if request.access.can_write_provider_data
            else None
        ),
    }


def _preview(request: HttpRequest, candidate: Candidate) -> tuple[Document | None, list]:
    """The document whose text the page shows (`?preview=<id>`, else the newest resume read)
    and every document that has text to show. Only the text read from the file is shown, as
    escaped plain text: the file itself (HTML, a PDF) is never rendered in the page."""
    previewable = [d for d in candidate.documents.all() if d.text and not d.unreadable]
    wanted = request.GET.get("preview", "")
    if wanted:
        # Only this candidate's documents: any other id is one that does not exist here.
        found = next((d for d in previewable if str(d.pk) == wanted), None)
        if found is None:
            raise Http404
        return found, previewable
    resumes = [d for d in previewable if d.kind == Document.Kind.RESUME] or previewable
    return max(resumes, key=lambda d: (d.uploaded_at, d.pk), default=None), previewable


def _detail_with_errors(request: HttpRequest, candidate: Candidate, **forms) -> HttpResponse:
    context = _detail_context(request, candidate, **forms)
    return render(request, "candidates/candidate_detail.html", context, status=400)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    _require_staff(request)
    candidate = get_visible_or_404(request.access, Candidate, pk=candidate_id)
    if candidate.anonymised_at:
        raise Http404
    if candidate.merged_into_id:
        # Old links to a merged record lead to the record that was kept.
        survivor = candidate.merged_into
        while survivor.merged_into_id:
            survivor = survivor.merged_into
        messages.info(
            request,
            _("Record #%(candidate_id)s was merged into this one.")
            % {"candidate_id": candidate.pk},
        )
        return _to_detail(survivor)
    context = _detail_context(request, candidate)
    return render(request, "candidates/candidate_detail.html", context)


# --- Notes, consents, pools --------------------------------------------------------------------


@login_required
@require_POST
def note_add(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, candidate, note_form=form)
    services.note_add(candidate=candidate, by=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("Note added."))
    return _to_detail(candidate, "notes")


@login_required
@require_POST
def consent_add(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, candidate, consent_form=form)
    data = form.cleaned_data

    def moment(day):
        return timezone.make_aware(datetime.combine(day, time(12))) if day else None

    services.consent_record(
        candidate=candidate,
        purpose=data["purpose"],
        method=data["method"],
        given_at=moment(data["given_on"]),
        expires_at=moment(data["expires_on"]),
        evidence=data["evidence"],
        by=request.user,
        request=request,
    )
    messages.success(request, _("Consent recorded."))
    return _to_detail(candidate, "consents")


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, candidate_id: int, consent_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    consent = get_visible_or_404(
        request.access, Consent, write=True, pk=consent_id, candidate=candidate
    )
    services.consent_withdraw(consent=consent, by=request.user, request=request)
    messages.success(
        request, _("Consent withdrawn: %(purpose)s.") % {"purpose": consent.get_purpose_display()}
    )
    return _to_detail(candidate, "consents")


@login_required
@require_POST
def pool_membership_add(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    form = PoolChoiceForm(request.POST)
    form.fields["pool"].queryset = TalentPool.objects.visible_to(request.access)
    if not form.is_valid():
        return _detail_with_errors(request, candidate, pool_form=form)
    services.pool_add(pool=form.cleaned_data["pool"], candidate=candidate, by=request.user)
    messages.success(request, _("Added to %(pool)s.") % {"pool": form.cleaned_data["pool"]})
    return _to_detail(candidate, "pools")


@login_required
@require_POST
def pool_membership_remove(request: HttpRequest, candidate_id: int, pool_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    pool = _pool(request, pool_id, write=True)
    services.pool_remove(pool=pool, candidate=candidate, by=request.user)
    messages.success(request, _("Removed from %(pool)s.") % {"pool": pool})
    if request.POST.get("from") == "pool":
        return redirect("candidates:pool_detail", pool_id=pool.pk)
    return _to_detail(candidate, "pools")


# --- Profile entries ---------------------------------------------------------------------------


@login_required
@require_POST
def entry_add(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    form = ProfileEntryForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, candidate, entry_form=form)
    fields = {name: form.cleaned_data[name] for name in ProfileEntryForm.Meta.fields}
    services.profile_entry_add(candidate=candidate, fields=fields, by=request.user)
    messages.success(request, _("Profile entry added."))
    return _to_detail(candidate, "profile")


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, candidate_id: int, entry_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=request.method == "POST")
    entry = get_visible_or_404(
        request.access, ProfileEntry, pk=entry_id, candidate=candidate, hidden=False
    )
    original = {name: getattr(entry, name) for name in ProfileEntryForm.Meta.fields}
    form = ProfileEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    context = {"form": form, "candidate": candidate, "entry": entry}
    if request.method == "POST":
        if form.is_valid():
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            # The form wrote into the instance while validating; start from what is stored.
            for name, value in original.items():
                setattr(entry, name, value)
            if changed:
                services.profile_entry_correct(entry=entry, fields=changed, by=request.user)
            messages.success(request, _("Profile entry saved."))
            return _to_detail(candidate, "profile")
        return render(request, "candidates/entry_form.html", context, status=400)
    return render(request, "candidates/entry_form.html", context)


@login_required
@require_POST
def entry_hide(request: HttpRequest, candidate_id: int, entry_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    entry = get_visible_or_404(
        request.access, ProfileEntry, write=True, pk=entry_id, candidate=candidate
    )
    if not entry.hidden:
        services.profile_entry_hide(entry=entry, by=request.user)
        messages.success(
            request,
            _("%(kind)s “%(name)s” removed.")
            % {"kind": entry.get_kind_display(), "name": entry.name},
        )
    return _to_detail(candidate, "profile")


# --- Documents --------------------------------------------------------------------------------


@login_required
@require_POST
def document_upload(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            form.add_error(
                "file",
                _("The file is larger than %(value)s MB.") % {"value": limit // (1024 * 1024)},
            )
        else:
            try:
                document = services.document_add(
                    candidate=candidate,
                    data=upload.read(),
                    filename=upload.name,
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                    max_bytes=limit,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                enqueue(parse_document, document.pk, request.user.pk)
                messages.success(
                    request,
                    _("%(original_name)s uploaded; reading it now.")
                    % {"original_name": document.original_name},
                )
                if document.upload_note:
                    messages.warning(request, document.upload_note)
                return _to_detail(candidate, "documents")
    return _detail_with_errors(request, candidate, document_form=form)


@login_required
@require_GET
def document_download(request: HttpRequest, candidate_id: int, document_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id)
    document = get_visible_or_404(request.access, Document, pk=document_id, candidate=candidate)
    return document_response(request, document)


def document_response(
    request: HttpRequest, document: Document, *, application=None
) -> FileResponse:
    """The file as a download, never rendered inline, with the type decided from its content.

    `application`: the one it was reached through (a client's view of a shortlisted
    candidate), recorded with the download and naming the client in the audit trail.
    """
    changes = {"candidate": document.candidate_id}
    if application is not None:
        changes["application"] = application.pk
    audit.record(
        "document.downloaded",
        request=request,
        obj=document,
        client=application.client if application is not None else None,
        changes=changes,
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_reparse(request: HttpRequest, candidate_id: int, document_id: int) -> HttpResponse:
    candidate = _candidate(request, candidate_id, write=True)
    document = get_visible_or_404(
        request.access, Document, write=True, pk=document_id, candidate=candidate
    )
    services.document_reparse_request(document=document)
    enqueue(parse_document, document.pk, request.user.pk, True)
    messages.success(
        request, _("Reading %(original_name)s again.") % {"original_name": document.original_name}
    )
    return _to_detail(candidate, "documents")


# --- Merge ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidate_merge(request: HttpRequest, candidate_id: int, other_id: int) -> HttpResponse:
    write = request.method == "POST"
    candidate = _candidate(request, candidate_id, write=write)
    other = _candidate(request, other_id, write=write)
    if candidate.pk == other.pk:
        raise Http404
    pair = tuple(
        Candidate.objects.select_related("owner")
        .prefetch_related("contact_points", "tags")
        .annotate(
            document_count=Count("documents", distinct=True),
            note_count=Count("notes", distinct=True),
            consent_count=Count("consents", distinct=True),
            pool_count=Count("pool_memberships", distinct=True),
            event_count=Count("timeline", distinct=True),
        )
        .get(pk=pk)
        for pk in (candidate.pk, other.pk)
    )
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        candidates=pair,
        initial={"keep": candidate.pk},
    )
    context = {"form": form, "pair": pair, "candidate": candidate, "other": other}
    if request.method == "POST":
        if form.is_valid():
            keep, drop = pair if form.cleaned_data["keep"] == candidate.pk else pair[::-1]
            try:
                services.candidate_merge(keep=keep, drop=drop, by=request.user, request=request)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Record #%(drop_id)s is merged into this one.") % {"drop_id": drop.pk},
                )
                return _to_detail(keep)
        return render(request, "candidates/candidate_merge.html", context, status=400)
    return render(request, "candidates/candidate_merge.html", context)


# --- Talent pools -----------------------------------------------------------------------------


@login_required
@require_GET
def pool_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    pools = (
        TalentPool.objects.visible_to(request.access)
        .select_related("owner")
        .prefetch_related("tags")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__candidate__merged_into__isnull=True)
            )
        )
    )
    return render(request, "candidates/pool_list.html", {"pools": pools})


@login_required
@require_http_methods(["GET", "POST"])
def pool_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _pool_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def pool_edit(request: HttpRequest, pool_id: int) -> HttpResponse:
    return _pool_form(request, _pool(request, pool_id, write=request.method == "POST"))


def _pool_form(request: HttpRequest, pool: TalentPool | None) -> HttpResponse:
    if request.method == "POST" and not request.access.can_write_provider_data:
        raise Http404
    form = TalentPoolForm(
        request.POST if request.method == "POST" else None,
        instance=pool,
        initial={"owner": request.user.pk} if pool is None else None,
    )
    context = {"form": form, "pool": pool}
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ("name", "description", "owner")}
            if pool is not None:
                pool.refresh_from_db()
            try:
                pool = services.pool_save(
                    pool=pool,
                    fields=fields,
                    tags=tags_from_names(form.cleaned_data["tags"]),
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Talent pool “%(name)s” saved.") % {"name": pool.name})
                return redirect("candidates:pool_detail", pool_id=pool.pk)
        return render(request, "candidates/pool_form.html", context, status=400)
    return render(request, "candidates/pool_form.html", context)


@login_required
@require_GET
def pool_detail(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = _pool(request, pool_id)
    memberships = (
        pool.memberships.filter(candidate__merged_into__isnull=True)
        .select_related("candidate", "added_by")
        .order_by("candidate__last_name", "candidate__first_name")
    )
    page = Paginator(memberships, PER_PAGE * 2).get_page(request.GET.get("page"))
    return render(request, "candidates/pool_detail.html", {"pool": pool, "page": page})
