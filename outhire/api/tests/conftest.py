"""API test hooks (`token_for` is in the project's conftest.py, `bearer` in outhire.testing)."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    """How many requests the fuzzing gate sent, by phase and status (docs/benchmarks.md)."""
    import sys

    fuzz = sys.modules.get("outhire.api.tests.test_fuzz")
    if fuzz is not None and fuzz.STATS:
        terminalreporter.write_line(f"fuzz: {dict(sorted(fuzz.STATS.items()))}")
