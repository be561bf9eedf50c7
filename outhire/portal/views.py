"""The candidate portal at /me/: pages for people without an account.

Every page is `public_page` (it runs unscoped) and finds rows only through the candidate the
session names (`session.candidate_required`): an application, consent or membership of anyone
else is a 404, like one that does not exist. Forms work without JavaScript; each POST ends in a
redirect with a message, or the form again with its errors beside the fields.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.branding import brand_context
from outhire.accounts.tenancy import public_page
from outhire.candidates.models import Candidate
from outhire.careers import selectors as careers
from outhire.careers.apply.services import max_upload_bytes
from outhire.interviews import services as interview_services
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate
from outhire.lib.zones import zone_info
from outhire.offers import tokens as offer_tokens
from outhire.pipeline.models import Application
from outhire.portal import selectors, services, session, tokens
from outhire.portal.forms import (
    DetailsForm,
    EmailChangeForm,
    ErasureForm,
    LanguageForm,
    ResumeForm,
    SignInForm,
    WithdrawForm,
)
from outhire.portal.models import EmailChange
from outhire.portal.tokens import EMAIL_LINK_AGE
from outhire.preboarding import tokens as preboarding_tokens
from outhire.privacy.export import export_zip
from outhire.screening import assessments

# --- Branding ----------------------------------------------------------------------------------


def _brand(slug: str) -> dict:
    """The careers-site look of the client of `slug`, or the provider's neutral one."""
    return brand_context(careers.public_client(slug) if slug else None)


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    context = {**_brand(session.site_of(request)), **context}
    context.setdefault("candidate", getattr(request, "candidate", None))
    return render(request, template, context, status=status)


def _brand_slug(candidate, site: str) -> str:
    """The client whose look the portal takes: the careers site the sign-in started from, or
    the one client of all the candidate's applications; none (the provider's) otherwise."""
    if site:
        return site
    slugs = set(
        Application.objects.filter(candidate=candidate).values_list("client__slug", flat=True)[:2]
    )
    return slugs.pop() if len(slugs) == 1 else ""


# --- Signing in --------------------------------------------------------------------------------


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the candidate's applications and what waits for them. Otherwise: sign in."""
    candidate = session.current(request)
    activate_for_candidate(request, candidate)
    if candidate is not None:
        request.candidate = candidate
        with timezone.override(zone_info(candidate.time_zone)):
            return _home(request)
    if getattr(request, "portal_timed_out", False):
        messages.info(request, _("You were signed out after a while without activity."))
    site = request.GET.get("site", "") if request.method == "GET" else request.POST.get("site", "")
    client = careers.public_client(site) if site else None
    site = client.slug if client else ""
    if request.method == "GET":
        form = SignInForm(initial={"site": site})
        return _sign_in_page(request, form, site)
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, form, site, status=400)
    sent = services.sign_in_request(
        email=form.cleaned_data["email"],
        request=request,
        site_client_id=client.pk if client else None,
    )
    if not sent:
        form.add_error(
            None,
            _(
                "You asked for several links in a short time. Please wait an hour, then try "
                "again; the links already sent still work for their time."
            ),
        )
        response = _sign_in_page(request, form, site, status=429)
        response["Retry-After"] = "3600"
        return response
    query = {"site": site} if site else {}
    return redirect(f"{reverse('portal:sent')}?{urlencode({**query, 'lang': get_language()})}")


def _sign_in_page(request, form, site: str, status: int = 200) -> HttpResponse:
    context = {**_brand(site), "form": form, "minutes": settings.OUTHIRE_PORTAL_LINK_MINUTES}
    return render(request, "portal/sign_in.html", context, status=status)


