"""The one way to write an audit event."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import translation

from outhire.accounts.models import AuditEvent, Client, User
from outhire.lib.security import client_ip

# Field names whose values never enter the audit trail, only the fact that they changed.
SECRET_WORDS = ("password", "secret", "token", "key", "code", "nonce", "hash")
REDACTED = "[changed]"


def redact(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if any(word in name.lower() for word in SECRET_WORDS):
            clean[name] = REDACTED
        elif isinstance(value, dict):
            clean[name] = redact(value)
        elif isinstance(value, list | tuple):
            clean[name] = [
                v if v is None or isinstance(v, bool | int | float | str) else str(v) for v in value
            ]
        elif value is None or isinstance(value, bool | int | float | str):
            clean[name] = value
        else:
            clean[name] = str(value)
    return clean


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """{"field": [old, new]} for each field whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(
    action: str,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    client: Client | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an audit event. `action` is a dotted verb such as "membership.role_changed"."""
    request_user = getattr(request, "user", None)
    if actor is None and request_user is not None and request_user.is_authenticated:
        actor = request_user
    if client is None and obj is not None:
        if isinstance(obj, Client):
            client = obj
        elif getattr(obj, "client_id", None):
            client = obj.client
    changes = dict(changes or {})
    token = getattr(getattr(request, "access", None), "token", None)
    if token is not None:
        # Name the API token that acted, so a leaked token's doings can be traced.
        changes["via"] = f"API token #{token.pk} {token.name}"
    # The trail is kept in English whoever acted (an object named by a translated label,
    # such as a role, reads the same in every event).
    with translation.override(settings.LANGUAGE_CODE):
        object_repr = str(obj)[:200] if obj is not None else ""
        changes = redact(changes)
    event = AuditEvent(
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        action=action,
        client=client,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr,
        ip=client_ip(request) if request is not None else None,
        changes=changes,
    )
    event.save()
    return event


def rewrite_for_erasure(event_ids, **values: Any) -> int:
    """The one exception to append-only: erasing a person (GDPR Art. 17) removes their data
    from the events that held it. The events stay, with who acted, what and when."""
    return AuditEvent._base_manager.filter(pk__in=list(event_ids)).update(**values)
