"""The audit trail in the JSON API (/audit-events): provider admins only, as the Audit page."""

# No `from __future__ import annotations` here: django-ninja builds its query model from the
# annotations of the view, which must then be real types, not strings.
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from outhire.accounts.models import AuditEvent
from outhire.lib.api.fields import IsoDate
from outhire.lib.api.pagination import Pagination

router = Router(tags=["accounts"])


class AuditEventOut(Schema):
    id: int
    at: datetime
    action: str = Field(description='A dotted verb, e.g. "requisition.status_changed"')
    actor: str = Field(description="Who did it: a person's name, or what acted (a task, a link)")
    client: str | None = Field(description="The client's slug, when the event concerns one")
    object_type: str
    object_id: str
    object: str = Field(description="The object as it was named then")
    changes: dict

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        if obj.actor_id:
            return obj.actor.full_name or obj.actor.email
        return obj.actor_label

    @staticmethod
    def resolve_client(obj: AuditEvent) -> str | None:
        return obj.client.slug if obj.client_id else None

    @staticmethod
    def resolve_object(obj: AuditEvent) -> str:
        return obj.object_repr


@router.get(
    "/audit-events",
    response=list[AuditEventOut],
    summary="The audit trail, newest first (provider admins)",
)
@paginate(Pagination)
def audit_events(
    request: HttpRequest,
    action: str = Query("", max_length=60, description="Events whose action starts with this"),
    client: str = Query("", max_length=60, description="A client's slug"),
    since: IsoDate | None = None,
    until: IsoDate | None = None,
):
    """As the Audit page: every client's events and the provider's own. The IP address is
    left out; the page shows it."""
    if not request.access.is_provider_admin:
        raise PermissionDenied
    events = AuditEvent.objects.select_related("client", "actor").order_by("-at", "-id")
    if action:
        events = events.filter(action__startswith=action)
    if client:
        events = events.filter(client__slug=client)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
