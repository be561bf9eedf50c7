"""The public apply page: no sign-in, no JavaScript needed, every error beside its field.

GET shows the resume step (upload, we fill the form) with a link to the one-page form;
POST `action=upload` checks and reads the resume and shows the form prefilled; POST
`action=submit` sends the application. The uploaded file stays on the server under a signed
reference, so a form that comes back with errors never asks for it again.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from outhire.accounts.tenancy import public_page
from outhire.careers.apply import services
from outhire.careers.apply.attribution import (
    TAG_NAMES,
    clean_referrer,
    tags_from,
    tags_of_own_referrer,
)
from outhire.careers.apply.forms import ApplyForm, ResumeStepForm
from outhire.careers.apply.services import ApplyData
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import supported
from outhire.privacy import notices, self_id

SESSION_APPLIED = "careers_applied"  # requisition ids applied to from this browser


class JobClosed(Exception):
    """The job is not (or no longer) live on the careers site or the provider's board."""


def _posting_or_closed(slug: str, requisition_id: int):
    posting = services.live_posting(slug=slug, requisition_id=requisition_id)
    if posting is None:
        raise JobClosed
    return posting


def _closed(request: HttpRequest) -> HttpResponse:
    from outhire.careers.views import not_found

    return not_found(
        request, _("This job is not taking applications: it may be filled, or it was never here.")
    )


def _languages(posting) -> list[str]:
    from outhire.careers.views import site_languages

    return site_languages(posting.client)


def _privacy_notice(posting) -> notices.Notice:
    """The privacy notice for the job's place, in the page's language."""
    requisition = posting.requisition
    site = getattr(posting.client, "career_site", None)
    return notices.notice_for(
        requisition.country,
        location=requisition.location,
        client=posting.client.name,
        provider=settings.OUTHIRE_PROVIDER_NAME,
        contact=site.contact_email if site else "",
        months=settings.OUTHIRE_APPLY_TALENT_POOL_MONTHS,
    )


def _first_arrival(request: HttpRequest) -> dict[str, str]:
    """Campaign tags and referrer on the first view of the apply page."""
    host = request.get_host()
    referer = request.headers.get("Referer", "")
    tags = tags_from({name: request.GET.get(name, "") for name in TAG_NAMES})
    if not any(tags.values()):
        tags = tags_of_own_referrer(referer, own_host=host) or tags
    return {**tags, "referrer": clean_referrer(referer, own_host=host)}


def _context(request: HttpRequest, posting, **extra) -> dict:
    from outhire.careers.views import language_links

    requisition = posting.requisition
    client = posting.client
    return {
        "languages": language_links(request, _languages(posting)),
        "privacy_notice": _privacy_notice(posting),
        "posting": posting,
        "requisition": requisition,
        "client": client,
        # The careers site's branding (site_base.html): its contact, the provider's name.
        "site": getattr(client, "career_site", None),
        "provider_name": settings.OUTHIRE_PROVIDER_NAME,
        "slug": client.slug,
        "already_applied": requisition.pk in request.session.get(SESSION_APPLIED, []),
        "max_mb": services.max_upload_bytes() // (1024 * 1024),
        **extra,
    }


def _apply_form(posting, data=None, *, initial=None, upload_name: str = "") -> ApplyForm:
    questions = list(posting.requisition.screening_questions.all())
    return ApplyForm(
        data,
        initial=initial,
        questions=questions,
        self_id_questions=self_id.questions_for(posting.requisition.country),
        consent_texts=services.consent_texts(client_name=posting.client.name),
        upload_name=upload_name,
        max_mb=services.max_upload_bytes() // (1024 * 1024),
        languages=_languages(posting),
        language=translation.get_language(),
    )


def _other_language(request: HttpRequest, posting) -> HttpResponse | None:
    from outhire.careers.views import other_language

    return other_language(request, _languages(posting))


