"""/api/v1/: the NinjaAPI's URLs, adjusted so that every answer, even to a wrong URL, is JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path, reverse
from django.utils.translation import gettext as _

from outhire.api.api import api
from outhire.lib.api.errors import json_error


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # Ninja answers a wrong method with a plain-text 405, outside its exception handlers
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            error = json_error(405, "method_not_allowed", _("Method not allowed."))
            error["Allow"] = response["Allow"]
            return error
        return response

    return wrapper


def _root(request: HttpRequest, **kwargs) -> HttpResponse:
    # Ninja's root view only raises 404; point a curious caller to the docs instead
    if request.method not in ("GET", "HEAD"):
        return json_error(405, "method_not_allowed", _("Method not allowed."))
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "docs": reverse("api:openapi-view"),
            "openapi": reverse("api:openapi-json"),
        }
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    # So that a mistyped API URL answers JSON, not the site's HTML 404 page
    return json_error(404, "not_found", _("Not found."))


def _adapt(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if not isinstance(pattern, URLPattern):
        return pattern
    view = _root if pattern.name == "api-root" else _json_method_not_allowed(pattern.callback)
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


_ninja_patterns, _app_name, _namespace = api.urls

_patterns = [_adapt(p) for p in _ninja_patterns] + [re_path(r"^", _not_found, name="not_found")]

urlpatterns = [path("", include((_patterns, _app_name), namespace=_namespace))]
