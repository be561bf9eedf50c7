"""The isolation sweep's checks, for the apply flow's URLs alone (quick to run on their own).

The whole sweep (outhire/tests/test_isolation_sweep.py) covers them too, through
careers/apply/tests/sweep.py; this keeps a failure there easy to find.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from outhire.candidates.models import Candidate
from outhire.careers.apply.tests.fixtures import _fresh_rate_limit  # noqa: F401 (fixture)
from outhire.careers.apply.tests.sweep import APPLY_PUBLIC
from outhire.pipeline.models import Application
from outhire.testing import login
from outhire.tests.test_isolation_sweep import (  # noqa: F401 (fixture)
    METHODS,
    _check,
    _request,
    client_a_world,
    fill_parameters,
    named_patterns,
)

pytestmark = pytest.mark.django_db


def _apply_patterns():
    found = [p for p in named_patterns() if p[0] in APPLY_PUBLIC]
    assert {name for name, _, _ in found} == APPLY_PUBLIC
    return found


def test_outsiders_and_junk_never_break_or_leak_through_the_apply_urls(
    client,
    client_a_world,  # noqa: F811
    gina,
    sam,
    rita,
    carla,
):
    world = client_a_world
    candidates = Candidate.objects.count()
    applications = Application.objects.count()
    for name, _route, params in _apply_patterns():
        url = reverse(name, kwargs=fill_parameters(name, params, world))
        for user in (None, gina, sam, rita, carla):
            client.logout()
            if user is not None:
                login(client, user)
            for method in METHODS:
                response = _request(client, method, url)
                _check(response, world, str(user), method, url, False, public=True)
            junk = {"name": "x" * 5000, "email": "zz", "upload_ref": "é", "stage": "-1"}
            assert client.post(url, junk).status_code < 500
            assert client.get(url, {"page": "nope", "q": "<script>"}).status_code < 500
    assert Candidate.objects.count() == candidates
    assert Application.objects.count() == applications


def test_the_world_apply_form_is_really_shown(client, client_a_world):  # noqa: F811
    requisition = client_a_world["requisition"]
    url = reverse("careers:apply", args=[client_a_world["client"].slug, requisition.pk])
    assert requisition.title in client.get(url).content.decode()
