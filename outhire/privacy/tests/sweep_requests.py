"""The isolation sweep's objects for the privacy requests pages (see privacy/tests/sweep.py).

The request log is the provider's: client users and API tokens never reach it (404), and
a request's own pages are for provider admins (403 for other staff, such as the sweep's
staff of client B only).
"""

from __future__ import annotations

from outhire.privacy.services import data_request_open

PARAMS: dict[str, str] = {"data_request_id": "data_request"}
PUBLIC: set[str] = set()


def world(base: dict) -> dict:
    data_request = data_request_open(
        candidate=base["candidate"],
        kind="restriction",
        channel="client",
        details="Data request details marker 6161",
        by=base["staff_user"],
    )
    return {"data_request": data_request, "markers": ["Data request details marker 6161"]}
