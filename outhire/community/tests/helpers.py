"""Plain helpers of the community tests (their fixtures are in conftest.py)."""

from __future__ import annotations

import re


def link_in(message, name: str) -> str:
    """The path of the `/community/<name>/<token>/` link in an e-mail (confirm, unsubscribe)."""
    match = re.search(rf"https?://\S+/community/{name}/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])
