"""A client's webhook endpoints and their deliveries, for its client admins and provider admins.

The secret is shown once, on the page that answers the creation (or a rotation); after that it
is only used to sign. Every object is fetched through `get_visible_or_404(..., manage=True)`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.forms import apply_errors
from outhire.webhooks import services
from outhire.webhooks.forms import EndpointForm
from outhire.webhooks.models import Attempt, Delivery, Endpoint

PER_PAGE = 50


def _client(request: HttpRequest, slug: str) -> Client:
    return get_visible_or_404(request.access, Client, slug=slug, manage=True)


def _endpoint(request: HttpRequest, endpoint_id: int) -> Endpoint:
    return get_visible_or_404(
        request.access, Endpoint.objects.select_related("client"), manage=True, pk=endpoint_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_list(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    form = EndpointForm(request.POST if request.method == "POST" else None)
    status = 200
    secret = None
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint, secret = services.endpoint_create(
                    client=client,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                # Rendered, not redirected: the secret must not travel through a URL or session.
                return render(
                    request,
                    "webhooks/secret.html",
                    {"endpoint": endpoint, "secret": secret, "client": client},
                )
        else:
            status = 400
    endpoints = (
        Endpoint.objects.filter(client=client)
        .annotate(delivery_count=Count("deliveries"))
        .order_by("created_at", "id")
    )
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"client": client, "endpoints": endpoints, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_detail(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """The endpoint's settings and its deliveries, newest first (the deliveries page)."""
    endpoint = _endpoint(request, endpoint_id)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = EndpointForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.endpoint_update(
                    endpoint=endpoint,
                    by=request.user,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The endpoint is saved."))
                return redirect("webhooks:endpoint_detail", endpoint_id=endpoint.pk)
        status = 400
    deliveries = (
        Delivery.objects.filter(endpoint=endpoint).defer("body").order_by("-created_at", "-id")
    )
    page = Paginator(deliveries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {"endpoint": endpoint, "client": endpoint.client, "form": form, "page": page},
        status=status,
    )


@login_required
@require_POST
def endpoint_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint(request, endpoint_id)
    slug = endpoint.client.slug
    services.endpoint_delete(endpoint=endpoint, by=request.user, request=request)
    messages.success(request, _("The endpoint is deleted, with its deliveries."))
    return redirect("webhooks:endpoint_list", slug=slug)


@login_required
@require_POST
def endpoint_rotate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint(request, endpoint_id)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user, request=request)
    return render(
        request,
        "webhooks/secret.html",
        {"endpoint": endpoint, "secret": secret, "client": endpoint.client, "rotated": True},
    )


def _delivery(request: HttpRequest, delivery_id: int) -> Delivery:
    return get_visible_or_404(
        request.access,
        Delivery.objects.select_related("endpoint", "client"),
        manage=True,
        pk=delivery_id,
    )


@login_required
@require_GET
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = _delivery(request, delivery_id)
    attempts = Attempt.objects.filter(delivery=delivery).order_by("-number")
    return render(
        request,
        "webhooks/delivery_detail.html",
        {"delivery": delivery, "endpoint": delivery.endpoint, "attempts": attempts},
    )


@login_required
@require_POST
def delivery_redeliver(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = _delivery(request, delivery_id)
    services.delivery_redeliver(delivery=delivery, by=request.user, request=request)
    messages.success(request, _("The delivery is sent again."))
    return redirect("webhooks:delivery_detail", delivery_id=delivery.pk)
