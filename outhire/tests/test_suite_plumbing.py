"""What conftest.py changes in how the suite runs.

The `any_database` mark: CI runs these tests on SQLite only, so a test that can reach the
database must never get it by accident. The `browser` mark: CI runs the browser flows on
PostgreSQL only, so a test that drives Chromium must never miss it. The quick flush after a
transactional test: every table is emptied but the content types and permissions the models
define.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models.signals import post_migrate

from outhire.accounts.models import User


def test_a_test_without_the_database_is_marked_any_database(request):
    assert request.node.get_closest_marker("any_database") is not None


def test_a_test_with_the_database_is_not_marked(request, db):
    assert request.node.get_closest_marker("any_database") is None


@pytest.mark.django_db
def test_a_test_marked_for_the_database_is_not_marked(request):
    assert request.node.get_closest_marker("any_database") is None


def test_a_fixture_that_needs_the_database_keeps_the_test_off_it(request, rita):
    """`rita` asks for `db` through `acme`: the fixtures a test needs count, not its own
    arguments alone."""
    assert request.node.get_closest_marker("any_database") is None


@pytest.fixture
def browser():
    """Stands in for the Chromium fixture of the browser tests: the mark follows the name."""


def test_a_test_that_drives_chromium_is_marked_browser(request, browser):
    assert request.node.get_closest_marker("browser") is not None


def test_a_test_without_chromium_is_not_marked_browser(request):
    assert request.node.get_closest_marker("browser") is None


@pytest.mark.django_db(transaction=True)
def test_the_flush_empties_the_tables_but_keeps_what_the_models_define(rita):
    content_types, permissions = ContentType.objects.count(), Permission.objects.count()
    assert content_types > 100 and permissions > 400
    sent = []

    def spy(sender, **kwargs):
        sent.append(sender.label)

    post_migrate.connect(spy, weak=False, dispatch_uid="flush-spy")
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        post_migrate.disconnect(dispatch_uid="flush-spy")

    assert sent == [], "post_migrate made the content types and permissions again"
    assert not User.objects.exists()
    assert ContentType.objects.count() == content_types
    assert Permission.objects.count() == permissions
    assert ContentType.objects.get_for_model(User).model_class() is User
