"""Shared personas for every test: two clients and someone in each role.

Acme (client A) and Globex (client B). Alice is the provider admin, Rita a recruiter assigned to
Acme, Sam a sourcer assigned to Globex only; Carla is Acme's client admin, Hank Acme's hiring
manager, Ivy Acme's interviewer; Gina is Globex's client admin (the outsider for Acme's data).
Plain helpers (`login`, `PASSWORD`, `make_user`, `api_token`, `bearer`...) are in `outhire.testing`.
"""

from __future__ import annotations

import itertools

import pytest

from outhire.testing import api_token, fast_settings, make_client, make_persona

# Acme's open requisition with its stages and applications, used by the tests of several apps.
pytest_plugins = ["outhire.pipeline.tests.fixtures"]

# What a test needs to be let into the database (pytest-django refuses every other test a
# connection).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def pytest_collection_modifyitems(config, items):
    """A test that pytest-django gives no database connection gets the same result on every
    database: it is marked `any_database`, as are the checks marked by hand whose verdict
    does not depend on the database (docs/architecture.md#tests). CI runs them on SQLite only,
    and the browser flows on PostgreSQL only.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is None and not (DATABASE_FIXTURES & fixtures):
            item.add_marker(pytest.mark.any_database)
        # CI runs the browser flows on PostgreSQL only (.ci/run): a test that drives Chromium
        # is marked `browser` whether or not its module says so.
        if "browser" in fixtures and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    # The tests with a live server (a browser, the accessibility walk: the longest, up to a
    # minute) first: pytest-xdist hands the rest out while they run, instead of one worker
    # finishing the last of them alone.
    items.sort(key=lambda item: "live_server" not in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the test connections commit without waiting for the disk.

    A test database is thrown away, so durability buys nothing, while every commit and the
    TRUNCATE of all tables after each live-server test waited for fsync: a flush took 1.6-3.4 s
    with it and 0.3-0.5 s without (`synchronous_commit` is a per-session setting; the server is
    left as it is).
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


# Rows the post_migrate signal makes from the models when the test database is created, the
# same before and after every test.
KEPT_BY_FLUSH = {"django_content_type", "auth_permission"}


@pytest.fixture(autouse=True, scope="session")
def _quick_flush():
    """After a live-server or transactional test, the tables are emptied without starting again.

    Django empties every table, then sends post_migrate, whose receivers made the 124 content
    types and 496 permissions again: 0.16 s of the 0.22 s such a test's teardown took. Those
    two tables are kept instead (nothing in the project writes to them), so the signal has
    nothing left to do and is not sent (the other receiver, the candidates' search schema,
    is about tables, which a flush keeps).

    On PostgreSQL the tables are emptied with DELETE: Django's one TRUNCATE gives each of the
    133 tables new files and waited 1.6-3.9 s for the disk every time; DELETE of the few rows
    a test made takes milliseconds. Foreign keys are deferred to the commit in Django's
    PostgreSQL schema, so the order of the tables does not matter. Sequences are not reset, as
    with TRUNCATE unless a test asks for it (then Django's own statement runs).
    """
    from django.core.management.commands import flush
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    django_sql_flush, django_emit = flush.sql_flush, flush.emit_post_migrate_signal

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(t)};" for t in tables]

    def sql_flush_keeping(style, connection, reset_sequences=True, allow_cascade=False):
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        return connection.ops.sql_flush(
            style,
            [table for table in tables if table not in KEPT_BY_FLUSH],
            reset_sequences=reset_sequences,
            allow_cascade=allow_cascade,
        )

    DatabaseOperations.sql_flush = sql_flush
    flush.sql_flush = sql_flush_keeping
    flush.emit_post_migrate_signal = lambda *args, **kwargs: None
    yield
    DatabaseOperations.sql_flush = truncate
    flush.sql_flush, flush.emit_post_migrate_signal = django_sql_flush, django_emit


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


_media_dirs = itertools.count()


@pytest.fixture(autouse=True)
def _empty_query_log():
    """Each test starts with an empty query log. Django keeps at most 9,000 queries in it and
    counts a block's queries by the log's length, so once data built for a whole module had
    filled it, `django_assert_num_queries` saw 0 queries whatever a page did."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.queries_log.clear()


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path_factory):
    # Files go to a directory of the test's own, made when the first file is written (most
    # tests write none: making thousands of empty directories took seconds).
    media = tmp_path_factory.getbasetemp() / "media" / str(next(_media_dirs))
    for name, value in fast_settings(media).items():
        setattr(settings, name, value)
    from outhire.celery import app

    app.conf.task_always_eager = True


@pytest.fixture
def acme(db):
    return make_client("acme")


@pytest.fixture
def globex(db):
    return make_client("globex")


@pytest.fixture
def alice(db):
    """Provider admin, with 2FA set up (it is required for admins)."""
    return make_persona("alice")


@pytest.fixture
def rita(acme):
    return make_persona("rita", acme)


@pytest.fixture
def sam(globex):
    return make_persona("sam", globex)


@pytest.fixture
def carla(acme):
    return make_persona("carla", acme)


@pytest.fixture
def hank(acme):
    return make_persona("hank", acme)


@pytest.fixture
def ivy(acme):
    return make_persona("ivy", acme)


@pytest.fixture
def gina(globex):
    return make_persona("gina", globex)


@pytest.fixture
def token_for(db):
    """token_for(user, client=None, can_write=True) -> the secret of a new API token of `user`."""
    return api_token