def _rate_limited_page(request: HttpRequest, posting) -> HttpResponse:
    response = render(request, "careers/apply_limited.html", _context(request, posting), status=429)
    response["Retry-After"] = "3600"
    return response


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str, requisition_id: int) -> HttpResponse:
    try:
        posting = _posting_or_closed(slug, requisition_id)
    except JobClosed:
        return _closed(request)
    if request.method == "GET":
        # Only in the careers site's languages (a form post stays where it is).
        moved = _other_language(request, posting)
        if moved is not None:
            return moved
        arrival = _first_arrival(request)
        if request.GET.get("mode") == "full":
            form = _apply_form(posting, initial=arrival)
            return render(request, "careers/apply.html", _context(request, posting, form=form))
        step = ResumeStepForm(initial=arrival, max_mb=services.max_upload_bytes() // 2**20)
        full_url = "?" + urlencode({"mode": "full", **{k: v for k, v in arrival.items() if v}})
        return render(
            request,
            "careers/apply_resume.html",
            _context(request, posting, form=step, full_url=full_url),
        )
    if services.rate_limited(request):
        return _rate_limited_page(request, posting)
    if request.POST.get("website"):
        # A robot filled the honeypot: it sees the same thanks as a person, and nothing is kept.
        return redirect("careers:apply_done", slug=slug, requisition_id=requisition_id)
    if request.POST.get("action") == "upload":
        return _upload_step(request, posting)
    return _submit(request, posting)


def _upload_step(request: HttpRequest, posting) -> HttpResponse:
    step = ResumeStepForm(request.POST, request.FILES, max_mb=services.max_upload_bytes() // 2**20)
    if step.is_valid():
        try:
            upload = _stage(request.FILES["resume"])
        except ValidationError as error:
            apply_errors(step, error)
        else:
            data = {**upload.prefill, "upload_ref": upload.ref}
            data.update(
                {name: step.cleaned_data.get(name, "") for name in (*TAG_NAMES, "referrer")}
            )
            form = _apply_form(posting, initial=data, upload_name=upload.filename)
            return render(
                request,
                "careers/apply.html",
                _context(
                    request,
                    posting,
                    form=form,
                    prefilled=sorted(upload.prefill),
                    upload_note=upload.note,
                    upload_unreadable=upload.unreadable,
                ),
            )
    return render(
        request,
        "careers/apply_resume.html",
        _context(request, posting, form=step, full_url="?mode=full"),
        status=400,
    )


def _stage(uploaded) -> services.StagedUpload:
    if uploaded.size > services.max_upload_bytes():
        mb = services.max_upload_bytes() // 2**20
        raise ValidationError(
            {"resume": _("The file is larger than the %(mb)s MB limit.") % {"mb": mb}}
        )
    return services.upload_stage(data=uploaded.read(), filename=uploaded.name)


def _submit(request: HttpRequest, posting) -> HttpResponse:
    data = request.POST.copy()
    upload = services.upload_load(data.get("upload_ref", ""))
    file_error = None
    if "resume" in request.FILES:
        try:
            new_upload = _stage(request.FILES["resume"])
        except ValidationError as error:
            file_error = error
        else:
            if upload is not None:
                services.upload_discard(upload)
            upload = new_upload
    data["upload_ref"] = upload.ref if upload else ""
    form = _apply_form(posting, data, upload_name=upload.filename if upload else "")
    if form.is_valid():
        if file_error is not None:
            apply_errors(form, file_error)
        elif upload is None:
            form.add_error("resume", _("Please add your resume (PDF or Word)."))
        else:
            try:
                services.application_submit(
                    posting=posting,
                    data=_apply_data(form),
                    upload=upload,
                    attribution=form.attribution(),
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                applied = request.session.get(SESSION_APPLIED, [])
                if posting.requisition_id not in applied:
                    request.session[SESSION_APPLIED] = [*applied, posting.requisition_id][-50:]
                return redirect(
                    "careers:apply_done",
                    slug=posting.client.slug,
                    requisition_id=posting.requisition_id,
                )
    else:
        if file_error is not None:
            apply_errors(form, file_error)
        elif upload is None and "resume" not in form.errors:
            form.add_error("resume", _("Please add your resume (PDF or Word)."))
    return render(request, "careers/apply.html", _context(request, posting, form=form), status=400)


def _apply_data(form: ApplyForm) -> ApplyData:
    data = form.cleaned_data
    # The language chosen on the form, else the page's: the one we write to them in.
    language = supported(data.get("language") or translation.get_language()) or ""
    return ApplyData(
        language=language,
        first_name=data["first_name"].strip(),
        last_name=data["last_name"].strip(),
        email=data["email"].strip(),
        phone=data.get("phone", ""),
        location=data.get("location", "").strip(),
        answers=form.answers(),
        consent_processing=bool(data.get("consent_processing")),
        consent_talent_pool=bool(data.get("consent_talent_pool")),
        sex=data.get("sex", ""),
        race_ethnicity=data.get("race_ethnicity", ""),
    )


@public_page
@never_cache
@require_GET
def apply_done(request: HttpRequest, slug: str, requisition_id: int) -> HttpResponse:
    """The same thanks for everyone: a new application, a repeat, or a robot."""
    posting = services.live_posting(slug=slug, requisition_id=requisition_id)
    if posting is None:
        context = {"provider_name": settings.OUTHIRE_PROVIDER_NAME}
    else:
        moved = _other_language(request, posting)
        if moved is not None:
            return moved
        context = _context(request, posting)
        context["job_url"] = reverse("careers:job", args=[slug, requisition_id])
    return render(request, "careers/apply_done.html", context)
