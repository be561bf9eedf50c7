"""What the client's hiring team sees of one shortlisted candidate: the profile, the résumé, and
the feedback they leave for the recruiters.

The page is reached through an application, never through the talent network: whoever may see
the application (the client's people once it was submitted to them, the client's provider
staff) sees it; anyone else gets 404. Contact details, provider-only notes, other clients'
applications and the candidate's timeline are never on it: the provider stays the candidate's
contact.

Blind review applies as on every pipeline page. While it hides who the candidate is, the page
shows the parsed profile redacted (no names, contact details, dates or years that betray age,
gendered words) and not the résumé file: a PDF or Word file may carry a name, a photo, a date
of birth or an address in places no redaction can reliably reach (images, headers, metadata),
so the original is offered only once the candidate reaches the stage from which the client
sees names.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outhire.accounts.roles import Role
from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.models import Document, ProfileEntry
from outhire.candidates.views import document_response
from outhire.pipeline.communication import comments as comment_services
from outhire.pipeline.communication.forms import CommentForm
from outhire.pipeline.models import Application
from outhire.screening import redaction
from outhire.screening.templatetags.screening import blind

RESUME_FIELDS = ("id", "candidate_id", "kind", "original_name", "size", "uploaded_at")


def _application(request: HttpRequest, application_id: int) -> Application:
    return get_visible_or_404(
        request.access,
        Application.objects.select_related("candidate", "requisition__client", "stage"),
        pk=application_id,
    )


def _span(start: date | None, end: date | None) -> str:
    """How long a job lasted, in years and months, without the dates themselves."""
    if start is None:
        return ""
    end = end or timezone.localdate()
    months = max((end.year - start.year) * 12 + end.month - start.month, 0)
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


def _period(entry: ProfileEntry) -> str:
    start, end = entry.start_date, entry.end_date
    if start is None:
        return f"until {end:%b %Y}" if end else ""
    return f"{start:%b %Y} – {end:%b %Y}" if end else f"{start:%b %Y} – now"


def profile_sections(application: Application, *, hidden: bool) -> dict:
    """The candidate's summary and visible profile entries, redacted while `hidden`.

    Employers, roles, schools and skills stay (they are what reviewers judge on); names,
    contact details, years and gendered words leave the free text; work shows how long it
    lasted instead of its dates, education no dates at all.
    """
    candidate = application.candidate
    names = [candidate.first_name, candidate.last_name]

    def text(value: str) -> str:
        return redaction.redact(value, names) if hidden else value

    entries = ProfileEntry.objects.filter(candidate_id=candidate.pk, hidden=False).order_by(
        "kind", "-end_date", "-start_date", "name"
    )
    skills, work, education = [], [], []
    for entry in entries:
        if entry.kind == ProfileEntry.Kind.SKILL:
            skills.append(text(entry.name))
            continue
        row = {
            "name": text(entry.name),
            "title": text(entry.title),
            "detail": text(entry.detail),
            "summary": text(entry.summary),
        }
        if entry.kind == ProfileEntry.Kind.WORK:
            row["when"] = _span(entry.start_date, entry.end_date) if hidden else _period(entry)
            row["current"] = entry.start_date is not None and entry.end_date is None
            work.append(row)
        else:
            row["when"] = "" if hidden else _period(entry)
            education.append(row)
    # Current jobs first, then the most recent.
    work.sort(key=lambda row: not row["current"])
    return {
        "summary": text(candidate.summary),
        "current_title": text(candidate.current_title),
        "current_employer": text(candidate.current_employer),
        "skills": skills,
        "work": work,
        "education": education,
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_profile(request: HttpRequest, application_id: int) -> HttpResponse:
    """A shortlisted candidate's profile and résumé, and feedback for the recruiters."""
    access = request.access
    application = _application(request, application_id)
    hidden = blind({"request": request}, application)
    url = reverse("screening:application_profile", args=[application.pk])
    form = CommentForm()
    status = 200
    if request.method == "POST":
        if access.read_only:
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_services.comment_add(
                    requisition=application.requisition,
                    application=application,
                    author=request.user,
                    access=access,
                    body=form.cleaned_data["body"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your feedback is with the recruiters."))
                return redirect(f"{url}#feedback")
        status = 400
    resumes = (
        []
        if hidden
        else list(
            Document.objects.filter(
                candidate_id=application.candidate_id, kind=Document.Kind.RESUME
            ).only(*RESUME_FIELDS)
        )
    )
    feedback = comment_services.comments_visible_to(
        access, requisition=application.requisition, application=application
    )
    return render(
        request,
        "screening/application_profile.html",
        {
            "application": application,
            "requisition": application.requisition,
            "hidden": hidden,
            "profile": profile_sections(application, hidden=hidden),
            "resumes": resumes,
            "feedback": feedback,
            "form": form,
            "can_comment": not access.read_only,
            "staff": access.is_provider_staff,
            "reads_debrief": access.role(application.client_id) != Role.INTERVIEWER,
        },
        status=status,
    )


@login_required
@require_GET
def application_resume(request: HttpRequest, application_id: int, document_id: int):
    """The candidate's résumé file, as a download; refused (403) while blind review hides
    who the candidate is, with the reason."""
    application = _application(request, application_id)
    document = Document.objects.filter(
        pk=document_id, candidate_id=application.candidate_id, kind=Document.Kind.RESUME
    ).first()
    if document is None:
        raise Http404
    if blind({"request": request}, application):
        return render(
            request,
            "screening/resume_hidden.html",
            {"application": application, "requisition": application.requisition},
            status=403,
        )
    return document_response(request, document, application=application)
