"""The candidate page's "add to requisition": a recruiter picks one of the open requisitions
they work on and the candidate enters its pipeline, sourced by them.

Here, not in `candidates`, because an application is pipeline's (candidates sits below
pipeline and may not call its services); the form and the page are the candidate page's.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outhire.accounts.tenancy import get_visible_or_404
from outhire.candidates.forms import AddToRequisitionForm
from outhire.candidates.models import Candidate
from outhire.pipeline import services
from outhire.pipeline.models import Application
from outhire.requisitions.models import Requisition


def _already(request: HttpRequest, candidate: Candidate, requisition: Requisition) -> bool:
    """Say so, with a link, when the candidate is already in this requisition's pipeline."""
    application = Application.objects.filter(requisition=requisition, candidate=candidate).first()
    if application is None:
        return False
    messages.info(
        request,
        format_html(
            _('{} is already in the pipeline of <a href="{}">{}</a> ({}).'),
            candidate.full_name,
            reverse("pipeline:application_detail", args=[application.pk]),
            requisition.title,
            requisition.client.name,
        ),
    )
    return True


@login_required
@require_POST
def candidate_add_to_requisition(request: HttpRequest, candidate_id: int) -> HttpResponse:
    # Not 403: to anyone but provider staff, the talent network does not exist.
    if not request.access.is_provider_staff:
        raise Http404
    candidate = get_visible_or_404(
        request.access, Candidate.objects.active(), write=True, pk=candidate_id
    )
    # The top of the page, where the message is.
    back = reverse("candidates:candidate_detail", args=[candidate.pk])
    form = AddToRequisitionForm(request.POST, access=request.access)
    if not form.is_valid():
        # The list offers only requisitions the user may write for, so anything else is one
        # that closed meanwhile or a forged id: the same answer for both.
        messages.error(request, " ".join(form.errors["requisition"]))
        return redirect(back)
    requisition = form.cleaned_data["requisition"]
    if _already(request, candidate, requisition):
        return redirect(back)
    try:
        application = services.application_create(
            requisition=requisition,
            candidate=candidate,
            by=request.user,
            source=Candidate.Source.SOURCED,
            request=request,
        )
    except ValidationError as error:
        # A second click that got here first is caught by the unique constraint: say where
        # the candidate is rather than only that it failed.
        if not _already(request, candidate, requisition):
            messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        format_html(
            _('{} is added to the pipeline of <a href="{}">{}</a> ({}).'),
            candidate.full_name,
            reverse("pipeline:application_detail", args=[application.pk]),
            requisition.title,
            requisition.client.name,
        ),
    )
    return redirect(back)
