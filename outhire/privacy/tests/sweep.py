"""The privacy app's objects in the isolation sweep, gathered from each part's own module."""

from __future__ import annotations

from outhire.privacy.tests import sweep_records, sweep_requests, sweep_retention

PARTS = (sweep_requests, sweep_retention, sweep_records)

PARAMS: dict[str, str] = {}
PUBLIC: set[str] = set()
for _part in PARTS:
    PARAMS.update(getattr(_part, "PARAMS", {}))
    PUBLIC |= getattr(_part, "PUBLIC", set())


def world(base: dict) -> dict:
    found: dict = {"markers": [], "public_markers": [], "talent_markers": []}
    for part in PARTS:
        if hasattr(part, "world"):
            extra = part.world(base)
            for key in ("markers", "public_markers", "talent_markers"):
                found[key] += extra.pop(key, [])
            found.update(extra)
    return found
