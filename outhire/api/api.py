"""The one NinjaAPI, assembled from each app's router. Mounted at /api/v1/ by outhire.api.urls."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import NinjaAPI

from outhire.accounts.api import router as accounts_router
from outhire.accounts.api_auth import session_auth, token_auth
from outhire.accounts.audit_api import router as audit_router
from outhire.analytics.api import router as analytics_router
from outhire.billing.api import router as billing_router
from outhire.candidates.api import router as candidates_router
from outhire.candidates.imports.api import router as candidate_imports_router
from outhire.careers.api import router as careers_router
from outhire.community.api import router as community_router
from outhire.costs.api import router as costs_router
from outhire.engagements.api import router as engagements_router
from outhire.interviews.api import router as interviews_router
from outhire.lib.api import errors
from outhire.offers.api import router as offers_router
from outhire.pipeline.api import router as pipeline_router
from outhire.preboarding.api import router as preboarding_router
from outhire.referrals.api import router as referrals_router
from outhire.requisitions.api import router as requisitions_router
from outhire.screening.api import router as screening_router
from outhire.webhooks.api import router as webhooks_router

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

DESCRIPTION = """
The JSON API of Outhire. Authenticate with an API token from the staff app's "API tokens" page:
`Authorization: Bearer oh_...`. A token acts as the person who created it, narrowed to one client
(or the whole provider) and, unless it was created with write access, to reading.

Every error answers `{"message": "...", "code": "..."}`; invalid input adds `"errors"`, a list of
`{"field", "message", "code"}`. Codes: `unauthenticated` (401), `forbidden` (403), `not_found`
(404), `method_not_allowed` (405), `malformed_json` (400), `invalid` (422), `conflict` (409).
"""


def atomic_writes(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Run each unsafe request in a transaction, so a request that fails writes nothing.

    Ninja turns exceptions into responses outside the view function, so the transaction has
    already been rolled back when the error is answered. Reads stay outside a transaction:
    on SQLite (transaction_mode IMMEDIATE) every transaction takes the write lock.
    """

    @wraps(view_func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method in SAFE_METHODS:
            return view_func(request, *args, **kwargs)
        with transaction.atomic():
            return view_func(request, *args, **kwargs)

    return wrapper


class OuthireAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> dict:
        """Ninja's schema, plus the error shape as every operation's 4XX answer.

        Built once per path prefix in a process: the routes do not change while it runs, and
        building it takes pydantic about half a second. Each caller gets a copy of its own.
        """
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = self._build_schema(path_prefix)
        return copy.deepcopy(self._schemas[path_prefix])

    @cached_property
    def _schemas(self) -> dict[str, dict]:
        return {}

    def _build_schema(self, path_prefix: str) -> dict:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        error = errors.ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(error.pop("$defs", {}))
        components["ErrorOut"] = error
        answer = {
            "description": "An error; see `code`.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault("4XX", answer)
        return schema


api = OuthireAPI(
    title="Outhire API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[token_auth, session_auth],
    parser=errors.JSONParser(),
)
errors.register(api)
api.add_decorator(atomic_writes)
# Messages written by the views (HttpError, ValidationError) in the reader's language.
api.add_decorator(errors.in_reader_language)

# One router per app (see DESIGN.md); each router's paths are complete, so no prefix here.
api.add_router("", accounts_router)
api.add_router("", audit_router)
# Before the candidates router: its /candidates/{candidate_id} would take /candidates/imports.
api.add_router("", candidate_imports_router)
api.add_router("", candidates_router)
api.add_router("", engagements_router)
api.add_router("", costs_router)
api.add_router("", billing_router)
api.add_router("", pipeline_router)
api.add_router("", requisitions_router)
api.add_router("", careers_router)
api.add_router("", referrals_router)
api.add_router("", community_router)
api.add_router("", interviews_router)
api.add_router("", offers_router)
api.add_router("", preboarding_router)
api.add_router("", webhooks_router)
api.add_router("", analytics_router)
api.add_router("", screening_router)
