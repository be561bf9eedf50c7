"""The `any_database` mark (conftest.py): CI runs these tests on SQLite only, so a test that can
reach the database must never get it by accident."""

import pytest


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
