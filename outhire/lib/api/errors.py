"""Every API error has one shape: {"message": ..., "code": ...}, plus "errors" for bad input.

Clients branch on `code` (stable) and show `message` (may be reworded, and is written in the
reader's language: the user's own, else the request's Accept-Language). Handlers here replace
ninja's defaults, which answer {"detail": ...} and, for a Django ValidationError or an integrity
error raised by a service, would answer 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

# Codes for statuses that ninja or Django raise as a bare HttpError
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}
UNIQUE_CODES = {"unique", "unique_together"}


class FieldError(Schema):
    field: str | None
    message: str
    code: str


class ErrorOut(Schema):
    message: str
    code: str
    errors: list[FieldError] | None = None


class MalformedBody(ValueError):
    pass


class JSONParser(Parser):
    """Ninja's parser, with a failure we can tell apart from other 400s."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except ValueError as e:  # JSONDecodeError and UnicodeDecodeError
            raise MalformedBody(str(e)) from e


def reader_language(request: HttpRequest) -> str | None:
    """The language of the person behind an API request once it is authenticated (a token
    acts as its creator): LanguageMiddleware ran before, when only a session was known."""
    from outhire.lib.i18n import STAFF_LANGUAGES, supported

    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return supported(getattr(user, "language", ""), STAFF_LANGUAGES)


def in_reader_language(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run an API view or exception handler (request first) in `reader_language`."""

    @wraps(function)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        language = reader_language(request)
        with translation.override(language) if language else nullcontext():
            return function(request, *args, **kwargs)

    return wrapper


def error_body(code: str, message: str, errors: list[dict] | None = None) -> dict:
    body: dict[str, Any] = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def json_error(status: int, code: str, message: str) -> JsonResponse:
    """An error answered outside ninja (unknown URL, wrong method)."""
    return JsonResponse(error_body(code, message), status=status)


def _ninja_field_errors(errors: list[dict]) -> list[dict]:
    """Ninja's pydantic errors, with `loc` turned into a dotted field name.

    loc is (source, [param name,] field...): ("body", "payload", "name") or ("query", "limit").
    The body parameter's own name is an implementation detail, so it is dropped.
    """
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] == "body":
            loc = loc[2:]
        elif loc:
            loc = loc[1:]
        result.append(
            {
                "field": ".".join(loc) or None,
                "message": error.get("msg") or _("Invalid value."),
                "code": error.get("type", "invalid"),
            }
        )
    return result


def _django_field_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        pairs = [(name, error) for name, errs in exc.error_dict.items() for error in errs]
    else:
        pairs = [(None, error) for error in exc.error_list]
    result = []
    for name, error in pairs:
        message = error.message % error.params if error.params else error.message
        result.append(
            {
                "field": None if name in (None, "__all__") else name,
                "message": str(message),
                "code": error.code or "invalid",
            }
        )
    return result


def _summary(errors: list[dict]) -> str:
    first = errors[0] if errors else None
    if first is None:
        return _("The request is invalid.")
    message = str(first["message"])
    if first["field"]:
        # Translators: an invalid field of an API request and what is wrong with it.
        message = _("%(field)s: %(message)s") % {"field": first["field"], "message": message}
    if len(errors) > 1:
        more = len(errors) - 1
        message = ngettext(
            "%(message)s (and %(count)d more)", "%(message)s (and %(count)d more)", more
        ) % {"message": message, "count": more}
    return message


def register(api: NinjaAPI) -> None:
    """Install the handlers on `api`; ninja picks the most specific class for each exception."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="outhire"'
        return response

    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = (
            str(exc.message) if exc.message != "Unauthorized" else _("Authentication required.")
        )
        return respond(request, 401, error_body("unauthenticated", message))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, MalformedBody):
            return respond(
                request, 400, error_body("malformed_json", _("The request body is not valid JSON."))
            )
        code = CODES.get(exc.status_code, "error")
        return respond(request, exc.status_code, error_body(code, str(exc.message)))

    def on_body_already_read(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
        # A large form upload sent to an endpoint taking JSON: the form was parsed from the
        # stream (NullCharacterMiddleware), so there is no JSON body to read
        return respond(
            request, 400, error_body("malformed_json", _("The request body is not valid JSON."))
        )

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", _("Not found.")))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(
            request, 403, error_body("forbidden", _("You do not have permission to do this."))
        )

    def on_ninja_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _ninja_field_errors(exc.errors)
        return respond(request, 422, error_body("invalid", _summary(errors), errors))

    def on_django_validation_error(
        request: HttpRequest, exc: DjangoValidationError
    ) -> HttpResponse:
        errors = _django_field_errors(exc)
        # A duplicate (slug, e-mail...) is a conflict with existing data, not malformed input
        if errors and all(error["code"] in UNIQUE_CODES for error in errors):
            return respond(request, 409, error_body("conflict", _summary(errors), errors))
        return respond(request, 422, error_body("invalid", _summary(errors), errors))

    def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Services validate uniqueness first, so this is a race between two writers; the
        # transaction has been rolled back. Logged in case it is a bug rather than a race.
        logger.warning("API integrity error on %s %s: %s", request.method, request.path, exc)
        return respond(
            request, 409, error_body("conflict", _("This conflicts with existing data; retry."))
        )

    handlers = {
        AuthenticationError: on_authentication_error,
        HttpError: on_http_error,
        RawPostDataException: on_body_already_read,
        Http404: on_not_found,
        PermissionDenied: on_permission_denied,
        ValidationError: on_ninja_validation_error,
        DjangoValidationError: on_django_validation_error,
        IntegrityError: on_integrity_error,
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, in_reader_language(handler))
