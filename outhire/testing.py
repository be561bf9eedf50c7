"""Helpers for the test suite: the personas, building users, logging in, shared test data.

The fixtures themselves (clients Acme and Globex, a user in each role) live in the root
`conftest.py` and are built with `make_client` and `make_persona`; tests import these plain
helpers from here, never from `conftest`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "correct horse battery staple"

# The two clients of the personas: Acme (client A) and Globex (client B).
CLIENTS = {
    "acme": {
        "name": "Acme Robotics",
        "industry": "technology",
        "hero_text": "Build robots with Acme",
    },
    "globex": {"name": "Globex Health", "industry": "healthcare"},
}
# name -> (e-mail, full name, provider role, client slug, role in that client)
PERSONAS = {
    "alice": ("alice@provider.test", "Alice Admin", "admin", None, ""),
    "rita": ("rita@provider.test", "Rita Recruiter", "recruiter", "acme", "recruiter"),
    "sam": ("sam@provider.test", "Sam Sourcer", "sourcer", "globex", "sourcer"),
    "carla": ("carla@acme.test", "Carla Clientadmin", "", "acme", "client_admin"),
    "hank": ("hank@acme.test", "Hank Hiringmanager", "", "acme", "hiring_manager"),
    "ivy": ("ivy@acme.test", "Ivy Interviewer", "", "acme", "interviewer"),
    "gina": ("gina@globex.test", "Gina Globex", "", "globex", "client_admin"),
}


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


def api_token(user, client=None, *, can_write: bool = True) -> str:
    """The secret of a new API token of `user` (for `client`, or provider-wide when None)."""
    from outhire.accounts import services

    _, secret = services.api_token_create(
        name=f"{user.full_name}'s token", client=client, can_write=can_write, by=user
    )
    return secret


def bearer(secret: str) -> dict[str, str]:
    """The Authorization header of an API request made with `secret`."""
    return {"Authorization": f"Bearer {secret}"}


def make_client(slug: str):
    """Acme or Globex, as the `acme` and `globex` fixtures make them."""
    from outhire.accounts.models import Client

    return Client.objects.create(slug=slug, **CLIENTS[slug])


def make_persona(name: str, client=None):
    """One of PERSONAS (alice, rita, sam, carla, hank, ivy, gina); `client` is their client.

    Provider admins (Alice) have two-factor authentication set up, as it is required of them.
    """
    email, full_name, provider_role, _slug, role = PERSONAS[name]
    user = make_user(email, full_name, provider_role, two_factor=provider_role == "admin")
    return make_member(user, client, role) if client is not None else user


def fast_settings(media_root: Path) -> dict:
    """The settings every test runs with: quick password hashing, e-mail kept in memory, files
    under `media_root`, static files without a manifest."""
    from django.conf import settings

    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": media_root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }


@contextmanager
def shared_data(django_db_blocker, media_root: Path) -> Iterator[None]:
    """Data built once for many tests (a module's, say), rolled back when they are done.

    For a module- or session-scoped fixture (with `django_db_setup` and `django_db_blocker`):
    what is made inside this block stays in an outer transaction; each test's own transaction
    (the `db` fixture) is a savepoint in it, so whatever a test changes is undone after it, and
    the outer transaction is rolled back at the end. Files go under `media_root`: the tests
    that read them must use it too (`settings.MEDIA_ROOT = media_root`). After-commit work
    never runs by itself here; wrap what needs it in `TestCase.captureOnCommitCallbacks`.
    """
    from django.db import transaction
    from django.test import override_settings

    from outhire.celery import app

    app.conf.task_always_eager = True
    with (
        django_db_blocker.unblock(),
        override_settings(**fast_settings(media_root)),
        transaction.atomic(),
    ):
        try:
            yield
        finally:
            transaction.set_rollback(True)


@dataclass
class Ran:
    """What a command printed and its exit code, like `subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Ran:
    """`outhire <args>`, run in this process as the console script runs it (outhire.cli.main).

    Starting Python and Django again for each command took a second or more; one test
    (outhire/tests/test_commands.py) still runs the real `outhire` entry point in a process.
    """
    import logging

    from outhire.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    # `main` sets Django up again, which points the root logger at this call's stderr.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    returncode = 0
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            main(list(args))
    except SystemExit as exit:
        code = exit.code
        returncode = code if isinstance(code, int) else (0 if code is None else 1)
        if isinstance(code, str):
            stderr.write(code)
    finally:
        root.handlers[:], root.level = handlers, level
    return Ran(returncode, stdout.getvalue(), stderr.getvalue())


def confirmed(data: dict, *, emails: int = 0) -> dict:
    """`data` of a move form, posted as the confirmation a move asks for (skipped stages, the
    e-mails it sends: see outhire.pipeline.confirming); `emails` more fields go with it."""
    return {
        **data,
        "confirm": "1",
        "email-TOTAL_FORMS": str(emails),
        "email-INITIAL_FORMS": str(emails),
    }
