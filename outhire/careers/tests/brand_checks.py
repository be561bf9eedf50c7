"""Checks shared by the tests of candidate-facing pages: they wear their client's careers brand
(its name in the header and the title, its theme and logo), not the provider's, nor another
client's."""

from __future__ import annotations

import re

from django.urls import reverse


def title_and_header(html: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    header = re.search(r'<header class="careers-header">(.*?)</header>', html, re.S)
    assert title and header, "not a page on the careers site's base"
    return title.group(1).strip(), header.group(1)


def assert_branded(html: str, client, *, not_for=None) -> None:
    """The page names `client` in its header and title, never the provider as the brand, and
    loads `client`'s colours; nothing of `not_for` (another client) is on it."""
    title, header = title_and_header(html)
    assert client.name in title, title
    assert f"<span>{client.name} careers</span>" in header
    assert "Outhire" not in title and "Outhire" not in header
    assert reverse("careers:theme", args=[client.slug]) in html
    if not_for is not None:
        assert not_for.name not in html
        assert reverse("careers:theme", args=[not_for.slug]) not in html
