"""The dependencies `/readyz` checks: database, cache, broker and file storage.

Each check runs in a thread of its own and is given `OUTHIRE_READY_TIMEOUT` seconds, so a hung
dependency makes the probe fail quickly instead of hanging the probe (and a web worker) with it.
A failure is reported by the exception's class name only: messages of database and broker
errors may quote the connection URL, password included.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

# In-process caches answer as long as the process does: nothing to check.
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PROBE_DIR = "readyz"


def check_database() -> None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The check's thread has a connection of its own; close it rather than leak it.
        connections.close_all()


def check_cache() -> None:
    cache = caches["default"]
    key = f"outhire:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        if cache.get(key) != "1":
            raise LookupError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_broker() -> None:
    from outhire.celery import app

    timeout = settings.OUTHIRE_READY_TIMEOUT
    with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)


def check_storage() -> None:
    """Write, read back and delete a small object through the configured storage backend."""
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_DIR}/{uuid.uuid4().hex}.probe", ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise LookupError("the storage returned other bytes than those written")
    finally:
        default_storage.delete(name)


def configured_checks() -> dict[str, Callable[[], None]]:
    """The checks that apply to this deployment's settings, by name."""
    checks: dict[str, Callable[[], None]] = {"database": check_database}
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        checks["cache"] = check_cache
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    checks["storage"] = check_storage
    return checks


def readiness() -> tuple[bool, dict[str, str]]:
    """(all ok, each check's outcome: "ok", "timeout" or "error: <exception class>").

    The checks run side by side, so the probe takes at most one timeout, not one per check.
    """
    timeout = settings.OUTHIRE_READY_TIMEOUT
    checks = configured_checks()
    outcomes: dict[str, str] = {}

    def run(name: str, check: Callable[[], None]) -> None:
        try:
            check()
        except Exception as error:  # noqa: BLE001 (any failure means "not ready")
            outcomes[name] = f"error: {type(error).__name__}"
        else:
            outcomes[name] = "ok"

    # Daemon threads: one stuck on a dead server must not keep the process from exiting.
    threads = [
        threading.Thread(target=run, args=item, name=f"outhire-readyz-{item[0]}", daemon=True)
        for item in checks.items()
    ]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    results = {name: outcomes.get(name, "timeout") for name in checks}
    return all(value == "ok" for value in results.values()), results
