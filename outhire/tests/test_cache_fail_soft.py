"""The shared Redis cache fails soft: while Redis cannot be reached the careers pages keep
working, uncached, and the form rate limits' incr() fails as for a missing key, which their
callers handle (outhire/lib/cache.py)."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from outhire.careers.tests.site_fixtures import ALL, open_requisition, post


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UNREACHABLE = {
    "default": {
        "BACKEND": "outhire.lib.cache.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
    }
}


@override_settings(CACHES=UNREACHABLE)
def test_an_unreachable_redis_reads_as_an_empty_cache(caplog):
    cache = caches["default"]
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.set_many({"a": 1}) == []
    assert cache.has_key("k") is False
    with pytest.raises(ValueError, match="unreachable"):
        cache.incr("k")
    assert "cache get skipped: Redis unreachable" in caplog.text
    assert "fallback" not in caplog.text


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE)
def test_careers_pages_work_without_redis(client, acme, rita):
    job = open_requisition(acme, rita)
    post(job, *ALL)
    for url in ("/careers/acme/", f"/careers/acme/jobs/{job.pk}/", "/careers/"):
        assert client.get(url).status_code == 200, url
        again = client.get(url)  # no cached copy: rendered again
        assert again.status_code == 200 and b"Robot Whisperer" in again.content, url
