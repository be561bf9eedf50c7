"""Helpers for the test suite: the personas' password, building users, logging in.

The fixtures themselves (clients Acme and Globex, a user in each role) live in the root
`conftest.py`; tests import these plain helpers from here, never from `conftest`.
"""

from __future__ import annotations

from pathlib import Path

PASSWORD = "correct horse battery staple"


def make_user(email: str, name: str, provider_role: str = "", *, two_factor: bool = False):
    """A user with the shared test password (and a confirmed TOTP secret when `two_factor`)."""
    from django.utils import timezone

    from outhire.accounts.models import User

    user = User.objects.create_user(email, PASSWORD, full_name=name, provider_role=provider_role)
    if two_factor:
        import pyotp

        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = timezone.now()
        user.save()
    return user


def make_member(user, client, role: str):
    """Give `user` a membership of `client` with `role`; returns the user."""
    from outhire.accounts.models import Membership

    Membership.objects.create(user=user, client=client, role=role)
    return user


def login(client, user):
    """Log `user` in on the test client, past the 2FA step."""
    client.force_login(user)
    return client


def database_url() -> str:
    """The test database as a DATABASE_URL, for a process the test starts (a worker, a command)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def confirmed(data: dict, *, emails: int = 0) -> dict:
    """`data` of a move form, posted as the confirmation a move asks for (skipped stages, the
    e-mails it sends: see outhire.pipeline.confirming); `emails` more fields go with it."""
    return {
        **data,
        "confirm": "1",
        "email-TOTAL_FORMS": str(emails),
        "email-INITIAL_FORMS": str(emails),
    }
