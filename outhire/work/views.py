"""The home page ("My work") and each item's full list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from outhire.accounts.models import Client
from outhire.accounts.tenancy import public_page
from outhire.work.selectors import my_work, work_item


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    access = request.access
    now = timezone.now()
    items = my_work(access, now=now)
    clients = list(Client.objects.visible_to(access).order_by("name"))
    return render(
        request,
        "work/home.html",
        {
            "busy": [item for item in items if item.count],
            "clear": [item for item in items if not item.count],
            "total": sum(item.count for item in items),
            "clients": [(client, access.role(client.pk)) for client in clients],
            "now": now,
        },
    )


@login_required
@require_GET
def item(request: HttpRequest, key: str) -> HttpResponse:
    now = timezone.now()
    found = work_item(request.access, key, now=now)
    if found is None:
        raise Http404
    return render(request, "work/item.html", {"item": found, "now": now})


@public_page
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for by themselves, without a page's
    <link rel="icon">: the static SVG icon, so the request is not a 404."""
    return redirect(static("outhire/favicon.svg"), permanent=True)
