"""Plain helpers of the demo's tests."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command


def seed(**options) -> str:
    """Run `seed-demo` with `options`; returns what it printed."""
    out = io.StringIO()
    call_command("seed-demo", stdout=out, **options)
    return out.getvalue()


@contextmanager
def talent_network_only() -> Iterator[None]:
    """Leave out the demo's areas that add applicants of their own (careers applications,
    referrals, communities), for tests that count the talent network's people."""
    command = importlib.import_module("outhire.demo.management.commands.seed-demo").Command
    with pytest.MonkeyPatch.context() as patch:
        for name in ("_seed_applications", "_seed_referrals_and_communities"):
            patch.setattr(command, name, lambda self: None)
        yield
