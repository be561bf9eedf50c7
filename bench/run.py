"""Benchmarks of the foundation: page and API latency and query counts at size, crypto speed.

Runs on a throw-away SQLite database (or DATABASE_URL, if set) and prints a table.
Usage: make bench   (or .venv/bin/python bench/run.py --clients 500)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, p95) milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--members", type=int, default=300, help="users of one client")
    parser.add_argument("--events", type=int, default=20000, help="audit events")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from outhire.accounts.models import AuditEvent, Client, Membership, User
    from outhire.accounts.services import api_token_create
    from outhire.lib.crypto import blind_index, decrypt, encrypt

    t0 = time.perf_counter()
    Client.objects.bulk_create(
        Client(name=f"Client {n:04}", slug=f"client-{n:04}") for n in range(args.clients)
    )
    big = Client.objects.get(slug="client-0000")
    users = User.objects.bulk_create(
        User(email=f"user{n}@bench.test", full_name=f"User {n}", password="x")
        for n in range(args.members)
    )
    Membership.objects.bulk_create(
        Membership(user=u, client=big, role="interviewer") for u in users
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(action="bench.event", actor_label="bench", client=big)
        for _ in range(args.events)
    )
    admin = User.objects.create_user(
        "admin@bench.test", "x", full_name="Admin", provider_role="admin"
    )
    admin.totp_confirmed_at = admin.date_joined
    admin.totp_secret = "JBSWY3DPEHPK3PXP"
    admin.save()
    _, secret = api_token_create(name="bench", client=None, can_write=False, by=admin)
    print(
        f"data: {args.clients} clients, {args.members} users on one client, "
        f"{args.events} audit events ({time.perf_counter() - t0:.1f}s to create), "
        f"database {connection.vendor}"
    )

    browser = HttpClient()
    browser.force_login(admin)
    api = HttpClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    cases = [
        ("GET /login/ (anonymous)", HttpClient(), "/login/"),
        ("GET / (home, all clients)", browser, "/"),
        ("GET /clients/", browser, "/clients/"),
        (f"GET /clients/{big.slug}/ ({args.members} users)", browser, f"/clients/{big.slug}/"),
        ("GET /audit/ (page 1 of events)", browser, "/audit/"),
        ("GET /api/v1/clients (token)", api, "/api/v1/clients"),
        ("GET /api/v1/me (token)", api, "/api/v1/me"),
    ]
    print(f"\n{'case':<45} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, http, path in cases:
        connection.queries_log.clear()  # a full log (maxlen) would hide new queries
        with CaptureQueriesContext(connection) as queries:
            response = http.get(path)
        assert response.status_code == 200, (path, response.status_code)
        median, p95 = timed(lambda http=http, path=path: http.get(path), args.repeat)
        print(f"{label:<45} {len(queries):>7} {median:>10.1f} {p95:>8.1f}")

    n = 20000
    start = time.perf_counter()
    tokens = [encrypt(f"+44 20 7946 {i:04}") for i in range(n)]
    enc = n / (time.perf_counter() - start)
    start = time.perf_counter()
    for token in tokens:
        decrypt(token)
    dec = n / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(n):
        blind_index(f"person{i}@example.com")
    idx = n / (time.perf_counter() - start)
    print(
        f"\ncrypto per second (one core): encrypt {enc:,.0f}, decrypt {dec:,.0f}, "
        f"blind index {idx:,.0f}"
    )


if __name__ == "__main__":
    main()
