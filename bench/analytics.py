"""Analytics benchmark: dashboards over a large generated hiring history, read from aggregates.

Generates N applications (default 1,000,000) with E stage events each (default 10, so
10,000,000 events) across 10 clients and N/200 requisitions over two years, straight into the
tables (COPY on PostgreSQL, executemany on SQLite; never the ORM per row), builds the daily
aggregates (`aggregates_rebuild`, what `outhire analytics-rebuild` runs) and times the
dashboards through Django's test client: p50 and p95 over --repeat runs, and query counts.

Usage: .venv/bin/python bench/analytics.py [--applications 1000000] [--events 10] [--repeat 10]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench_analytics \
           .venv/bin/python bench/analytics.py
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

KINDS = ["sourced", "applied", "screen", "submitted", "assessment", "interview", "offer", "hired"]
SOURCES = ["careers_site", "job_board", "referral", "sourced", "agency", "social"]
DEPARTMENTS = ["Engineering", "Sales", "Operations", "Finance", "Support"]
CLIENTS = 10
PER_REQUISITION = 200


def fresh_postgres_database(connection) -> None:
    import psycopg

    name = connection.settings_dict["NAME"]
    connection.close()
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


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite.

    Columns not given get their field's default, so fields other apps add do not break it.
    """

    def __init__(self, connection, model, columns: list[str]):
        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.extra = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        self.extra_values = tuple(
            f.get_db_prep_save(self.default(f), connection) for f in self.extra
        )
        self.columns = [fields[c].column for c in columns] + [f.column for f in self.extra]
        self.table = model._meta.db_table

    @staticmethod
    def default(field):
        from django.db import models
        from django.utils import timezone

        value = field.get_default()
        if value is None and not field.null:
            if isinstance(field, models.DateTimeField):
                return timezone.now()
            if isinstance(field, models.DateField):
                return timezone.localdate()
            return ""
        return value

    def value(self, v):
        if not self.pg and isinstance(v, datetime):
            return str(v.astimezone(UTC).replace(tzinfo=None))
        return v

    def write(self, rows, batch: int = 50_000) -> int:
        from django.db import transaction

        # One transaction: in autocommit SQLite would sync the disk after every row.
        with transaction.atomic():
            return self._write(rows, batch)

    def _write(self, rows, batch: int) -> int:
        n = 0
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with self.connection.cursor() as cursor:
            if self.pg:
                raw = cursor.cursor
                with raw.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row((*row, *self.extra_values))
                        n += 1
                return n
            marks = ", ".join("?" * len(self.columns))
            # Names come from the models' metadata, never from input.
            sql = f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})'  # noqa: S608
            chunk = []
            for row in rows:
                chunk.append((*(self.value(v) for v in row), *self.extra_values))
                if len(chunk) >= batch:
                    cursor.executemany(sql.replace("?", "%s"), chunk)
                    n += len(chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql.replace("?", "%s"), chunk)
                n += len(chunk)
        return n


