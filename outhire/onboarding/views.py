"""The set-up checklist of a client, for the provider's admins.

Each step links to the page that does it with `?next=` back here, so saving there returns to
the checklist. Client users (of any client) and the provider's other staff are refused: 404
for a client out of reach, 403 otherwise.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.onboarding.checklist import client_checklist
from outhire.pipeline.communication.defaults import message_templates_ensure


def _client(request: HttpRequest, slug: str) -> Client:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    if not request.access.can_administer_provider:
        raise PermissionDenied
    return client


@login_required
@require_GET
def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    return render(
        request,
        "onboarding/checklist.html",
        {"client": client, "checklist": client_checklist(client)},
    )


@login_required
@require_POST
def add_templates(request: HttpRequest, slug: str) -> HttpResponse:
    client = _client(request, slug)
    made = message_templates_ensure(client=client, by=request.user, request=request)
    if made:
        messages.success(
            request,
            ngettext(
                "%(n)s standard e-mail template added.",
                "%(n)s standard e-mail templates added.",
                len(made),
            )
            % {"n": len(made)},
        )
    else:
        messages.info(request, _("The client has every standard template already."))
    return redirect("onboarding:checklist", slug=client.slug)
