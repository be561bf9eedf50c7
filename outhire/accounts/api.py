"""The caller (/me) and clients (/clients). Endpoints stay thin: scope, one service, one schema."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import services
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.api.pagination import Pagination

router = Router(tags=["accounts"])

# --- Schemas --------------------------------------------------------------------------------
# Output schemas list their fields one by one so that a new model field (a secret, say) never
# reaches the API by accident.


class ClientOut(Schema):
    slug: str
    name: str
    industry: str
    website: str
    is_active: bool
    created_at: datetime
    primary_colour: str
    accent_colour: str
    hero_text: str
    about: str


class ClientRoleOut(Schema):
    slug: str
    name: str
    role: str
    can_write: bool
    can_manage: bool


class TokenOut(Schema):
    name: str
    scope: str = Field(description='"provider", or the slug of the one client it may reach')
    can_write: bool


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    provider_role: str | None
    clients: list[ClientRoleOut]
    token: TokenOut | None = Field(description="The token used, when the call used one")


def _hex_colour():
    return Field(None, pattern=r"^#[0-9a-fA-F]{6}$", examples=["#1f4e79"])


class BrandingIn(Schema):
    # An unknown field (a typo, or one that may not be set here such as `slug`) is an error
    # rather than silently ignored.
    model_config = ConfigDict(extra="forbid")

    # Typed `str` with a None default: a field may be left out, but null is not a value
    website: str = Field(None, max_length=200)
    primary_colour: str = _hex_colour()
    accent_colour: str = _hex_colour()
    hero_text: str = Field(None, max_length=200)
    about: str = None


class ClientPatchIn(BrandingIn):
    name: str = Field(None, min_length=1, max_length=200)


class ClientCreateIn(BrandingIn):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    industry: Client.Industry = Client.Industry.OTHER


# --- Endpoints ------------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="The caller and the clients it may reach")
def me(request: HttpRequest) -> dict:
    access = request.access
    user = request.user
    clients = Client.objects.visible_to(access).order_by("name", "id")
    token = None
    if access.token is not None:
        token = {
            "name": access.token.name,
            "scope": access.token.client.slug if access.token.client_id else "provider",
            "can_write": access.token.can_write,
        }
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "provider_role": user.provider_role or None,
        "clients": [
            {
                "slug": client.slug,
                "name": client.name,
                "role": access.role(client.id).value,
                "can_write": access.can_write(client.id),
                "can_manage": access.can_manage(client.id),
            }
            for client in clients
        ],
        "token": token,
    }


@router.get("/clients", response=list[ClientOut], summary="Clients the caller may see")
@paginate(Pagination)
def client_list(request: HttpRequest):
    return Client.objects.visible_to(request.access).order_by("name", "id")


@router.get("/clients/{slug}", response=ClientOut, summary="One client")
def client_detail(request: HttpRequest, slug: str) -> Client:
    return get_visible_or_404(request.access, Client, slug=slug)


@router.post(
    "/clients", response={201: ClientOut}, summary="Create a client (provider admins only)"
)
def client_create(request: HttpRequest, payload: ClientCreateIn) -> Status:
    if not request.access.can_administer_provider:
        raise PermissionDenied
    branding = payload.model_dump(exclude_unset=True, exclude={"name", "slug", "industry"})
    client = services.client_create(
        name=payload.name,
        slug=payload.slug,
        industry=payload.industry.value,
        by=request.user,
        request=request,
        **branding,
    )
    return Status(201, client)


@router.patch("/clients/{slug}", response=ClientOut, summary="Edit a client's branding")
def client_update(request: HttpRequest, slug: str, payload: ClientPatchIn) -> Client:
    client = get_visible_or_404(request.access, Client, manage=True, slug=slug)
    fields = payload.model_dump(exclude_unset=True)
    return services.client_update(client=client, fields=fields, by=request.user, request=request)
