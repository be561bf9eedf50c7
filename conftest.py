"""Shared personas for every test: two clients and someone in each role.

Acme (client A) and Globex (client B). Alice is the provider admin, Rita a recruiter assigned to
Acme, Sam a sourcer assigned to Globex only; Carla is Acme's client admin, Hank Acme's hiring
manager, Ivy Acme's interviewer; Gina is Globex's client admin (the outsider for Acme's data).
Plain helpers (`login`, `PASSWORD`, `make_user`, `database_url`) are in `outhire.testing`.
"""

from __future__ import annotations

import pytest

from outhire.testing import make_member as _member
from outhire.testing import make_user as _user


@pytest.fixture(autouse=True, scope="session")
def _unscoped_outside_requests():
    """Test code builds and inspects every client's rows, as a task or command would.

    Requests made through the test client are scoped by the middleware as in production; a test
    that needs the no-scope behaviour (ScopeError) uses the `no_scope` fixture.
    """
    from outhire.lib.scopes import unscoped

    with unscoped():
        yield


@pytest.fixture
def no_scope():
    """Run the test with no tenant scope at all, as code outside any request starts."""
    from outhire.lib.scopes import _current_scope

    token = _current_scope.set(None)
    yield
    _current_scope.reset(token)


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from outhire.celery import app

    app.conf.task_always_eager = True


@pytest.fixture
def acme(db):
    from outhire.accounts.models import Client

    return Client.objects.create(
        name="Acme Robotics", slug="acme", industry="technology", hero_text="Build robots with Acme"
    )


@pytest.fixture
def globex(db):
    from outhire.accounts.models import Client

    return Client.objects.create(name="Globex Health", slug="globex", industry="healthcare")


@pytest.fixture
def alice(db):
    """Provider admin, with 2FA set up (it is required for admins)."""
    return _user("alice@provider.test", "Alice Admin", "admin", two_factor=True)


@pytest.fixture
def rita(acme):
    return _member(_user("rita@provider.test", "Rita Recruiter", "recruiter"), acme, "recruiter")


@pytest.fixture
def sam(globex):
    return _member(_user("sam@provider.test", "Sam Sourcer", "sourcer"), globex, "sourcer")


@pytest.fixture
def carla(acme):
    return _member(_user("carla@acme.test", "Carla Clientadmin"), acme, "client_admin")


@pytest.fixture
def hank(acme):
    return _member(_user("hank@acme.test", "Hank Hiringmanager"), acme, "hiring_manager")


@pytest.fixture
def ivy(acme):
    return _member(_user("ivy@acme.test", "Ivy Interviewer"), acme, "interviewer")


@pytest.fixture
def gina(globex):
    return _member(_user("gina@globex.test", "Gina Globex"), globex, "client_admin")