@public_page
@never_cache
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """The same answer for every address: known, unknown, or mistyped."""
    activate_for_candidate(request, None)
    context = _brand(request.GET.get("site", ""))
    context["slug"] = context["client"].slug if context["client"] else ""
    context["minutes"] = settings.OUTHIRE_PORTAL_LINK_MINUTES
    return render(request, "portal/sent.html", context)


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link. GET asks for a click (mail scanners that open links must not use it
    up); POST signs in and uses the link for good."""
    data = tokens.sign_in_link_from(token)
    # The link names its candidate: its pages speak their language (else the browser's).
    candidate = Candidate.objects.active().filter(pk=data.candidate_id).first() if data else None
    activate_for_candidate(request, candidate)
    if data is None or tokens.link_is_used(data):
        return _dead_link(request, data)
    if request.method == "GET":
        return render(request, "portal/link.html", {**_brand(data.site), "token": token})
    if candidate is None or not tokens.link_use(data):
        return _dead_link(request, data)
    session.sign_in(request, candidate, site=_brand_slug(candidate, data.site))
    services.signed_in(candidate=candidate)
    return redirect("portal:home")


def _dead_link(request: HttpRequest, data) -> HttpResponse:
    site = data.site if data else ""
    context = {
        **_brand(site),
        "form": SignInForm(initial={"site": site}),
        "minutes": settings.OUTHIRE_PORTAL_LINK_MINUTES,
    }
    return render(request, "portal/link_dead.html", context, status=410)


@public_page
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    # The next page (signed out) speaks the browser's language: so does its message.
    activate_for_candidate(request, None)
    site = session.site_of(request)
    session.sign_out(request)
    messages.success(request, _("You are signed out."))
    url = reverse("portal:home")
    return redirect(f"{url}?site={site}" if site else url)


# --- Home --------------------------------------------------------------------------------------


def _home(request: HttpRequest) -> HttpResponse:
    overview = selectors.overview(request.candidate)
    interviews = [
        (
            interview,
            reverse("interviews:schedule", args=[interview_services.link_token(interview)])
            if interview.status != interview.Status.PLANNED
            else "",
        )
        for interview in overview.interviews
    ]
    sittings = [
        (s, reverse("screening:assessment_take", args=[assessments.link_token(s)]))
        for s in overview.sittings
    ]
    offers = [
        (o, reverse("offers:offer_respond", args=[offer_tokens.offer_token(o)]))
        for o in overview.offers
    ]
    preboarding = [
        (c, reverse("preboarding:welcome", args=[preboarding_tokens.welcome_token(c)]))
        for c in overview.preboarding
    ]
    response = _render(
        request,
        "portal/home.html",
        {
            "nav": "home",
            "applications": overview.applications,
            "open_applications": [a for a in overview.applications if a.is_active],
            "closed_applications": [a for a in overview.applications if not a.is_active],
            "interviews": interviews,
            "sittings": sittings,
            "offers": offers,
            "preboarding": preboarding,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Withdrawing -------------------------------------------------------------------------------


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
@session.candidate_required
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_of(request.candidate, application_id)
    if application is None:
        raise Http404
    if not application.is_active:
        messages.info(request, _("This application is already closed."))
        return redirect("portal:home")
    reasons = services.withdrawal_reasons(application.client)
    form = WithdrawForm(request.POST or None, reasons=reasons)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                candidate=request.candidate,
                application=application,
                reason=form.chosen_reason(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:home")
        messages.success(
            request,
            _("Your application for %(title)s is withdrawn. %(client)s has been told.")
            % {"title": application.requisition.title, "client": application.client.name},
        )
        return redirect("portal:home")
    return _render(
        request,
        "portal/withdraw.html",
        {"application": application, "form": form, "nav": "home"},
        status=400 if form.is_bound else 200,
    )


# --- Contact details and resume ----------------------------------------------------------------


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
@session.candidate_required
def details(request: HttpRequest) -> HttpResponse:
    candidate = request.candidate
    max_mb = max_upload_bytes() // 2**20
    details_form = DetailsForm(
        initial={
            "phone": candidate.phone,
            "location": candidate.location,
            "address": candidate.address,
            "time_zone": candidate.time_zone,
        }
    )
    language_form = LanguageForm(initial={"language": translation.get_language()})
    email_form = EmailChangeForm()
    resume_form = ResumeForm(max_mb=max_mb)
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST":
        status = 400
        if action == "details":
            details_form = DetailsForm(request.POST)
            if details_form.is_valid():
                services.details_update(candidate=candidate, **details_form.cleaned_data)
                messages.success(request, _("Your details are saved."))
                return redirect("portal:details")
        elif action == "language":
            language_form = LanguageForm(request.POST)
            if language_form.is_valid():
                language = language_form.cleaned_data["language"]
                services.language_update(candidate=candidate, language=language)
                # The message is shown on the next page, which is in the new language.
                with translation.override(language):
                    messages.success(request, _("Your language is saved."))
                return redirect("portal:details")
        elif action == "email":
            email_form = EmailChangeForm(request.POST)
            if email_form.is_valid():
                services.email_change_request(
                    candidate=candidate, email=email_form.cleaned_data["email"]
                )
                messages.success(
                    request,
                    _(
                        "We sent a link to your new address. Your e-mail changes once you "
                        "follow it (within a day)."
                    ),
                )
                return redirect("portal:details")
        elif action == "resume":
            resume_form = ResumeForm(request.POST, request.FILES, max_mb=max_mb)
            if resume_form.is_valid():
                upload = resume_form.cleaned_data["resume"]
                try:
                    if upload.size > max_upload_bytes():
                        raise ValidationError(
                            {
                                "resume": _("The file is larger than the %(max_mb)s MB limit.")
                                % {"max_mb": max_mb}
                            }
                        )
                    services.resume_upload(
                        candidate=candidate, data=upload.read(), filename=upload.name
                    )
                except ValidationError as error:
                    apply_errors(resume_form, error)
                else:
                    messages.success(request, _("Thank you: we have your new resume."))
                    return redirect("portal:details")
        else:
            messages.error(request, _("Please use one of the forms on this page."))
    pending = (
        EmailChange.objects.filter(
            candidate=candidate, created_at__gte=timezone.now() - EMAIL_LINK_AGE
        )
        .order_by("-created_at")
        .first()
    )
    return _render(
        request,
        "portal/details.html",
        {
            "nav": "details",
            "details_form": details_form,
            "email_form": email_form,
            "resume_form": resume_form,
            "language_form": language_form,
            "email": candidate.email,
            "pending": pending,
        },
        status=status,
    )


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new address: GET asks for a click, POST makes the change."""
    found = tokens.email_change_from(token)
    change = (
        EmailChange.objects.select_related("candidate").filter(pk=found[0]).first()
        if found
        else None
    )
    activate_for_candidate(request, change.candidate if change is not None else None)
    if change is None or change.nonce != found[1]:
        return _render(request, "portal/email_dead.html", {}, status=410)
    if request.method == "GET":
        return _render(request, "portal/email_confirm.html", {"token": token})
    try:
        services.email_change_confirm(change=change)
    except ValidationError as error:
        return _render(
            request, "portal/email_dead.html", {"error": " ".join(error.messages)}, status=409
        )
    messages.success(request, _("Your e-mail address is changed."))
    return redirect("portal:details" if session.current(request) else "portal:home")


