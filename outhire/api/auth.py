"""Who is calling: an API token (`Authorization: Bearer oh_...`) or a browser session.

Either way the request ends up with `request.access`, the one scoping mechanism
(outhire.accounts.tenancy). A token acts as its creator, narrowed to its client and, unless it
may write, to reading.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from outhire.accounts.models import ApiToken, User, sha256_hex
from outhire.accounts.tenancy import Access

# last_used_at is for people deciding whether a token is still in use; minute precision is
# plenty and spares a write on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    openapi_description = (
        "An API token created on the API tokens page of the staff app, "
        "sent as `Authorization: Bearer oh_...`."
    )
    openapi_bearerFormat = "oh_..."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        # A bearer header that does not check out is an error, not a reason to fall back to the
        # session cookie: the caller meant to use this token.
        api_token = find_token(token)
        if api_token is None:
            raise AuthenticationError(message="Invalid or revoked API token.")
        touch(api_token)
        request.user = api_token.created_by
        request.access = Access(
            api_token.created_by,
            only_client_id=api_token.client_id,
            read_only=not api_token.can_write,
            token=api_token,
        )
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

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if user.requires_2fa and not user.has_2fa:
            return None
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
