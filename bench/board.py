"""Pipeline board benchmark: query count, p50 and p95 of the board page of one big requisition,
alone and under load.

Builds one open requisition with 2,000 applications spread over its stages (and a second,
with 10, to show the query count does not grow), a fifth of them with an interview, a match
score and an overdue scorecard, so the cards show everything they can. Then:

1. renders the board through Django's test client, one request at a time, as a recruiter;
2. (`--users N`, 0 to skip) starts gunicorn with `--workers` sync workers on the same database
   and has N recruiters (each with their own session) load the board of the big requisition
   over and over, each as soon as their last page arrived, for `--seconds`: p50, p95, p99,
   the slowest, pages per second and failures (any non-200 or a 10 s timeout).

Usage: .venv/bin/python bench/board.py [--applications 2000] [--repeat 20]
           [--users 20] [--workers 2] [--seconds 30]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench_board \
           .venv/bin/python bench/board.py
On PostgreSQL the named database is dropped and created again: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * share) - 1, 0)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers_cpu_seconds(master: int) -> float:
    """CPU time (user + system) used so far by the gunicorn master's workers (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def load(port: int, path: str, sessions: list[str], seconds: float, master: int = 0) -> None:
    """Each session loads `path` in a loop (a new connection each time, as sync gunicorn
    closes it) until `seconds` have passed; prints the latency figures."""
    samples: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def user(session: str) -> None:
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
                response = conn.getresponse()
                response.read()
                conn.close()
                outcome = "" if response.status == 200 else f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            with lock:
                if outcome:
                    failures.append(outcome)
                else:
                    samples.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
    cpu_before = workers_cpu_seconds(master) if master else 0.0
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    cpu = workers_cpu_seconds(master) - cpu_before if master else 0.0
    if not samples:
        print(f"no page loaded; failures: {failures[:5]}")
        return
    print(
        f"{len(samples)} pages in {took:.1f}s ({len(samples) / took:.1f}/s), "
        f"{len(failures)} failed{' ' + str(sorted(set(failures))) if failures else ''}; "
        f"ms p50 {statistics.median(samples):.0f}, p95 {percentile(samples, 0.95):.0f}, "
        f"p99 {percentile(samples, 0.99):.0f}, max {max(samples):.0f}"
        + (
            f"; workers' CPU {cpu * 1000 / (len(samples) + len(failures)):.0f} ms per page"
            if master
            else ""
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--profile", type=int, default=0, help="print the N costliest functions of the big board"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from outhire.lib.scopes import unscoped

    # A benchmark, like a command, reads and writes every client's rows (until main returns).
    everyone = contextlib.ExitStack()
    everyone.enter_context(unscoped())
    if connection.vendor == "postgresql":
        fresh_postgres_database(connection)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from outhire.accounts.models import Client, Membership, User
    from outhire.candidates.models import Candidate
    from outhire.interviews.models import Interview, Scorecard
    from outhire.pipeline.models import Application
    from outhire.requisitions import services as requisitions
    from outhire.requisitions.services import dispositions_ensure
    from outhire.screening.models import ScoreLog

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
            # A fifth with what a card shows besides its row: an interview to come, an overdue
            # scorecard of one that took place, a match score.
            some = list(Application.objects.filter(requisition=requisition)[: max(count // 5, 1)])
            Interview.objects.bulk_create(
                Interview(
                    client=client,
                    application=a,
                    title="Panel",
                    status="scheduled",
                    starts_at=now + timedelta(days=rng.randint(1, 20)),
                )
                for a in some
            )
            past = Interview.objects.bulk_create(
                Interview(
                    client=client,
                    application=a,
                    title="Phone screen",
                    status="completed",
                    starts_at=now - timedelta(days=3),
                )
                for a in some
            )
            Scorecard.objects.bulk_create(
                Scorecard(
                    client=client,
                    interview=i,
                    interviewer=recruiter,
                    due_at=now - timedelta(days=1),
                )
                for i in past
            )
            ScoreLog.objects.bulk_create(
                ScoreLog(
                    client=client,
                    requisition=requisition,
                    candidate_id=a.candidate_id,
                    application=a,
                    matcher_version="2.1",
                    input_digest="0" * 64,
                    score=rng.uniform(20, 95),
                )
                for a in some
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

    print(f"{'page':<46} {'queries':>7} {'KB':>6} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>7}")
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
        samples, cpu = [], []
        for _ in range(args.repeat):
            start, cpu_start = time.perf_counter(), time.process_time()
            queries, size = render(requisition, params)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        samples.sort()
        p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
        print(
            f"{label:<46} {queries:>7} {size / 1024:>6.0f} "
            f"{statistics.median(samples):>8.1f} {p95:>8.1f} {statistics.median(cpu):>7.1f}"
        )

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: [render(big) for _ in range(args.repeat)])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        with CaptureQueriesContext(connection) as queries:
            http.get(f"/requisitions/{big.pk}/board/")
        for number, query in enumerate(queries, 1):
            print(f"{number:>3} {query['time']:>6}s  {query['sql'][:300]}")

    if args.users:
        serve(args, big, recruiter, client)


def serve(args, big, recruiter, client) -> None:
    """gunicorn on the same database, and `args.users` recruiters loading the big board."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as HttpClient

    from outhire.accounts.models import Membership

    sessions = []
    for n in range(args.users):
        user = get_user_model().objects.create_user(
            f"bench{n}@provider.test", "x", full_name=f"Bench {n}", provider_role="recruiter"
        )
        Membership.objects.create(user=user, client=client, role="recruiter")
        browser = HttpClient()
        browser.force_login(user)
        sessions.append(browser.cookies["sessionid"].value)
    connection.close()
    port = free_port()
    env = dict(
        os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="outhire.settings"
    )
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(bin_dir / "gunicorn"),
            "outhire.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        path = f"/requisitions/{big.pk}/board/"
        for _ in range(100):  # up to 20 s to start
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path, headers={"Cookie": f"sessionid={sessions[0]}"})
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        print("warm-up, 1 user, 3s: ", end="")
        load(port, path, sessions[:1], 3)
        print(
            f"gunicorn, {args.workers} sync workers, {args.users} users, {args.seconds:.0f}s, "
            f"load average before {os.getloadavg()[0]:.1f}:"
        )
        load(port, path, sessions, args.seconds, master=server.pid)
        print(f"load average after {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
