"""Who is signed in to the portal: a candidate id in the visitor's session, nothing more.

Signing in never makes the visitor a user of the staff app: the portal keeps its own key in
the session, and every portal page reads the candidate through `current()`. The key lapses
after `OUTHIRE_PORTAL_IDLE_MINUTES` without a request, and on signing out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.candidates.models import Candidate
from outhire.lib.i18n import activate_for_candidate
from outhire.lib.zones import zone_info

SESSION_KEY = "portal"


def sign_in(request: HttpRequest, candidate: Candidate, *, site: str = "") -> None:
    # A new session key: whatever id the visitor had before cannot be used to ride this one.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"c": candidate.pk, "seen": int(time.time()), "site": site}


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def site_of(request: HttpRequest) -> str:
    data = request.session.get(SESSION_KEY)
    return data.get("site", "") if isinstance(data, dict) else ""


def current(request: HttpRequest) -> Candidate | None:
    """The signed-in candidate, or None (never signed in, idle too long, record gone)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.OUTHIRE_PORTAL_IDLE_MINUTES * 60:
        request.session.pop(SESSION_KEY, None)
        request.portal_timed_out = True
        return None
    # An erased or merged record signs its holder out.
    candidate = Candidate.objects.active().filter(pk=data["c"]).first()
    if candidate is None:
        request.session.pop(SESSION_KEY, None)
        return None
    if now - int(data.get("seen", 0)) > 60:
        data["seen"] = now
        request.session[SESSION_KEY] = data
    return candidate


def candidate_required(view: Callable) -> Callable:
    """The view gets `request.candidate`; without one, the visitor is sent to sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        candidate = current(request)
        # The candidate's pages speak their language (before signing in: the browser's).
        activate_for_candidate(request, candidate)
        if candidate is None:
            if getattr(request, "portal_timed_out", False):
                messages.info(request, _("You were signed out after a while without activity."))
            return redirect("portal:home")
        request.candidate = candidate
        # Times on the candidate's pages are in their own zone once they chose one.
        with timezone.override(zone_info(candidate.time_zone)):
            response = view(request, *args, **kwargs)
        # Pages about one person: never kept by a shared computer's browser or a proxy.
        response["Cache-Control"] = "no-store"
        return response

    return wrapped
