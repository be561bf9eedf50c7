"""Careers pages and feeds under load: gunicorn (2 workers) on loopback, driven by wrk.

Seeds one client with 200 live jobs (careers, provider board, Indeed and LinkedIn postings) on a
throw-away SQLite file, starts `gunicorn outhire.wsgi` with 2 workers on 127.0.0.1 (gthread,
4 threads each, so connections are kept alive as behind a proxy; `--worker-class sync` for
one connection per request), then runs
`wrk` for 15 s each against the careers site's first page, a job page and the Indeed feed (all
200 jobs), and prints requests per second and latency percentiles (p50, p95 from a wrk Lua
`done` hook, p99). Also prints, for comparison, the uncached render time of each page through
Django's test client. Targets (issue 5): >= 500 req/s and p95 <= 50 ms.

Usage: .venv/bin/python bench/careers.py [--jobs 200] [--seconds 15] [--connections 10]
Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-careers-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault("DEBUG", "false")

LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    errors, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def seed(jobs: int) -> dict[str, str]:
    from datetime import timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from outhire.accounts.models import Client
    from outhire.careers.models import CareerSite, JobPosting
    from outhire.requisitions.models import Requisition

    client = Client.objects.create(
        name="Bench Robotics", slug="bench", hero_text="Build with us", about="We build. " * 40
    )
    CareerSite.objects.create(
        client=client,
        culture="Small teams. " * 30,
        values="Care\nCraft\nCandour",
        benefits="Holidays\nPension\nBikes",
        contact_email="jobs@bench.test",
    )
    now = timezone.now()
    cities = ["Berlin, Germany", "Lisbon, Portugal", "Leeds, United Kingdom", "Austin, Texas, USA"]
    requisitions = Requisition.objects.bulk_create(
        Requisition(
            client=client,
            title=f"Engineer {n:03}",
            department=["Engineering", "Data", "Operations", "Sales"][n % 4],
            location=cities[n % 4],
            remote_policy=["on_site", "hybrid", "remote"][n % 3],
            salary_min=Decimal(50000 + n * 100),
            salary_max=Decimal(65000 + n * 100),
            description=("Build and run robots that move parcels. " * 12 + "\n\n") * 3,
            status=Requisition.Status.OPEN,
            opened_at=now,
        )
        for n in range(jobs)
    )
    channels = ["careers", "provider_board", "indeed", "linkedin"]
    JobPosting.objects.bulk_create(
        JobPosting(
            client=client,
            requisition=r,
            channel=c,
            status="published",
            publish_at=now - timedelta(days=1),
            expires_at=now + timedelta(days=60),
        )
        for r in requisitions
        for c in channels
    )
    job = requisitions[len(requisitions) // 2]
    return {
        "careers site (page 1 of 10)": "/careers/bench/",
        "job page": f"/careers/bench/jobs/{job.pk}/",
        f"Indeed feed ({jobs} jobs)": "/careers/bench/feeds/indeed.xml",
    }


def uncached_ms(path: str, repeat: int = 20) -> float:
    from django.core.cache import cache
    from django.test import Client as HttpClient

    http = HttpClient()
    samples = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        response = http.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def run_wrk(url: str, seconds: int, connections: int, script: str) -> dict:
    out = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    requests, duration_us, errors, p50, p95, p99 = (int(v) for v in line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "errors": errors,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class", default="gthread", help="gunicorn worker class: gthread or sync"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/careers.py needs wrk: apt-get install wrk")

    import django

    django.setup()
    paths = seed(args.jobs)
    cold = {label: uncached_ms(path) for label, path in paths.items()}
    from django.db import connections

    connections.close_all()

    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            str(gunicorn),
            "outhire.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            args.worker_class,
            "--threads",
            "4" if args.worker_class == "gthread" else "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base + "/careers/bench/")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        for label, path in paths.items():
            for _ in range(4 * args.workers):  # fill every worker's own cache
                urllib.request.urlopen(base + path, timeout=120).read()  # noqa: S310
            rows.append(
                (label, path, run_wrk(base + path, args.seconds, args.connections, script.name))
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print(
        f"gunicorn {args.workers} {args.worker_class} workers, "
        f"wrk 2 threads x {args.connections} connections, "
        f"{args.seconds} s per URL, SQLite, {args.jobs} live jobs, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"| {'case':<28} | req/s | p50 ms | p95 ms | p99 ms | errors | uncached ms |")
    print(f"|{'-' * 30}|-------|--------|--------|--------|--------|-------------|")
    met = True
    for label, _path, r in rows:
        print(
            f"| {label:<28} | {r['rps']:5.0f} | {r['p50']:6.1f} | {r['p95']:6.1f} | "
            f"{r['p99']:6.1f} | {r['errors']:6d} | {cold[label]:11.1f} |"
        )
        met = met and r["rps"] >= 500 and r["p95"] <= 50 and r["errors"] == 0
    print("targets (>= 500 req/s, p95 <= 50 ms, no errors):", "met" if met else "MISSED")


if __name__ == "__main__":
    main()
