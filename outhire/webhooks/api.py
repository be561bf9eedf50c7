"""A client's webhook endpoints and their deliveries in the JSON API, for those who manage the
client (its client admins, provider admins). The secret is in the creation's answer only.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.api.fields import StrictBool
from outhire.lib.api.pagination import Pagination
from outhire.webhooks import services
from outhire.webhooks.models import Attempt, Delivery, Endpoint, Event

# An endpoint or delivery out of reach is a 404, before the body is validated (api_auth).
router = Router(
    tags=["webhooks"],
    auth=api_auth.path_checked_auth(
        {
            "endpoint_id": api_auth.visible(Endpoint, manage=True),
            "delivery_id": api_auth.visible(Delivery, manage=True),
        }
    ),
)


class EndpointOut(Schema):
    id: int
    client: str
    url: str
    description: str
    events: list[str]
    is_active: bool
    created_at: datetime

    @staticmethod
    def resolve_client(obj: Endpoint) -> str:
        return obj.client.slug


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(description="Shown this once: keep it to verify signatures")


class EndpointIn(Schema):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(description="The client's slug")
    url: str = Field(max_length=500)
    events: list[Event]
    description: str = Field("", max_length=200)


class EndpointPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(None, max_length=500)
    events: list[Event] = None
    description: str = Field(None, max_length=200)
    is_active: StrictBool = None


class AttemptOut(Schema):
    number: int
    at: datetime
    status_code: int | None
    error: str
    duration_ms: int


class DeliveryOut(Schema):
    id: int
    endpoint: int
    event: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    attempt_log: list[AttemptOut]

    @staticmethod
    def resolve_endpoint(obj: Delivery) -> int:
        return obj.endpoint_id

    @staticmethod
    def resolve_attempt_log(obj: Delivery) -> list:
        return list(obj.attempt_set.all())


def _managed(request: HttpRequest):
    return [cid for cid in request.access.client_ids if request.access.can_manage(cid)]


def _endpoint(request: HttpRequest, endpoint_id: int) -> Endpoint:
    return get_visible_or_404(
        request.access, Endpoint.objects.select_related("client"), manage=True, pk=endpoint_id
    )


def _events(values) -> list[str]:
    return [str(getattr(v, "value", v)) for v in values]


@router.get(
    "/webhooks/endpoints", response=list[EndpointOut], summary="Webhook endpoints you manage"
)
@paginate(Pagination)
def endpoint_list(request: HttpRequest, client: str = ""):
    endpoints = Endpoint.objects.filter(client_id__in=_managed(request)).select_related("client")
    if client:
        endpoints = endpoints.filter(client__slug=client)
    return endpoints.order_by("created_at", "id")


@router.post(
    "/webhooks/endpoints",
    response={201: EndpointCreatedOut},
    summary="Add an endpoint; the answer holds its secret, shown only this once",
)
def endpoint_create(request: HttpRequest, payload: EndpointIn) -> Status:
    client = Client.objects.filter(slug=payload.client, pk__in=_managed(request)).first()
    if client is None:
        raise DjangoValidationError({"client": _("No client you manage has this slug.")})
    endpoint, secret = services.endpoint_create(
        client=client,
        url=payload.url,
        events=_events(payload.events),
        description=payload.description,
        by=request.user,
        request=request,
    )
    endpoint.secret = secret
    return Status(201, endpoint)


@router.get("/webhooks/endpoints/{endpoint_id}", response=EndpointOut, summary="One endpoint")
def endpoint_detail(request: HttpRequest, endpoint_id: int) -> Endpoint:
    return _endpoint(request, endpoint_id)


@router.patch(
    "/webhooks/endpoints/{endpoint_id}", response=EndpointOut, summary="Change an endpoint"
)
def endpoint_update(request: HttpRequest, endpoint_id: int, payload: EndpointPatchIn) -> Endpoint:
    endpoint = _endpoint(request, endpoint_id)
    data = payload.model_dump(exclude_unset=True)
    return services.endpoint_update(
        endpoint=endpoint,
        url=data.get("url") if data.get("url") is not None else endpoint.url,
        events=_events(data["events"]) if data.get("events") is not None else endpoint.events,
        description=data.get("description") or endpoint.description,
        is_active=data["is_active"] if data.get("is_active") is not None else endpoint.is_active,
        by=request.user,
        request=request,
    )


@router.delete(
    "/webhooks/endpoints/{endpoint_id}", response={204: None}, summary="Delete an endpoint"
)
def endpoint_delete(request: HttpRequest, endpoint_id: int) -> Status:
    endpoint = _endpoint(request, endpoint_id)
    services.endpoint_delete(endpoint=endpoint, by=request.user, request=request)
    return Status(204, None)


@router.get(
    "/webhooks/endpoints/{endpoint_id}/deliveries",
    response=list[DeliveryOut],
    summary="An endpoint's deliveries with their attempts, newest first",
)
@paginate(Pagination)
def delivery_list(request: HttpRequest, endpoint_id: int, status: str = ""):
    endpoint = _endpoint(request, endpoint_id)
    deliveries = (
        Delivery.objects.filter(endpoint=endpoint)
        .defer("body")
        .prefetch_related("attempt_set")
        .order_by("-created_at", "-id")
    )
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


@router.post(
    "/webhooks/deliveries/{delivery_id}/redeliver",
    response=DeliveryOut,
    summary="Send a delivery again now",
)
def delivery_redeliver(request: HttpRequest, delivery_id: int) -> Delivery:
    delivery = get_visible_or_404(
        request.access, Delivery.objects.select_related("endpoint"), manage=True, pk=delivery_id
    )
    services.delivery_redeliver(delivery=delivery, by=request.user, request=request)
    return Delivery.objects.prefetch_related(
        Prefetch("attempt_set", queryset=Attempt.objects.order_by("number"))
    ).get(pk=delivery_id)
