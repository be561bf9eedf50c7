"""Hiring fixtures shared with the pipeline's tests: Acme's open requisition, its stages and
applications (test modules may define their own `requisition`)."""

from __future__ import annotations

from outhire.pipeline.tests.conftest import make_application, requisition, stage  # noqa: F401
