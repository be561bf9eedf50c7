from __future__ import annotations

import pytest
from django.core import mail

from outhire.community import services
from outhire.community.models import Member


@pytest.fixture
def join_and_confirm(django_capture_on_commit_callbacks):
    """join_and_confirm(community, "ann@x.test", interests=...) -> a confirmed member."""

    def make(community, email, first="Ann", **fields) -> Member:
        with django_capture_on_commit_callbacks(execute=True):
            member = services.member_join(
                community=community, first_name=first, last_name="Member", email=email, **fields
            )
        return services.member_confirm(member=member)

    mail.outbox.clear()
    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The join form's per-IP counts live in the cache, shared by every test of the run."""
    from django.core.cache import cache

    cache.clear()
