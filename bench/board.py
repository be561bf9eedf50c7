"""Pipeline board benchmark: query count, p50 and p95 of the board page of one big requisition.

Builds one open requisition with 2,000 applications spread over its stages (and a second,
with 10, to show the query count does not grow) and renders the board through Django's test
client, as a recruiter.

Usage: .venv/bin/python bench/board.py [--applications 2000] [--repeat 50]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench_board \
           .venv/bin/python bench/board.py
On PostgreSQL the named database is dropped and created again: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

FIRST = ["Ada", "Grace", "Alan", "Maria", "Wei", "Fatima", "Olu", "Priya", "Lars", "Sofia"]
LAST = ["Smith", "Patel", "Garcia", "Kim", "Nowak", "Okafor", "Rossi", "Silva", "Chen", "Khan"]
TITLES = ["Software Engineer", "Data Analyst", "Product Manager", "Designer", "QA Engineer"]
SOURCES = ["job_board", "referral", "sourced", "careers_site", "agency"]


def fresh_postgres_database(connection) -> None:
    name = connection.settings_dict["NAME"]
    connection.close()
    import psycopg

    admin = dict(connection.settings_dict)
    with psycopg.connect(
        host=admin["HOST"] or "127.0.0.1",
        port=admin["PORT"] or 5432,
        user=admin["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    if connection.vendor == "postgresql":
        fresh_postgres_database(connection)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from outhire.accounts.models import Client, Membership, User
    from outhire.candidates.models import Candidate
    from outhire.pipeline.models import Application
    from outhire.requisitions import services as requisitions
    from outhire.requisitions.services import dispositions_ensure

    client = Client.objects.create(name="Bench Client", slug="bench")
    recruiter = User.objects.create_user(
        "bench@provider.test", "x", full_name="Bench Recruiter", provider_role="recruiter"
    )
    Membership.objects.create(user=recruiter, client=client, role="recruiter")
    dispositions_ensure(client)

    def requisition_with(count: int, title: str):
        requisition = requisitions.requisition_create(
            client=client, by=recruiter, fields={"title": title, "openings": 3}
        )
        requisitions.requisition_submit(requisition=requisition, by=recruiter)
        stages = list(requisition.stages.exclude(kind="hired"))
        rng = random.Random(count)
        now = timezone.now()
        with transaction.atomic():
            candidates = Candidate.objects.bulk_create(
                Candidate(
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    current_title=rng.choice(TITLES),
                )
                for _ in range(count)
            )
            Application.objects.bulk_create(
                Application(
                    client=client,
                    requisition=requisition,
                    candidate=candidate,
                    # More at the top of the funnel, as in a real pipeline.
                    stage=stages[min(int(rng.expovariate(0.6)), len(stages) - 1)],
                    status=rng.choices(["active", "rejected"], [4, 1])[0],
                    owner=recruiter,
                    source=rng.choice(SOURCES),
                    moved_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
                )
                for candidate in candidates
            )
        return requisition

    t0 = time.perf_counter()
    small = requisition_with(10, "Small requisition")
    big = requisition_with(args.applications, "Big requisition")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{args.applications:,} applications on {connection.vendor} in "
        f"{time.perf_counter() - t0:.1f}s"
    )

    http = HttpClient()
    http.force_login(recruiter)

    def render(requisition, params=None) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = http.get(f"/requisitions/{requisition.pk}/board/", params or {})
        assert response.status_code == 200, response.status_code
        return len(queries), len(response.content)

    print(f"{'page':<46} {'queries':>7} {'KB':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for label, requisition, params in [
        ("board, 10 applications", small, None),
        (f"board, {args.applications:,} applications", big, None),
        (f"board, {args.applications:,}, name filter 'an'", big, {"q": "an"}),
        (
            f"board, {args.applications:,}, first column shown whole",
            big,
            {"show": big.stages.order_by("position").first().pk},
        ),
    ]:
        render(requisition, params)  # warm up
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            queries, size = render(requisition, params)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
        print(
            f"{label:<46} {queries:>7} {size / 1024:>6.0f} "
            f"{statistics.median(samples):>8.1f} {p95:>8.1f}"
        )


if __name__ == "__main__":
    main()
