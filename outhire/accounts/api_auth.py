"""Who is calling: an API token (`Authorization: Bearer oh_...`) or a browser session.

Either way the request ends up with `request.access`, the one scoping mechanism
(outhire.accounts.tenancy). A token acts as its creator, narrowed to its client and, unless it
may write, to reading.

A router whose paths name objects (`/offers/{offer_id}/...`) passes getters for them
(`path_checked_auth({"offer_id": visible(Offer)})`), so an object out of reach is a 404 before
anything else about the request is looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from outhire.accounts.models import ApiToken, User, sha256_hex
from outhire.accounts.tenancy import Access, enter_scope, get_visible_or_404
from outhire.lib.api.fields import MAX_ID

# last_used_at is for people deciding whether a token is still in use; minute precision is
# plenty and spares a write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)

# Fetches the object a path id names, raising Http404 (or PermissionDenied) when out of reach
PathGetter = Callable[[Access, int], object]
# A rule of a whole router, run on every request after authentication
RequestCheck = Callable[[HttpRequest], None]


def visible(queryset: models.QuerySet | type[models.Model], **lookup: Any) -> PathGetter:
    """A path getter through the scoping: `get_visible_or_404(access, queryset, pk=pk, ...)`.

    `lookup` adds filters or the `write=`/`manage=` flags, e.g. `visible(Endpoint, manage=True)`.
    """

    def get(access: Access, pk: int) -> object:
        return get_visible_or_404(access, queryset, pk=pk, **lookup)

    return get


def check_path_objects(request: HttpRequest, path_objects: Mapping[str, PathGetter]) -> None:
    """404 for an object of the path out of reach, before the body is validated.

    Ninja validates the body only after authentication, so this runs as part of it. An outsider
    must get the same answer whatever they send: a 422 about their body would tell them the
    object exists. An id that is not a number, or past the largest bigint (which the database
    cannot even compare), counts as 0, which nothing has.
    """
    if not path_objects:
        return
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match is not None else {}
    for name, getter in path_objects.items():
        if name in kwargs:
            try:
                pk = int(kwargs[name])
            except (TypeError, ValueError):
                pk = 0
            if not 0 < pk <= MAX_ID:
                pk = 0
            getter(request.access, pk)


class TokenAuth(HttpBearer):
    openapi_description = (
        "An API token created on the API tokens page of the staff app, "
        "sent as `Authorization: Bearer oh_...`."
    )
    openapi_bearerFormat = "oh_..."

    def __init__(
        self,
        path_objects: Mapping[str, PathGetter] | None = None,
        *,
        check: RequestCheck | None = None,
    ) -> None:
        super().__init__()
        self.path_objects = dict(path_objects or {})
        self.check = check

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        # A bearer header that does not check out is an error, not a reason to fall back to the
        # session cookie: the caller meant to use this token.
        api_token = find_token(token)
        if api_token is None:
            raise AuthenticationError(message=_("Invalid or revoked API token."))
        touch(api_token)
        request.user = api_token.created_by
        request.access = Access(
            api_token.created_by,
            only_client_id=api_token.client_id,
            read_only=not api_token.can_write,
            token=api_token,
        )
        # The middleware scoped this request as the (anonymous) session; from here on it acts
        # as the token, and the middleware restores the outer scope when the request ends.
        enter_scope(request.access)
        check_path_objects(request, self.path_objects)
        if self.check is not None:
            self.check(request)
        return api_token


def find_token(secret: str) -> ApiToken | None:
    """The active token whose secret this is.

    Looking up the SHA-256 of the secret, never the secret itself, means the comparison does
    not leak how much of a guess was right.
    """
    if not secret.startswith(ApiToken.PREFIX):
        return None
    api_token = (
        ApiToken.objects.select_related("created_by", "client")
        .filter(token_hash=sha256_hex(secret))
        .first()
    )
    if api_token is None or not api_token.is_active:
        return None
    return api_token


def touch(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        # A queryset update writes one column and skips save()'s full-row write and signals
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser (the docs page). CSRF is checked for unsafe methods.

    request.access is already set by AccessMiddleware. That middleware lets /api/ through for a
    provider admin who has not set up the required 2FA, so the API refuses that session here.
    """

    def __init__(
        self,
        path_objects: Mapping[str, PathGetter] | None = None,
        *,
        check: RequestCheck | None = None,
    ) -> None:
        super().__init__()
        self.path_objects = dict(path_objects or {})
        self.check = check

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.requires_2fa and not user.has_2fa:
            return None
        check_path_objects(request, self.path_objects)
        if self.check is not None:
            self.check(request)
        return user


def path_checked_auth(
    path_objects: Mapping[str, PathGetter], *, check: RequestCheck | None = None
) -> list:
    """A router's `auth=`: a token or a session, then the objects its path names (see above)
    and `check(request)`, a rule of the whole router (e.g. provider staff only), which raises
    Http404 or PermissionDenied.

    The class names stay TokenAuth and SessionAuth: OpenAPI names a security scheme after the
    class, so every router shares the same two schemes.
    """
    return [TokenAuth(path_objects, check=check), SessionAuth(path_objects, check=check)]


token_auth = TokenAuth()
session_auth = SessionAuth()
