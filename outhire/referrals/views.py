"""Referral pages: a personal link's landing, "My referrals", links, the form, the staff list.

Anyone with a role at a client (provider staff or the client's own people) may refer people to
its jobs and follow their own referrals, in plain words only. The per-client list of referrals
with bonuses is for provider staff.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404, public_page
from outhire.careers.models import JobPosting
from outhire.lib.forms import apply_errors
from outhire.referrals import bonus, services
from outhire.referrals.forms import BonusPolicyForm, LinkForm, ReferralForm
from outhire.referrals.models import BonusPolicy, Referral, ReferralLink

SITE_PAGE_NAMES = ("careers:site", "careers:home", "careers:index", "careers:job_list")


def careers_url(slug: str, requisition_id: int | None = None) -> str:
    """The careers page of a job, or of the client's site; resolved when asked, by name."""
    if requisition_id is not None:
        try:
            return reverse("careers:job", kwargs={"slug": slug, "requisition_id": requisition_id})
        except NoReverseMatch:
            pass
    for name in SITE_PAGE_NAMES:
        try:
            return reverse(name, kwargs={"slug": slug})
        except NoReverseMatch:
            continue
    return f"/careers/{slug}/"


def link_url(link: ReferralLink) -> str:
    return settings.SITE_URL + reverse("referrals:link_follow", kwargs={"code": link.code})


# --- The public link ----------------------------------------------------------------------------


