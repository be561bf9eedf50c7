"""Reads the views and the API share: who may see and change engagements, intakes, templates.

Provider admins create and edit engagements; every provider staff member assigned to a client
reads them. Provider staff who may write for a client create and edit its intakes. The client's
admins and hiring managers read both, never edit. Intake templates belong to the provider:
client users never see them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from outhire.accounts.models import Client, User
from outhire.accounts.roles import PROVIDER_ROLES, Role
from outhire.accounts.tenancy import Access
from outhire.engagements.models import Engagement, Intake, IntakeTemplate

# Client roles that may read their client's engagements and intakes.
CLIENT_READERS = frozenset({Role.CLIENT_ADMIN, Role.HIRING_MANAGER})
# Client roles that may be an intake's hiring manager.
HIRING_MANAGER_ROLES = (Role.HIRING_MANAGER, Role.CLIENT_ADMIN)


def readable_client_ids(access: Access) -> list[int]:
    """Clients whose engagements and intakes `access` may read."""
    return [cid for cid, role in access.roles.items() if role.is_provider or role in CLIENT_READERS]


def _is_staff_user(access: Access) -> bool:
    # Not access.is_provider_staff: a provider admin's token narrowed to one client still acts
    # as provider staff for that client.
    return access.is_authenticated and access.user.is_provider_staff


def can_edit_engagement(access: Access, client_id: int) -> bool:
    return _is_staff_user(access) and access.can_manage(client_id)


def can_edit_intake(access: Access, client_id: int) -> bool:
    return _is_staff_user(access) and access.can_write(client_id)


def engagements_visible(access: Access) -> QuerySet[Engagement]:
    return Engagement.objects.visible_to(access).filter(client_id__in=readable_client_ids(access))


def intakes_visible(access: Access) -> QuerySet[Intake]:
    return Intake.objects.visible_to(access).filter(client_id__in=readable_client_ids(access))


def templates_visible(access: Access) -> QuerySet[IntakeTemplate]:
    return IntakeTemplate.objects.visible_to(access)


def can_edit_template(access: Access, template_client_id: int | None) -> bool:
    """Provider-level templates: provider admins; a client's copy: staff who write for it."""
    if template_client_id is None:
        return access.is_provider_admin and not access.read_only
    return access.is_provider_staff and access.can_write(template_client_id)


def get_engagement(access: Access, engagement_id: int, *, write: bool = False) -> Engagement:
    """The engagement, or 404 when out of reach; 403 for a write by someone who may only read."""
    engagement = (
        engagements_visible(access)
        .select_related("client", "account_lead")
        .prefetch_related("phases")
        .filter(pk=engagement_id)
        .first()
    )
    if engagement is None:
        raise Http404
    if write and not can_edit_engagement(access, engagement.client_id):
        raise PermissionDenied
    return engagement


def get_intake(access: Access, intake_id: int, *, write: bool = False) -> Intake:
    intake = (
        intakes_visible(access)
        .select_related("client", "engagement", "hiring_manager", "template", "created_by")
        .filter(pk=intake_id)
        .first()
    )
    if intake is None:
        raise Http404
    if write and not can_edit_intake(access, intake.client_id):
        raise PermissionDenied
    return intake


def get_template(access: Access, template_id: int, *, write: bool = False) -> IntakeTemplate:
    template = templates_visible(access).select_related("client").filter(pk=template_id).first()
    if template is None:
        raise Http404
    if write and not can_edit_template(access, template.client_id):
        raise PermissionDenied
    return template


def hiring_managers(client: Client) -> QuerySet[User]:
    """Users of `client` who may be an intake's hiring manager."""
    return User.objects.filter(
        is_active=True,
        memberships__client=client,
        memberships__role__in=[r.value for r in HIRING_MANAGER_ROLES],
    ).distinct()


def account_leads(client: Client) -> QuerySet[User]:
    """Provider staff who may lead the engagement: admins, and staff assigned to the client."""
    staff = [r.value for r in PROVIDER_ROLES]
    return User.objects.filter(
        Q(provider_role=Role.ADMIN) | Q(provider_role__in=staff, memberships__client=client),
        is_active=True,
    ).distinct()
