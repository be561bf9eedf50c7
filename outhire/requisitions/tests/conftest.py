"""Requisition test helpers on top of the shared personas in the project's conftest.py."""

from __future__ import annotations

import pytest

from outhire.requisitions import services


@pytest.fixture
def make_requisition(rita):
    """make(client, title="Welder", by=rita, **fields) -> a new draft requisition."""

    def make(client, title: str = "Welder", *, by=None, **fields):
        return services.requisition_create(
            client=client, by=by or rita, fields={"title": title, **fields}
        )

    return make


@pytest.fixture
def draft(make_requisition, acme, hank):
    return make_requisition(acme, "Welder", hiring_manager=hank, openings=2)