# --- Consents and communities ------------------------------------------------------------------


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
@session.candidate_required
def consents(request: HttpRequest) -> HttpResponse:
    candidate = request.candidate
    if request.method == "POST":
        action, purpose = request.POST.get("action", ""), request.POST.get("purpose", "")
        try:
            if action == "give":
                services.consent_give(candidate=candidate, purpose=purpose)
                messages.success(request, _("Thank you: your consent is recorded."))
            elif action == "withdraw":
                services.consent_withdraw(candidate=candidate, purpose=purpose)
                messages.success(request, _("Your consent is withdrawn."))
            elif action == "leave":
                member = services.community_leave(
                    candidate=candidate, member_id=_int(request.POST.get("member"))
                )
                messages.success(
                    request, _("You have left %(name)s.") % {"name": member.community.name}
                )
            elif action == "unsubscribe_all":
                services.unsubscribe_all(candidate=candidate)
                messages.success(
                    request, _("You will get no more job alerts or community e-mails.")
                )
            else:
                raise ValidationError(_("Please use one of the buttons on this page."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("portal:consents")
    latest = selectors.consents_of(candidate)
    rows = [
        {
            "purpose": purpose,
            "label": label,
            "consent": latest[purpose],
            "text": services.consent_text(purpose),
        }
        for purpose, label in (
            ("talent_pool", _("Keep my details for future jobs (talent pool)")),
            ("marketing", _("Job alerts and news")),
        )
    ]
    return _render(
        request,
        "portal/consents.html",
        {"rows": rows, "memberships": selectors.memberships_of(candidate), "nav": "consents"},
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- My data: download and erasure -------------------------------------------------------------


@public_page
@never_cache
@require_GET
@session.candidate_required
def data(request: HttpRequest) -> HttpResponse:
    context = {"erasure": services.open_erasure(request.candidate), "nav": "data"}
    return _render(request, "portal/data.html", context)


@public_page
@require_POST
@session.candidate_required
def download(request: HttpRequest) -> HttpResponse:
    body = export_zip(request.candidate)
    services.access_request_done(candidate=request.candidate)
    response = HttpResponse(body, content_type="application/zip")
    # No name in the file name: it may be saved on a shared computer.
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    return response


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
@session.candidate_required
def erase(request: HttpRequest) -> HttpResponse:
    existing = services.open_erasure(request.candidate)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        existing = services.erasure_request(
            candidate=request.candidate, details=form.cleaned_data["details"]
        )
        messages.success(request, _("We have received your request to erase your data."))
        return redirect("portal:erase")
    status = 400 if form.is_bound and existing is None else 200
    return _render(
        request,
        "portal/erase.html",
        {"form": form, "erasure": existing, "nav": "data"},
        status=status,
    )
