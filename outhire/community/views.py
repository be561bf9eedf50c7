"""Talent community pages: the public join, confirm and unsubscribe pages, and the staff side
(communities with their members, nurture campaigns with their counts).

The public pages work without JavaScript and hold no personal data in their URLs (the links
carry signed tokens). Only provider staff reach the rest, each for the clients they serve.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404, public_page
from outhire.candidates.models import TalentPool
from outhire.community import selectors, services
from outhire.community.forms import CampaignForm, JoinForm
from outhire.community.models import Campaign, Community, Delivery
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate
from outhire.lib.security import client_ip

MEMBERS_PER_PAGE = 50


# --- Public: join, confirm, unsubscribe ---------------------------------------------------------


def _rate_limited(request: HttpRequest) -> bool:
    """Count a join post against the caller's IP (hashed); True once over the hourly limit."""
    window = int(timezone.now().timestamp()) // 3600
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    key = f"community:join-rate:{digest[:32]}:{window}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.OUTHIRE_COMMUNITY_JOINS_PER_HOUR


def _join(request: HttpRequest, client: Client | None) -> HttpResponse:
    # Nobody known yet: the visitor's browser chooses the language.
    activate_for_candidate(request, None)
    name = services.community_name(client)
    existing = Community.objects.filter(client=client).order_by("id").first()
    if existing is not None:
        name = existing.name
    period = services.consent_period()
    form = JoinForm(request.POST or None, community_name=name, period=period)
    context = {"form": form, "client": client, "community_name": name, "period": period}
    if existing is not None:
        context["intro"] = existing.intro
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "community/join_limited.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            if not data["website"]:
                services.member_join(
                    community=existing or services.community_for(client),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    interests=data["interests"],
                    location=data["location"],
                    request=request,
                )
            # The same answer whether the address was known, new or a bot's: nothing to learn.
            return redirect("community:joined")
        return render(request, "community/join.html", context, status=400)
    return render(request, "community/join.html", context)


@public_page
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    return _join(request, None)


@public_page
@require_http_methods(["GET", "POST"])
def join_client(request: HttpRequest, slug: str) -> HttpResponse:
    client = Client.objects.filter(slug=slug, is_active=True).first()
    if client is None:
        raise Http404
    return _join(request, client)


@public_page
@require_GET
def joined(request: HttpRequest) -> HttpResponse:
    activate_for_candidate(request, None)
    return render(request, "community/joined.html")


@public_page
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    member = services.member_from_confirm_token(token)
    activate_for_candidate(request, member.candidate if member is not None else None)
    if member is None:
        return render(request, "community/link_invalid.html", status=404)
    if request.method == "POST":
        services.member_confirm(member=member, request=request)
        return render(request, "community/confirmed.html", {"member": member})
    return render(request, "community/confirm.html", {"member": member})


@public_page
@csrf_exempt  # the signed token is the permission; mail clients post here for one-click (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    candidate = services.candidate_from_unsubscribe_token(token)
    activate_for_candidate(request, candidate)
    if candidate is None:
        return render(request, "community/link_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(candidate=candidate, request=request)
        return render(request, "community/unsubscribed.html")
    return render(request, "community/unsubscribe.html", {"token": token})


# --- Staff: communities and members -------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not request.access.is_provider_staff:
        raise Http404


@login_required
@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    communities = selectors.communities_with_counts(request.access)
    clients = Client.objects.visible_to(request.access).filter(is_active=True).order_by("name")
    return render(
        request,
        "community/community_list.html",
        {"communities": communities, "clients": clients},
    )


@login_required
@require_GET
def community_detail(request: HttpRequest, community_id: int) -> HttpResponse:
    _require_staff(request)
    community = get_visible_or_404(request.access, Community, pk=community_id)
    members = community.members.select_related("candidate", "consent").order_by("-joined_at", "-id")
    q = request.GET.get("q", "").strip()[:200]
    if q:
        members = members.filter(Q(interests__icontains=q) | Q(location__icontains=q))
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/community_detail.html",
        {"community": community, "page": page, "q": q},
    )


# --- Staff: campaigns ---------------------------------------------------------------------------


def _may_send_to(request: HttpRequest, community: Community | None) -> bool:
    access = request.access
    if community is not None and community.client_id:
        return access.can_write(community.client_id)
    return access.can_write_provider_data


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    campaigns = Campaign.objects.visible_to(request.access).select_related(
        "community", "pool", "created_by"
    )[:200]
    return render(request, "community/campaign_list.html", {"campaigns": campaigns})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    communities = [
        c
        for c in Community.objects.visible_to(request.access).select_related("client")
        if _may_send_to(request, c)
    ]
    pools = (
        TalentPool.objects.visible_to(request.access)
        if request.access.can_write_provider_data
        else TalentPool.objects.none()
    )
    initial = {}
    if request.GET.get("community", "").isdigit():
        initial["segment"] = f"community:{request.GET['community']}"
    form = CampaignForm(request.POST or None, communities=communities, pools=pools, initial=initial)
    context = {"form": form, "count": None}
    if request.method != "POST":
        return render(request, "community/campaign_form.html", context)
    if not form.is_valid():
        return render(request, "community/campaign_form.html", context, status=400)
    data = form.cleaned_data
    chosen = data["segment"]
    segment = services.Segment(
        community=chosen if isinstance(chosen, Community) else None,
        pool=chosen if isinstance(chosen, TalentPool) else None,
        interest=data["interest"],
        location=data["location"],
    )
    if request.POST.get("action") != "send":
        context["count"] = segment.count()
        return render(request, "community/campaign_form.html", context)
    try:
        campaign = services.campaign_start(
            segment=segment,
            subject=data["subject"],
            body=data["body"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return render(request, "community/campaign_form.html", context, status=400)
    messages.success(
        request,
        ngettext(
            "Sending “%(subject)s” to %(count)s person.",
            "Sending “%(subject)s” to %(count)s people.",
            campaign.recipients,
        )
        % {"subject": campaign.subject, "count": campaign.recipients},
    )
    return redirect("community:campaign_detail", campaign_id=campaign.pk)


@login_required
@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    _require_staff(request)
    campaign = get_visible_or_404(
        request.access,
        Campaign.objects.select_related("community", "pool", "created_by"),
        pk=campaign_id,
    )
    outcomes = dict(Delivery.Status.choices)
    reasons = [
        {**row, "label": outcomes.get(row["status"], row["status"])}
        for row in campaign.deliveries.exclude(status="sent")
        .values("status", "reason")
        .annotate(n=Count("id"))
        .order_by("status", "-n")
    ]
    return render(
        request,
        "community/campaign_detail.html",
        {"campaign": campaign, "reasons": reasons},
    )


@login_required
@require_POST
def campaign_resend(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Finish a campaign whose sending stopped (a worker crash): only those not yet handled."""
    _require_staff(request)
    campaign = get_visible_or_404(request.access, Campaign, pk=campaign_id)
    if not _may_send_to(request, campaign.community):
        raise PermissionDenied
    from outhire.community.tasks import send_campaign
    from outhire.lib.tasks import enqueue

    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    enqueue(send_campaign, campaign.pk)
    messages.success(request, _("Sending resumed for the people not handled yet."))
    return redirect("community:campaign_detail", campaign_id=campaign.pk)
