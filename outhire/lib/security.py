"""Response headers that Django's SecurityMiddleware does not set."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

from outhire.lib.api.errors import json_error

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
    hops = settings.OUTHIRE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (an address, not a bind)


# A JSON escape of NUL: \u0000 after an even number of backslashes (so not "\\u0000", which
# is a backslash followed by the text "u0000")
JSON_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def has_nul_character(request: HttpRequest) -> bool:
    """True when NUL is anywhere a view could pass it on: the path, the query string, a header,
    a form field, or a raw body (JSON, whatever its declared type).

    The contents of uploaded files are left alone: binary files (PDF, DOCX) hold NUL bytes.
    """
    if "\x00" in request.path_info:
        return True
    if any("\x00" in key or "\x00" in value for key, value in _pairs(request.GET)):
        return True
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key.startswith("CONTENT_")) and "\x00" in str(value):
            return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type in FORM_TYPES:
        _keep_body_readable(request)
        # Django's multipart parser already drops NUL from uploaded files' names
        return any("\x00" in key or "\x00" in value for key, value in _pairs(request.POST))
    body = request.body
    return b"\x00" in body or JSON_NUL_ESCAPE.search(body) is not None


def _keep_body_readable(request: HttpRequest) -> None:
    """Read a small multipart body before its form is parsed, so a view may still read
    `request.body` (an API endpoint taking JSON that was sent a form). A large one (an upload)
    is parsed from the stream as Django would; its body could not be read anyway."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if limit is None or length <= limit:
        request.body  # noqa: B018 (cached on the request)


def _pairs(query: QueryDict) -> list[tuple[str, str]]:
    return [(key, value) for key, values in query.lists() for value in values]


def _refuse(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 with `message`: JSON under /api/, the site's error page elsewhere."""
    if request.path_info.startswith("/api/"):
        return json_error(400, "invalid", message)
    from django.views.defaults import bad_request

    return bad_request(request, exception=ValueError(message))


class NullCharacterMiddleware:
    """Refuse a request holding a NUL character anywhere (see `has_nul_character`) with a 400.

    PostgreSQL cannot store or compare text containing NUL, so such input would otherwise
    surface as a database error (a 500) wherever it reaches a query, and text stored on SQLite
    would break the exports and feeds made of it later.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul_character(request):
            return _refuse(request, "The request contains a NUL character, which is not allowed.")
        return self.get_response(request)


# The shortest column an uploaded file's name is stored in (CostImport.file_name); Django has
# already cut longer names to 255 characters, keeping the extension.
MAX_UPLOAD_NAME = 200


class UploadNameMiddleware:
    """Refuse an upload whose file name is longer than MAX_UPLOAD_NAME with a 400.

    Every upload (documents, imports, cost files, calendars, the apply form) stores the name
    it came with; a longer one would not fit its column (a database error on PostgreSQL) or
    be cut without a word. Checked once here, for every form and API endpoint.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            for _field, uploads in request.FILES.lists():
                if any(len(upload.name or "") > MAX_UPLOAD_NAME for upload in uploads):
                    return _refuse(
                        request,
                        f"A file's name is longer than {MAX_UPLOAD_NAME} characters; "
                        "rename the file and upload it again.",
                    )
        return self.get_response(request)
