"""The isolation sweep's knowledge of "My work": an item's page names the item by its key.

New applicants are a recruiter's item: client B's users (a client admin, a sourcer) have no
such item, and must be refused it like any other page naming A's work.
"""

from __future__ import annotations

PARAMS = {"key": "work_item_key"}
# /favicon.ico redirects everyone, signed in or not, to the static icon.
PUBLIC = {"work:favicon"}


def world(base: dict) -> dict:
    return {"work_item_key": "new_applicants"}
