"""Where to go after a form: the page that sent the person there (`?next=`), when it is ours.

A checklist links to each form with `?next=<its own path>`; the form posts to its own
address, so `next` comes back with the POST, and the view redirects there after saving
instead of to its usual page. Only a path on this site is followed (never another host, a
scheme or `//host`), so a crafted link cannot send anyone elsewhere.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str:
    """The `next` path of the request (query string or form), or "" when absent or foreign."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return ""
    return target


def redirect_next(request: HttpRequest, to: str, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect to `next` when the request names one of our pages, else to `to`."""
    return redirect(safe_next(request) or to, *args, **kwargs)


def with_next(url: str, target: str) -> str:
    """`url` carrying `next=target` (for links and form actions)."""
    if not target:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'next': target})}"


def return_to(request: HttpRequest) -> dict:
    """Context processor: `return_to`, the page to go back to, for the link every page shows
    above its content and for forms that post elsewhere (a hidden `next` field)."""
    return {"return_to": safe_next(request)}


# The main menu's groups (base.html), by the app or URL name of the pages they lead to.
MENU_SECTIONS = {
    "hiring": {"requisitions", "offers", "interviews"},
    "talent": {"candidates", "community", "referrals"},
    "clients": {"accounts:client_list", "engagements", "costs", "billing", "careers_manage"},
    "insights": {"analytics"},
    "admin": {"privacy", "accounts:staff_list", "accounts:audit_log", "accounts:api_tokens"},
}


def menu_section(request: HttpRequest) -> dict:
    """Context processor: `menu_section`, the menu group holding the current page ("" if none),
    so the header can mark that group while the page's own link carries aria-current."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"menu_section": ""}
    for section, members in MENU_SECTIONS.items():
        if match.app_name in members or match.view_name in members:
            return {"menu_section": section}
    return {"menu_section": ""}
