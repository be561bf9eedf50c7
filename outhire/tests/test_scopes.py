"""Fail-loud tenant scoping: client-owned rows are read in a scope, or not at all."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

import outhire
from outhire.accounts.tenancy import (
    UNSCOPED,
    Access,
    ClientOwned,
    ClientOwnedQuerySet,
    ScopedManager,
    ScopeError,
    client_scope,
    current_scope,
    scope,
    unscoped,
)
from outhire.candidates.services import candidate_create
from outhire.celery import app as celery_app
from outhire.offers.models import Offer
from outhire.pipeline.models import Application, StageEvent
from outhire.pipeline.services import application_create
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Requisition
from outhire.tests.test_isolation_sweep import public_url_names


@pytest.fixture
def acme_requisition(acme, rita, hank):
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 1, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    return requisition


@pytest.fixture
def globex_requisition(globex, sam):
    requisition = requisitions.requisition_create(
        client=globex, by=sam, fields={"title": "Nurse", "openings": 1}
    )
    requisitions.requisition_submit(requisition=requisition, by=sam)
    return requisition


def test_a_query_with_no_scope_raises(acme_requisition, no_scope):
    with pytest.raises(ScopeError, match="Requisition was queried outside any tenant scope"):
        Requisition.objects.filter(title="Welder").first()
    with pytest.raises(ScopeError):
        list(Requisition.objects.all())
    with pytest.raises(ScopeError):
        Requisition.objects.count()


def test_a_query_through_a_parent_with_no_scope_raises_too(acme_requisition, no_scope):
    with pytest.raises(ScopeError, match="Stage"):
        acme_requisition.stages.count()


def test_a_scope_shows_only_the_clients_of_the_access(
    acme_requisition, globex_requisition, rita, gina, alice, no_scope
):
    with scope(Access(rita)):
        assert list(Requisition.objects.all()) == [acme_requisition]
        assert Requisition.objects.filter(pk=globex_requisition.pk).count() == 0
    with scope(Access(gina)):
        assert list(Requisition.objects.all()) == [globex_requisition]
        assert not acme_requisition.stages.exists()
    with scope(Access(alice)):
        assert Requisition.objects.count() == 2


def test_a_client_scope_and_unscoped(acme, acme_requisition, globex_requisition, no_scope):
    with client_scope(acme):
        assert list(Requisition.objects.all()) == [acme_requisition]
    with unscoped():
        assert Requisition.objects.count() == 2
    assert current_scope() is None


def test_the_row_rules_follow_a_query_by_parent(acme_requisition, rita, hank, ivy, no_scope):
    """A hiring manager sees no application before the shortlist, even through the requisition,
    and an interviewer sees no offer (pay), whatever the query."""
    with unscoped():
        candidate = candidate_create(by=rita, first_name="Ada", last_name="Byron")
        application = application_create(requisition=acme_requisition, candidate=candidate, by=rita)
    with scope(Access(rita)):
        assert list(acme_requisition.applications.all()) == [application]
        assert StageEvent.objects.filter(application=application).count() == 1
    with scope(Access(hank)):
        assert acme_requisition.applications.count() == 0
        assert Application.objects.filter(pk=application.pk).first() is None
        assert StageEvent.objects.filter(application=application).count() == 0
    with unscoped():
        Application.objects.filter(pk=application.pk).update(reached_client_at=application.moved_at)
    with scope(Access(hank)):
        assert list(acme_requisition.applications.all()) == [application]
    with scope(Access(ivy)):
        assert Offer.objects.filter(client=acme_requisition.client).exists() is False


def test_every_client_owned_model_has_a_scoped_default_manager():
    for model in apps.get_models():
        manager = model._default_manager
        if issubclass(model, ClientOwned):
            assert isinstance(manager, ScopedManager), model._meta.label
        elif isinstance(manager, ScopedManager):
            # Scoped without the base class (a one-to-one settings row): a required client.
            assert not model._meta.get_field("client").null, model._meta.label


def test_no_module_keeps_a_client_owned_queryset(no_scope):
    """A queryset made at import would be shared by every request that uses it."""
    found = []
    for module in pkgutil.walk_packages(outhire.__path__, "outhire."):
        if any(part in module.name for part in (".migrations", ".tests", "__main__")):
            continue
        loaded = importlib.import_module(module.name)  # importing needs no scope either
        for name, value in vars(loaded).items():
            if isinstance(value, ClientOwnedQuerySet):
                found.append(f"{module.name}.{name}")
    assert found == []


def test_a_form_field_declared_at_import_lists_the_rows_of_the_request(
    acme_requisition, globex_requisition, rita, sam, no_scope
):
    class PickForm(forms.Form):
        requisition = forms.ModelChoiceField(queryset=Requisition._default_manager.using(None))

    with scope(Access(rita)):
        assert list(PickForm().fields["requisition"].queryset) == [acme_requisition]
    with scope(Access(sam)):
        assert list(PickForm().fields["requisition"].queryset) == [globex_requisition]


def test_a_task_runs_unscoped_even_when_queued_in_a_request(gina, no_scope):
    @celery_app.task(name="outhire.tests.scope_probe")
    def scope_probe() -> bool:
        return current_scope() is UNSCOPED

    with scope(Access(gina)):
        assert scope_probe.apply().get() is True


def _views(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _views(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern.callback


def test_exactly_the_public_pages_opt_out_of_the_scope():
    marked = {name for name, view in _views(get_resolver()) if getattr(view, "public_page", 0)}
    assert marked == public_url_names()
