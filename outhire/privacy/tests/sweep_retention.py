"""The isolation sweep's objects for the privacy retention pages (see privacy/tests/sweep.py)."""

from __future__ import annotations

PARAMS: dict[str, str] = {}
PUBLIC: set[str] = set()
