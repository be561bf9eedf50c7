"""The new hire's signed link to their pre-boarding page: the checklist's id, signed with the
secret key and a salt of its own; nothing personal in the URL."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

SALT = "outhire.preboarding.welcome"
# Longer than any offer-to-start-date gap a checklist is made for.
MAX_AGE = timedelta(days=400)


def welcome_token(checklist) -> str:
    return signing.dumps({"p": checklist.pk}, salt=SALT, compress=True)


def checklist_from_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("p") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None
