from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from outhire.accounts.tenancy import Access, scope
from outhire.lib.zones import zone_info

# Pages a provider admin without 2FA may still open: setting it up, and leaving. (And the
# operator's endpoints, which never show a page: docs/operations.md.)
TWO_FACTOR_EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz", "/readyz", "/metrics")


class AccessMiddleware:
    """Attaches request.access and sends provider admins without 2FA to set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.access = SimpleLazyObject(lambda: Access(request.user))
        user = request.user
        if (
            user.is_authenticated
            and user.requires_2fa
            and not user.has_2fa
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and request.path not in _exempt_paths()
        ):
            return redirect("accounts:two_factor_setup")
        # Everything the view does runs in the requester's scope: client-owned queries see only
        # what request.access may see, whoever wrote them (see accounts/tenancy.py). Dates and
        # times render in the person's own zone; override(None) is the site's TIME_ZONE, and
        # the zone is undone after the response, so a worker thread never carries it over.
        zone = zone_info(user.time_zone) if user.is_authenticated else None
        with scope(request.access), timezone.override(zone):
            return self.get_response(request)


def _exempt_paths() -> set[str]:
    return {reverse("accounts:two_factor_setup"), reverse("accounts:logout")}
