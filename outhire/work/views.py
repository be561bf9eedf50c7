"""The home page ("My work") and each item's full list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from outhire.accounts.models import Client
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
