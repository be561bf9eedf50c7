"""API test helpers on top of the shared personas in the project's conftest.py."""

from __future__ import annotations

import pytest

from outhire.accounts import services


@pytest.fixture
def token_for():
    """make(user, client=None, can_write=True) -> the secret of a new API token of `user`."""

    def make(user, client=None, *, can_write: bool = True) -> str:
        _, secret = services.api_token_create(
            name=f"{user.full_name}'s token", client=client, can_write=can_write, by=user
        )
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def pytest_terminal_summary(terminalreporter) -> None:
    """How many requests the fuzzing gate sent, by phase and status (docs/benchmarks.md)."""
    import sys

    fuzz = sys.modules.get("outhire.api.tests.test_fuzz")
    if fuzz is not None and fuzz.STATS:
        terminalreporter.write_line(f"fuzz: {dict(sorted(fuzz.STATS.items()))}")
