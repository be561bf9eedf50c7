"""The retention pages: provider admins only, policies edited with clear errors, the preview
listed, "Run now", and a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Candidate
from outhire.privacy import retention
from outhire.privacy.models import RetentionPolicy, RetentionRun
from outhire.privacy.tests import retention_world
from outhire.privacy.tests.retention_world import months_after
from outhire.testing import login, shared_data


@contextmanager
def counted() -> Iterator[list[str]]:
    """The statements run in the block (Django's own query log is capped at 9,000 entries,
    which a module's shared world and its tests pass)."""
    found: list[str] = []

    def count(execute, sql, params, many, context):
        found.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield found


PAGES = [
    ("get", "privacy:retention", {}),
    ("get", "privacy:retention_policy_create", {}),
    ("post", "privacy:retention_policy_create", {}),
    ("get", "privacy:retention_policy_edit", {"policy_id": "policy"}),
    ("post", "privacy:retention_policy_delete", {"policy_id": "policy"}),
    ("post", "privacy:retention_preview", {}),
    ("get", "privacy:retention_run_now", {}),
    ("post", "privacy:retention_run_now", {}),
    ("get", "privacy:retention_run", {"run_id": "run"}),
]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker, tmp_path_factory.mktemp("retention-pages")):
        world = retention_world.build()
        world["policy"] = RetentionPolicy.objects.get(client=world["acme"], country="DE")
        world["run"] = retention.retention_run(dry_run=True, now=months_after(24))
        yield world


@pytest.fixture
def world(built, db):
    return built


def _url(world, name, params) -> str:
    return reverse(name, kwargs={key: world[value].pk for key, value in params.items()})


@pytest.mark.parametrize("who", ["rita", "carla", "sam"])
@pytest.mark.parametrize(("method", "name", "params"), PAGES)
def test_only_provider_admins_reach_the_retention_pages(client, world, who, method, name, params):
    login(client, world[who])
    response = getattr(client, method)(_url(world, name, params))
    assert response.status_code == 403
    assert RetentionRun.objects.count() == 1 and RetentionPolicy.objects.count() == 3


def test_anonymous_callers_are_sent_to_log_in(client, world):
    response = client.get(reverse("privacy:retention"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_lists_policies_and_runs_in_constant_queries(client, world):
    login(client, world["alice"])
    url = reverse("privacy:retention")
    with counted() as few:
        page = client.get(url).content.decode()
    assert "Acme Robotics" in page and "Every client" in page and "Preview" in page
    for _ in range(5):
        retention.retention_run(dry_run=True, now=months_after(24))
    RetentionPolicy.objects.create(client=world["globex"], country="FR")
    RetentionPolicy.objects.create(client=None, country="GB")
    with counted() as more:
        assert client.get(url).status_code == 200
    assert 0 < len(more) == len(few) < 20


def test_a_policy_is_created_with_a_validated_country(client, world):
    login(client, world["alice"])
    url = reverse("privacy:retention_policy_create")
    form = {
        "client": world["acme"].pk,
        "country": "fr",
        "rejected_months": "9",
        "hired_months": "1",
        "talent_pool_months": "24",
    }
    bad = client.post(url, {**form, "country": "France"})
    assert bad.status_code == 400
    assert "Enter a two-letter country code" in bad.content.decode()
    bad = client.post(url, {**form, "rejected_months": "-1"})
    assert bad.status_code == 400
    response = client.post(url, form)
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(client=world["acme"], country="FR")
    assert policy.rejected_months == 9 and policy.updated_by == world["alice"]
    assert AuditEvent.objects.filter(action="privacy.retention_policy_created").exists()
    again = client.post(url, form)
    assert again.status_code == 400
    assert "There is already a policy for this client and country" in again.content.decode()


def test_a_policy_is_changed_and_deleted(client, world):
    login(client, world["alice"])
    policy = world["policy"]
    url = reverse("privacy:retention_policy_edit", args=[policy.pk])
    page = client.get(url).content.decode()
    assert 'value="DE"' in page
    response = client.post(
        url,
        {
            "client": world["acme"].pk,
            "country": "DE",
            "rejected_months": "18",
            "hired_months": "3",
            "talent_pool_months": "24",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.rejected_months == 18
    event = AuditEvent.objects.get(action="privacy.retention_policy_changed")
    assert event.changes == {"rejected_months": [12, 18]}
    delete = reverse("privacy:retention_policy_delete", args=[policy.pk])
    assert "Delete the policy for" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not RetentionPolicy.objects.filter(pk=policy.pk).exists()


def test_a_preview_lists_who_would_go_and_changes_nothing(client, world):
    login(client, world["alice"])
    before = list(Candidate.objects.values().order_by("pk"))
    response = client.post(reverse("privacy:retention_preview"))
    run = RetentionRun.objects.filter(dry_run=True, by=world["alice"]).get()
    assert response["Location"] == reverse("privacy:retention_run", args=[run.pk])
    assert list(Candidate.objects.values().order_by("pk")) == before
    page = client.get(response["Location"]).content.decode()
    # Nothing is due today: the built world's dates are in the future.
    assert "Nobody." in page
    # The module's preview, made 24 months after T0, lists the people and their dates.
    text = client.get(reverse("privacy:retention_run", args=[world["run"].pk])).content.decode()
    idle = world["people"]["idle"]
    assert f"#{idle.pk}" in text and "Idle Retentiontest" in text and "2029-01-10" in text
    one = RetentionRun.objects.create(
        dry_run=True, counts={"inactive": 1, "records": {"inactive": [[idle.pk, "2029-01-10"]]}}
    )
    with counted() as few:
        client.get(reverse("privacy:retention_run", args=[one.pk]))
    with counted() as more:
        client.get(reverse("privacy:retention_run", args=[world["run"].pk]))
    assert 0 < len(more) == len(few) < 20


def test_run_now_asks_first_then_runs(
    client, world, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(months_after(6))
    login(client, world["alice"])
    page = client.get(reverse("privacy:retention_run_now")).content.decode()
    assert "Anonymisation cannot be undone" in page and "last preview" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:retention_run_now"))
    assert response.status_code == 302
    run = RetentionRun.objects.get(dry_run=False)
    assert run.by == world["alice"] and run.counts["rejected"] == 2
    assert Candidate.objects.get(pk=world["ids"]["rejected_fr"]).anonymised_at is not None
    listing = client.get(reverse("privacy:retention")).content.decode()
    assert "Alice Admin" in listing
