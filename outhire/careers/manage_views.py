"""Staff pages of the careers app: postings per channel of a requisition, the site's content.

Provider staff and the client's writers manage postings (a read-only role sees them); client
admins and provider admins edit the careers site. Out of reach is a 404, a write by a role that
may only read a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.careers import services
from outhire.careers.forms import CareerSiteForm, PostingForm
from outhire.careers.models import CareerSite, JobPosting
from outhire.careers.views import site_page
from outhire.lib.formatting import date_time
from outhire.lib.forms import apply_errors
from outhire.lib.navigation import redirect_next
from outhire.requisitions.models import Requisition

Channel = JobPosting.Channel


def _channel_rows(requisition: Requisition, forms: dict | None = None) -> list[dict]:
    postings = {p.channel: p for p in JobPosting.objects.filter(requisition=requisition)}
    live = set(
        JobPosting.objects.live().filter(requisition=requisition).values_list("channel", flat=True)
    )
    now = timezone.now()
    rows = []
    for value, label in Channel.choices:
        posting = postings.get(value)
        initial = {}
        if posting is not None and posting.status == JobPosting.Status.PUBLISHED:
            if posting.publish_at > now:
                initial["publish_at"] = timezone.localtime(posting.publish_at)
            if posting.expires_at:
                initial["expires_at"] = timezone.localtime(posting.expires_at)
        form = (forms or {}).get(value) or PostingForm(initial=initial, prefix=value)
        rows.append(
            {
                "channel": value,
                "label": label,
                "posting": posting,
                "live": value in live,
                "scheduled": posting is not None
                and posting.status == JobPosting.Status.PUBLISHED
                and posting.publish_at > now,
                "form": form,
            }
        )
    return rows


def _postings_context(request: HttpRequest, requisition: Requisition, forms=None) -> dict:
    return {
        "requisition": requisition,
        "client": requisition.client,
        "rows": _channel_rows(requisition, forms),
        "can_write": request.access.can_write(requisition.client_id),
        "is_open": requisition.status == Requisition.Status.OPEN,
    }


@login_required
@require_http_methods(["GET", "POST"])
def postings(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """The requisition's postings per channel: publish now or later, expiry, withdraw."""
    write = request.method == "POST"
    requisition = get_visible_or_404(
        request.access,
        Requisition.objects.select_related("client"),
        pk=requisition_id,
        write=write,
    )
    if not write:
        return render(request, "careers/postings.html", _postings_context(request, requisition))
    channel = request.POST.get("channel", "")
    if channel not in Channel.values:
        messages.error(request, _("Choose a channel to publish on or withdraw from."))
        context = _postings_context(request, requisition)
        return render(request, "careers/postings.html", context, status=400)
    action = request.POST.get("action", "publish")
    if action == "withdraw":
        posting = JobPosting.objects.filter(requisition=requisition, channel=channel).first()
        if posting is None or posting.status == JobPosting.Status.WITHDRAWN:
            messages.info(request, _("There is nothing to withdraw on this channel."))
        else:
            services.posting_withdraw(posting=posting, by=request.user, request=request)
            messages.success(
                request, _("Withdrawn from %(channel)s.") % {"channel": Channel(channel).label}
            )
        return redirect("careers_manage:postings", requisition_id=requisition.pk)
    form = PostingForm(request.POST, prefix=channel)
    if form.is_valid():
        try:
            services.posting_publish(
                requisition=requisition,
                channel=channel,
                by=request.user,
                publish_at=form.cleaned_data["publish_at"],
                expires_at=form.cleaned_data["expires_at"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            when = form.cleaned_data["publish_at"]
            if when and when > timezone.now():
                note = _("Scheduled on %(channel)s for %(when)s.") % {
                    "channel": Channel(channel).label,
                    "when": date_time(when),
                }
            else:
                note = _("Published on %(channel)s.") % {"channel": Channel(channel).label}
            messages.success(request, note)
            return redirect("careers_manage:postings", requisition_id=requisition.pk)
    context = _postings_context(request, requisition, forms={channel: form})
    return render(request, "careers/postings.html", context, status=400)


@login_required
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    """The careers sites this person may edit, with their public addresses and feeds."""
    manageable = [cid for cid in request.access.client_ids if request.access.can_manage(cid)]
    clients = Client.objects.filter(pk__in=manageable).select_related("career_site")
    return render(request, "careers/site_list.html", {"clients": clients})


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The careers site's content, for client admins and provider admins."""
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    site = CareerSite.objects.filter(client=client).first() or CareerSite(client=client)
    form = CareerSiteForm(request.POST if request.method == "POST" else None, instance=site)
    context = {"form": form, "client": client}
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in CareerSiteForm.Meta.fields}
            try:
                services.career_site_save(
                    client=client, fields=fields, by=request.user, request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Careers site saved; the public pages show it now."))
                return redirect_next(request, "careers_manage:site_edit", slug=client.slug)
        return render(request, "careers/site_form.html", context, status=400)
    return render(request, "careers/site_form.html", context)


@login_required
@require_GET
def site_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The site as job seekers see it, for those who edit it (also while the client is inactive)."""
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    rendered = site_page(request, client, preview=True)
    response = HttpResponse(rendered.body, content_type=rendered.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