def generate(connection, applications: int, events_per: int, seed: int = 1) -> dict:
    from django.db import transaction

    from outhire.accounts.models import Client, Membership, User
    from outhire.candidates.models import Candidate
    from outhire.engagements.models import Engagement
    from outhire.pipeline.models import Application, StageEvent
    from outhire.requisitions.models import Opening, Requisition, Stage

    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    base = now - timedelta(days=730)
    clients = [
        Client.objects.create(name=f"Bench client {n}", slug=f"bench-{n}") for n in range(CLIENTS)
    ]
    recruiter = User.objects.create_user(
        "bench@provider.test", "x", full_name="Bench Recruiter", provider_role="recruiter"
    )
    for client in clients:
        Membership.objects.create(user=recruiter, client=client, role="recruiter")
        Engagement.objects.create(
            client=client,
            name=f"{client.name} RPO",
            starts_on=base.date(),
            fee_model="per_hire",
            per_hire_fee=5000,
            sla_days_to_first_shortlist=10,
            sla_days_to_fill=45,
        )
    n_reqs = max(1, applications // PER_REQUISITION)
    n_candidates = max(PER_REQUISITION, applications // 5)
    with transaction.atomic():
        reqs = Requisition.objects.bulk_create(
            Requisition(
                client=clients[r % CLIENTS],
                title=f"Requisition {r}",
                department=DEPARTMENTS[r % len(DEPARTMENTS)],
                status="open",
                approved_at=base + timedelta(days=rng.uniform(0, 700)),
                opened_at=None,
            )
            for r in range(n_reqs)
        )
        Requisition.recruiters.through.objects.bulk_create(
            Requisition.recruiters.through(requisition_id=r.pk, user_id=recruiter.pk)
            for r in reqs
            if r.pk % 3
        )
        stages = Stage.objects.bulk_create(
            Stage(client_id=r.client_id, requisition=r, position=k, name=kind.title(), kind=kind)
            for r in reqs
            for k, kind in enumerate(KINDS)
        )
    stage_ids = {(s.requisition_id, s.kind): s.pk for s in stages}
    Writer(connection, Candidate, ["id", "first_name", "last_name"]).write(
        (c + 1, "Bench", f"Candidate {c}") for c in range(n_candidates)
    )
    # Applications and their events, computed together; events are written second.
    apps_rows, hires = [], {}
    event_rows = []
    ev = Writer(
        connection,
        StageEvent,
        [
            "client_id",
            "application_id",
            "kind",
            "from_stage_id",
            "to_stage_id",
            "from_kind",
            "to_kind",
            "from_status",
            "to_status",
            "at",
        ],
    )
    app_writer = Writer(
        connection,
        Application,
        [
            "id",
            "client_id",
            "candidate_id",
            "requisition_id",
            "stage_id",
            "status",
            "source",
            "created_at",
            "moved_at",
            "reached_client_at",
            "closed_at",
            "version",
        ],
    )
    total_events = 0

    def events_for(app_id, req, created):
        nonlocal total_events
        # Furthest kind tapers off as in a real funnel; hires are rare.
        furthest = min(int(rng.expovariate(0.55)) + 1, 7)
        at = created
        path = list(range(0, furthest + 1))
        # Back-and-forth within the last two kinds pads to `events_per` events.
        while len(path) < events_per:
            path.insert(-1, max(0, furthest - 1 - (len(path) % 2)))
        path = path[:events_per]
        path[-1] = furthest
        status = "active"
        reached = None
        prev = None
        rows = []
        for i, k in enumerate(path):
            last = i == len(path) - 1
            to_status = "active"
            kind = "created" if i == 0 else "moved"
            if last and k == 7:
                to_status, kind = "hired", "hired"
            elif last and rng.random() < 0.6:
                to_status, kind = "rejected", "rejected"
            if i:
                at = at + timedelta(hours=rng.uniform(6, 96))
            if k >= 3 and reached is None:
                reached = at
            rows.append(
                (
                    req.client_id,
                    app_id,
                    kind,
                    stage_ids[(req.pk, KINDS[prev])] if prev is not None else None,
                    stage_ids[(req.pk, KINDS[k])],
                    KINDS[prev] if prev is not None else "",
                    KINDS[k],
                    "active" if prev is not None else "",
                    to_status,
                    at,
                )
            )
            prev, status = k, to_status
        total_events += len(rows)
        return rows, status, prev, at, reached

    app_id = 0
    for r, req in enumerate(reqs):
        for m in range(PER_REQUISITION if r < n_reqs - 1 else applications - app_id):
            app_id += 1
            created = req.approved_at + timedelta(days=rng.uniform(0, 45))
            rows, status, kind, moved, reached = events_for(app_id, req, created)
            event_rows.extend(rows)
            if status == "hired":
                hires.setdefault(req.pk, []).append((app_id, moved))
            apps_rows.append(
                (
                    app_id,
                    req.client_id,
                    ((r * PER_REQUISITION + m) % n_candidates) + 1,
                    req.pk,
                    stage_ids[(req.pk, KINDS[kind])],
                    status,
                    rng.choice(SOURCES),
                    created,
                    moved,
                    reached,
                    moved if status != "active" else None,
                    len(rows),
                )
            )
        if len(event_rows) >= 500_000 or r == n_reqs - 1:
            app_writer.write(apps_rows)
            ev.write(event_rows)
            apps_rows, event_rows = [], []
    # Openings: one per hire (filled), plus one unfilled on recent requisitions.
    opening_rows = []
    recent = now - timedelta(days=60)
    for req in reqs:
        made = hires.get(req.pk, [])
        for n, (application_id, at) in enumerate(made, start=1):
            opening_rows.append((req.client_id, req.pk, n, req.approved_at, at, application_id))
        if req.approved_at > recent or not made:
            opening_rows.append((req.client_id, req.pk, len(made) + 1, req.approved_at, None, None))
    Writer(
        connection,
        Opening,
        ["client_id", "requisition_id", "number", "opened_at", "filled_at", "filled_by_id"],
    ).write(opening_rows)
    filled = [r.pk for r in reqs if r.approved_at <= recent and hires.get(r.pk)]
    Requisition.objects.filter(pk__in=filled).update(status="filled")
    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Candidate, Application]):
                cursor.execute(sql)
    return {"clients": clients, "recruiter": recruiter, "events": total_events}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10, help="stage events per application")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--keep", action="store_true", help="time an existing bench database again (no generation)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    from outhire.accounts.models import Client, User
    from outhire.analytics.aggregates import aggregates_rebuild
    from outhire.analytics.models import (
        ApplicationDay,
        HireFact,
        RequisitionFact,
        Rollup,
        StageDay,
    )
    from outhire.pipeline.models import Application, StageEvent

    if connection.vendor == "postgresql" and not args.keep:
        fresh_postgres_database(connection)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    if args.keep and Application.objects.exists():
        world = {
            "clients": list(Client.objects.filter(slug__startswith="bench-").order_by("pk")),
            "recruiter": User.objects.get(email="bench@provider.test"),
        }
        print(
            f"{Application.objects.count():,} applications, {StageEvent.objects.count():,} "
            f"stage events on {connection.vendor} (kept)"
        )
    else:
        t0 = time.perf_counter()
        world = generate(connection, args.applications, args.events)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{args.applications:,} applications, {world['events']:,} stage events on "
            f"{connection.vendor}: generated in {time.perf_counter() - t0:.0f} s"
        )
        t0 = time.perf_counter()
        aggregates_rebuild()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"aggregates rebuilt in {time.perf_counter() - t0:.0f} s")
    print(
        f"{ApplicationDay.objects.count():,} application-day rows, "
        f"{StageDay.objects.count():,} stage-day rows, {RequisitionFact.objects.count():,} "
        f"requisition facts, {HireFact.objects.count():,} hire facts, "
        f"{Rollup.objects.filter(grain='day').count():,} daily and "
        f"{Rollup.objects.filter(grain='month').count():,} monthly roll-up rows"
    )

    http = HttpClient()
    http.force_login(world["recruiter"])
    slug = world["clients"][0].slug
    pages = [
        ("client dashboard, last 90 days", f"/analytics/{slug}/", {}),
        (
            "client dashboard, 1 year, one department",
            f"/analytics/{slug}/",
            {
                "start": (datetime.now(UTC) - timedelta(days=365)).date().isoformat(),
                "department": "Engineering",
            },
        ),
        ("all clients, last 90 days", "/analytics/", {}),
        (
            "all clients, 1 year",
            "/analytics/",
            {"start": (datetime.now(UTC) - timedelta(days=365)).date().isoformat()},
        ),
        ("monthly report (last month)", f"/analytics/{slug}/report/", {}),
    ]
    print(f"{'page':<44} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for label, url, params in pages:
        http.get(url, params)  # warm up
        samples, queries = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = http.get(url, params)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        samples.sort()
        p95 = samples[max(int(len(samples) * 0.95 + 0.5) - 1, 0)]
        print(f"{label:<44} {queries:>7} {statistics.median(samples):>8.0f} {p95:>8.0f}")


if __name__ == "__main__":
    main()