@public_page
@require_GET
def link_follow(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the referral code for this visit and show the job (or the careers site)."""
    link = (
        ReferralLink.objects.select_related("client", "referrer", "requisition")
        .filter(code=code[:32], client__is_active=True)
        .first()
    )
    if link is None or not services.link_is_usable(link):
        raise Http404
    request.session[services.SESSION_KEY] = link.code
    requisition_id = None
    if link.requisition_id:
        live = JobPosting.objects.live(channel=JobPosting.Channel.CAREERS).filter(
            requisition_id=link.requisition_id
        )
        if live.exists():
            requisition_id = link.requisition_id
    response = redirect(careers_url(link.client.slug, requisition_id))
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- The referrer's own pages --------------------------------------------------------------------


@login_required
@require_GET
def my_referrals(request: HttpRequest) -> HttpResponse:
    referrals = list(
        services.referrals_for_bonus(services.referrals_of(request.access, request.user))
    )
    policies = services.policies_by_client({r.client_id for r in referrals})
    rows = [
        {
            "referral": r,
            "job": r.application.requisition.title,
            "client": r.client.name,
            "status": r.plain_status_label,
            "bonus": r.bonus_state(policies.get(r.client_id)),
        }
        for r in referrals
    ]
    staff_clients = (
        Client.objects.visible_to(request.access).filter(is_active=True).order_by("name")
        if request.access.is_provider_staff
        else Client.objects.none()
    )
    return render(
        request,
        "referrals/my_referrals.html",
        {"rows": rows, "staff_clients": staff_clients},
    )


@login_required
@require_GET
def referral_links(request: HttpRequest) -> HttpResponse:
    """The user's links: one per client's careers site, one per job they may refer to."""
    access = request.access
    clients = list(Client.objects.visible_to(access).filter(is_active=True).order_by("name"))
    jobs = list(services.referable_requisitions(access))
    links = ReferralLink.objects.filter(
        referrer=request.user, client_id__in=[c.pk for c in clients], is_active=True
    )
    general = {}
    by_job = {}
    for link in links:
        if link.requisition_id is None:
            general[link.client_id] = link_url(link)
        else:
            by_job[link.requisition_id] = link_url(link)
    return render(
        request,
        "referrals/links.html",
        {
            "clients": [{"client": c, "url": general.get(c.pk)} for c in clients],
            "jobs": [{"job": j, "url": by_job.get(j.pk)} for j in jobs],
        },
    )


@login_required
@require_POST
def link_create(request: HttpRequest) -> HttpResponse:
    form = LinkForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    client = get_visible_or_404(
        request.access, Client.objects.filter(is_active=True), slug=form.cleaned_data["client"]
    )
    requisition = None
    if form.cleaned_data["requisition"]:
        requisition = (
            services.referable_requisitions(request.access)
            .filter(pk=form.cleaned_data["requisition"], client=client)
            .first()
        )
        if requisition is None:
            raise Http404
    services.referral_link_get_or_create(
        client=client, referrer=request.user, requisition=requisition
    )
    messages.success(request, _("Your referral link is ready: copy it from the list below."))
    return redirect("referrals:referral_links")


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    requisitions = services.referable_requisitions(request.access)
    initial = {}
    wanted = request.GET.get("job", "")
    if wanted.isdigit():
        initial["requisition"] = int(wanted)
    form = ReferralForm(
        request.POST or None,
        request.FILES or None,
        requisitions=requisitions,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["resume"]
            limit = settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024
            if upload is not None and upload.size > limit:
                form.add_error(
                    "resume",
                    _("The file is larger than %(size)s MB.")
                    % {"size": settings.OUTHIRE_MAX_UPLOAD_MB},
                )
            else:
                data = form.cleaned_data
                try:
                    services.referral_submit(
                        requisition=data["requisition"],
                        referrer=request.user,
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        phone=data["phone"],
                        note=data["note"],
                        resume=(
                            services.Upload(upload.read(), upload.name)
                            if upload is not None
                            else None
                        ),
                        consent_confirmed=data["consent"],
                        request=request,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you: %(name)s is referred for “%(job)s”. Follow the "
                            "referral here."
                        )
                        % {"name": data["first_name"], "job": data["requisition"].title},
                    )
                    return redirect("referrals:my_referrals")
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "has_jobs": requisitions.exists()},
        status=status,
    )


# --- Provider staff: the client's referrals and bonuses ----------------------------------------


def _staff_client(request: HttpRequest, slug: str) -> Client:
    if not request.access.is_provider_staff:
        raise Http404
    return get_visible_or_404(request.access, Client, slug=slug)


@login_required
@require_GET
def client_referrals(request: HttpRequest, slug: str) -> HttpResponse:
    client = _staff_client(request, slug)
    referrals = list(
        services.referrals_for_bonus(
            Referral.objects.visible_to(request.access).filter(client=client)
        ).select_related("application__candidate", "bonus_paid_by")
    )
    policy = BonusPolicy.objects.filter(client=client).first()
    rows = [{"referral": r, "bonus": r.bonus_state(policy)} for r in referrals]
    policy_form = BonusPolicyForm(
        initial={
            "amount": policy.amount if policy else None,
            "currency": policy.currency if policy else "EUR",
            "eligible_after_days": policy.eligible_after_days if policy else 90,
            "is_active": policy.is_active if policy else True,
        }
    )
    return render(
        request,
        "referrals/client_referrals.html",
        {
            "client": client,
            "rows": rows,
            "policy": policy,
            "policy_form": policy_form,
            "can_write": request.access.can_write(client.pk),
            "ELIGIBLE": bonus.ELIGIBLE,
        },
    )


@login_required
@require_POST
def policy_save(request: HttpRequest, slug: str) -> HttpResponse:
    client = _staff_client(request, slug)
    if not request.access.can_write(client.pk):
        raise PermissionDenied
    form = BonusPolicyForm(request.POST)
    if form.is_valid():
        try:
            services.bonus_policy_save(
                client=client, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referral bonus policy saved."))
            return redirect("referrals:client_referrals", slug=client.slug)
    return render(
        request,
        "referrals/policy_form.html",
        {"client": client, "policy_form": form},
        status=400,
    )


@login_required
@require_POST
def bonus_pay(request: HttpRequest, referral_id: int) -> HttpResponse:
    if not request.access.is_provider_staff:
        raise Http404
    referral = get_visible_or_404(request.access, Referral, write=True, pk=referral_id)
    try:
        services.bonus_mark_paid(referral=referral, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referral #%(pk)s: bonus marked paid.") % {"pk": referral.pk})
    return redirect("referrals:client_referrals", slug=referral.client.slug)
