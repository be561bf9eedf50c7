"""Reads the screening pages and the API share: requisitions for provider staff, the decision log,
and who may audit a client.

Match pages and the decision log are provider staff's: to anyone else they do not exist (404,
not 403). The bias audit is answered for by the provider's admins and the client's admins.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from outhire.accounts.models import Client
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access, get_visible_or_404
from outhire.requisitions.models import Requisition
from outhire.screening.models import ScoreLog


def staff_requisition(access: Access, requisition_id: int, *, write: bool = False) -> Requisition:
    """A requisition provider staff may see (or write), with its client; 404 for anyone else."""
    # Not 403: to a client's user the match pages and the decision log do not exist.
    if not access.is_provider_staff:
        raise Http404
    return get_visible_or_404(
        access, Requisition.objects.select_related("client"), write=write, pk=requisition_id
    )


def score_logs(requisition: Requisition) -> QuerySet[ScoreLog]:
    """The decision log of a requisition: every score shown, newest first."""
    return ScoreLog.objects.filter(
        client_id=requisition.client_id, requisition=requisition
    ).select_related("candidate", "shown_to", "decided_by")


def may_audit(access: Access, client_id: int) -> bool:
    """The provider's admins and the client's admins answer for the audit; recruiters do not."""
    return access.is_provider_admin or access.role(client_id) == Role.CLIENT_ADMIN


def audit_client(access: Access, slug: str) -> Client:
    """The client, for those who may audit it; 404 for anyone else."""
    client = get_visible_or_404(access, Client, slug=slug)
    if not may_audit(access, client.pk):
        raise Http404
    return client
