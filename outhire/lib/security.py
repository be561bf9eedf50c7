"""Response headers that Django's SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# No inline scripts anywhere: every script is a file under /static/. Inline styles are not
# allowed either; htmx is told not to inject its indicator styles (see base.html).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def client_ip(request: HttpRequest) -> str:
    """The caller's IP, trusting X-Forwarded-For only for the configured number of proxies."""
    from django.conf import settings

    hops = settings.OUTHIRE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (an address, not a bind)


class NullCharacterMiddleware:
    """Refuse a query string or JSON body holding a NUL character with a 400.

    PostgreSQL cannot store or compare text containing NUL, so such input would otherwise
    surface as a database error (a 500) wherever it reaches a query. Django's forms already
    refuse it field by field; this covers query parameters and JSON bodies everywhere.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        has_nul = any("\x00" in value for values in request.GET.lists() for value in values[1])
        if not has_nul and request.content_type == "application/json":
            has_nul = b"\\u0000" in request.body or b"\x00" in request.body
        if has_nul:
            message = "The request contains a NUL character, which is not allowed."
            if request.path.startswith("/api/"):
                from outhire.api.errors import json_error

                return json_error(400, "invalid", message)
            from django.views.defaults import bad_request

            return bad_request(request, exception=ValueError(message))
        return self.get_response(request)
