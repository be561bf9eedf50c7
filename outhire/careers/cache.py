"""Caching of the public careers pages and feeds, invalidated the moment anything changes.

Each client has a version token in the cache, and the provider's board one of its own. A page's
key holds the token, so bumping it (a signal on every save or delete of a posting, requisition,
requisition status change, client or careers site; see `invalidation.py`) makes every cached
page of that client unreachable at once; the stale entries simply expire. A page is also kept
no longer than the next scheduled change of its jobs (a posting's publish or expiry time), so a
job appears and disappears on time without anyone saving anything.

Only anonymous GETs are served from or stored in the cache, the pages are rendered without the
request (no user, no CSRF token, no messages) and hold no personal data; responses are built
afresh from the stored body, so no cookie is ever replayed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

BOARD = "board"
PREFIX = "careers"


def _version_key(scope: str) -> str:
    return f"{PREFIX}:v:{scope}"


def bump(*scopes: str) -> None:
    """Make every cached page of these scopes (client slugs, or BOARD) stale now."""
    cache.set_many({_version_key(s): uuid.uuid4().hex for s in {*scopes, BOARD}}, None)


def _version(scope: str) -> str:
    key = _version_key(scope)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        # add(): two processes starting at once agree on one token.
        if not cache.add(key, token, None):
            token = cache.get(key) or token
    return token


class Rendered:
    """What a view renders for the cache: the body, its type and how long it stays true."""

    def __init__(
        self,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        until: datetime | None = None,
    ) -> None:
        self.body = body.encode() if isinstance(body, str) else body
        self.content_type = content_type
        self.status = status
        self.until = until


def _is_anonymous(request: HttpRequest) -> bool:
    # Looking at the cookie, not request.user, so an anonymous hit never touches the session.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _respond(
    request: HttpRequest, body: bytes, content_type: str, status: int, etag: str
) -> HttpResponse:
    if status == 200 and request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type, status=status)
    if status == 200:
        response["ETag"] = etag
        # Job boards and browsers may reuse a copy briefly; our own cache is always current.
        response["Cache-Control"] = f"public, max-age={settings.OUTHIRE_CAREERS_MAX_AGE}"
    else:
        response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    # A cached copy says which language it is in, as a freshly rendered page does.
    response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
    return response


def page_key(request: HttpRequest, version: str, params: tuple[str, ...]) -> str:
    """The cache key of a page: its language, its path and only the query parameters the view
    reads.

    Any other parameter (a tracking tag, junk) maps to the same entry, so nobody can fill the
    cache with variants of one page. The language is the request's (from the URL prefix,
    outhire/lib/i18n.py): a page in German and its English twin are never each other's copy.
    """
    query = sorted(
        (name, value[:100]) for name in params for value in request.GET.getlist(name)[:1]
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    raw = language + " " + request.path + "?" + urlencode(query)
    return f"{PREFIX}:page2:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached_public(scope: Callable[..., str], params: tuple[str, ...] = ()) -> Callable:
    """Serve a public view from the cache; `scope(**kwargs)` names the version it depends on.

    `params`: the query parameters the view reads (it must read no other). The view returns a
    `Rendered`, or an HttpResponse (a 404 page, say), which is not cached.
    """

    def decorator(view: Callable[..., Rendered | HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            usable = request.method in ("GET", "HEAD") and _is_anonymous(request)
            key = ""
            if usable:
                key = page_key(request, _version(scope(**kwargs)), params)
                hit = cache.get(key)
                if hit is not None:
                    return _respond(request, *hit)
            result = view(request, **kwargs)
            if not isinstance(result, Rendered):
                return result
            entry = (result.body, result.content_type, result.status, _etag(result.body))
            if usable and result.status == 200:
                timeout = settings.OUTHIRE_CAREERS_CACHE_SECONDS
                if result.until is not None:
                    left = (result.until - timezone.now()).total_seconds()
                    timeout = max(0, min(timeout, int(left)))
                if timeout > 0:
                    cache.set(key, entry, timeout)
            return _respond(request, *entry)

        return wrapper

    return decorator
