"""Search benchmark: p50/p95 of candidate full-text search over generated candidates.

Usage: .venv/bin/python bench/search.py [--candidates 100000]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench \
           .venv/bin/python bench/search.py
       ... bench/search.py --http [--users 20] [--workers 2] [--seconds 60] [--think 0]
On PostgreSQL the named database is dropped and created again: point it at a scratch database.

Without --http, `search_candidates` is timed in this process. With --http, the candidate list
page itself is served by gunicorn (sync workers, as `outhire serve` runs it) on loopback and
`--users` recruiters, each with their own session, ask for it at once, each sending their next
search as soon as the last page arrived (no think time: the hardest way to be 20 users) or,
with `--think S`, after reading it for S seconds on average. The searches are the list page's:
words, prefixes, filters, the plain list and a second page. It prints p50/p95 of the whole page
as a browser waits for it, per kind of search and overall, and the SQL queries each page made.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault("DEBUG", "false")

TITLES = [
    "Software Engineer",
    "Data Analyst",
    "Registered Nurse",
    "Accountant",
    "Chef",
    "Sales Manager",
    "HR Generalist",
    "Warehouse Supervisor",
    "Teacher",
    "Electrician",
    "Product Manager",
    "Financial Analyst",
    "Mechanical Engineer",
    "Pharmacist",
    "Customer Service Representative",
    "Marketing Coordinator",
    "Truck Driver",
    "Civil Engineer",
    "Graphic Designer",
    "Project Manager",
]
SKILLS = [
    "Python",
    "Java",
    "SQL",
    "Excel",
    "Salesforce",
    "SAP",
    "Kubernetes",
    "AWS",
    "Patient care",
    "Budgeting",
    "Forklift",
    "AutoCAD",
    "Photoshop",
    "Negotiation",
    "React",
    "PostgreSQL",
    "Tableau",
    "Payroll",
    "Scheduling",
    "Welding",
    "Spanish",
    "German",
    "Leadership",
    "Agile",
    "Six Sigma",
    "Bookkeeping",
    "Inventory",
    "CRM",
]
CITIES = [
    "London",
    "Manchester",
    "Leeds",
    "Bristol",
    "Glasgow",
    "Dublin",
    "Berlin",
    "Paris",
    "Madrid",
    "New York",
    "Boston",
    "Chicago",
    "Toronto",
    "Sydney",
    "Bengaluru",
]
WORDS = (
    "managed delivered improved designed built led supported trained reduced increased "
    "customers projects teams budgets systems reports processes quality safety growth "
    "clinical financial operational digital regional national international"
).split()
FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Maria",
    "Wei",
    "Fatima",
    "Olu",
    "Priya",
    "Lars",
    "Sofia",
    "Diego",
    "Aisha",
    "Tom",
    "Mei",
    "Ivan",
    "Noor",
    "Kofi",
    "Elena",
    "Raj",
    "Hana",
]
LAST = [
    "Smith",
    "Patel",
    "Garcia",
    "Kim",
    "Nowak",
    "Okafor",
    "Rossi",
    "Silva",
    "Chen",
    "Müller",
    "Dubois",
    "Khan",
    "Jones",
    "Novak",
    "Haddad",
    "Sato",
    "Olsen",
    "Reyes",
]
QUERIES = [
    "engineer",
    "python",
    "nurse patient",
    "sap",
    "london",
    "forklift warehouse",
    "manag",
    "accountant payroll",
    "kubernetes aws",
    "spanish",
    "chef",
    "tableau",
    "six sigma",
    "garcia",
    "improved quality",
    "react postgresql",
    "budget",
    "international growth",
    "electrician welding",
    "teacher",
]


def resume_text(rng: random.Random, title: str, skills: list[str], city: str) -> str:
    lines = [f"{title} based in {city}."]
    for _ in range(rng.randint(3, 8)):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    lines.append("Skills: " + ", ".join(skills))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each query")
    parser.add_argument("--http", action="store_true", help="the list page through gunicorn")
    parser.add_argument("--users", type=int, default=20, help="with --http: users at once")
    parser.add_argument("--workers", type=int, default=2, help="with --http: gunicorn workers")
    parser.add_argument("--seconds", type=int, default=60, help="with --http: how long")
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="with --http: a user's mean pause between pages, in seconds (0: none)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
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
    call_command("migrate", verbosity=0)

    from django.utils import timezone

    from outhire.accounts.models import User
    from outhire.accounts.tenancy import Access
    from outhire.candidates.models import Candidate, Tag
    from outhire.candidates.search import SearchFilters, search_candidates

    rng = random.Random(7)
    start = time.perf_counter()
    owners = [
        User.objects.create_user(
            f"owner{n}@provider.test", "x", full_name=f"Owner {n}", provider_role="recruiter"
        )
        for n in range(5)
    ]
    tags = Tag.objects.bulk_create(Tag(name=name) for name in ("silver", "gold", "relocate"))
    now = timezone.now()
    batch = []

    def store(batch: list) -> None:
        # As the list shows them: an owner each, tags on a third, activity over two years.
        Candidate.objects.bulk_create(batch)
        Candidate.tags.through.objects.bulk_create(
            Candidate.tags.through(candidate_id=c.pk, tag_id=tags[c.pk % 3].pk)
            for c in batch
            if c.pk % 3 == 0
        )

    with transaction.atomic():
        for _ in range(args.candidates):
            title = rng.choice(TITLES)
            skills = rng.sample(SKILLS, 5)
            city = rng.choice(CITIES)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            batch.append(
                Candidate(
                    first_name=first,
                    last_name=last,
                    current_title=title,
                    location=city,
                    owner=rng.choice(owners),
                    last_activity_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 730)),
                    search_text=f"{first} {last}\n{resume_text(rng, title, skills, city)}",
                )
            )
            if len(batch) == 2000:
                store(batch)
                batch = []
        store(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE candidates_candidate")  # as autovacuum would soon
    print(
        f"{args.candidates:,} candidates on {connection.vendor} in "
        f"{time.perf_counter() - start:.0f}s"
    )

    if args.http:
        http_load(args)
        return
    recruiter = User.objects.create_user(
        "bench@provider.test", "x", full_name="Bench", provider_role="recruiter"
    )
    base = Candidate.objects.visible_to(Access(recruiter))
    cases = [(q, None) for q in QUERIES] + [
        ("engineer", SearchFilters(location="London")),
        ("", SearchFilters(location="Berlin")),
        ("python", SearchFilters(active_since=None, location="Dublin")),
    ]
    samples = []
    print(f"{'query':<28} {'filter':<18} {'hits':>7} {'median ms':>10}")
    for query, filters in cases:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            page = search_candidates(base, query, filters, limit=25)
            times.append((time.perf_counter() - t0) * 1000)
        samples += times
        label = f"location={filters.location}" if filters else ""
        total = f"{page.total:,}{'+' if page.total_is_capped else ''}"
        print(f"{query!r:<28} {label:<18} {total:>7} {statistics.median(times):>10.1f}")
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"\nall searches: p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, "
        f"max {samples[-1]:.1f} ms ({len(samples)} searches)"
    )
    worst_case(base, args.repeat)


def worst_case(base, repeat: int) -> None:
    """A page of 25 planted candidates whose resumes are 9.35 million characters of the words
    searched for: the snippets re-read every text on the page. The text kept of a document is
    capped (MAX_TEXT_CHARS), so this is the most any page can cost."""
    from outhire.candidates.files import DocumentKind, extract_text
    from outhire.candidates.models import Candidate
    from outhire.candidates.search import search_candidates

    huge = ("python developer " * 550_000).encode()
    text = extract_text(huge, DocumentKind.TXT)
    planted = [Candidate(first_name="Planted", last_name=str(n)) for n in range(25)]
    for candidate in planted:
        candidate.search_text = candidate.search_text_from(texts=[text])
    Candidate.objects.bulk_create(planted)
    print(f"\nplanted: 25 candidates, each a {len(huge):,}-character resume kept as "
          f"{len(planted[0].search_text):,} characters")  # fmt: skip
    for query in ("pyth", "python developer", "developer python planted"):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            page = search_candidates(base, query, None, limit=25)
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        print(
            f"worst case {query!r:<28} {page.total:>7,} hits  median {median:8.1f} ms"
            f"  max {max(times):8.1f} ms"
        )


# What the users of the list page ask for: words, prefixes, filters, the plain list, page 2.
PAGES = [
    *[("words", {"q": q}) for q in QUERIES],
    ("words + location", {"q": "engineer", "location": "London"}),
    ("words + tag", {"q": "python", "tags": "gold"}),
    ("location only", {"location": "Berlin"}),
    ("plain list", {}),
    ("page 2", {"q": "nurse", "page": "2"}),
    ("page 2 of the list", {"page": "2"}),
]


def http_load(args) -> None:
    from django.db import connection, connections
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    from outhire.accounts.models import User

    users = []
    for n in range(args.users):
        user = User.objects.create_user(
            f"searcher{n}@provider.test", "x", full_name=f"Searcher {n}", provider_role="recruiter"
        )
        user.totp_secret, user.totp_confirmed_at = "JBSWY3DPEHPK3PXP", user.date_joined
        user.save()
        users.append(user)
    sessions = []
    queries = {}
    for n, user in enumerate(users):
        browser = HttpClient()
        browser.force_login(user)
        sessions.append(browser.cookies["sessionid"].value)
        if n == 0:  # the SQL each page makes, counted once
            for _label, params in PAGES:
                url = "/candidates/?" + urllib.parse.urlencode(params)
                with CaptureQueriesContext(connection) as captured:
                    response = browser.get(url)
                assert response.status_code == 200, (url, response.status_code)
                queries[url] = len(captured)
    connections.close_all()

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "outhire.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    samples: list[tuple[str, float]] = []
    errors = []
    try:
        wait_ready(base + "/login/")
        for _ in range(2):  # every worker connects and loads its templates
            for _label, params in PAGES:
                fetch(base, sessions[0], params)
        stop = time.monotonic() + args.seconds
        load_before = os.getloadavg()
        busy = server_processes(server.pid)
        cpu_before = cpu_seconds(busy)

        def user(session: str, seed: int) -> None:
            order = random.Random(seed)
            while time.monotonic() < stop:
                label, params = order.choice(PAGES)
                t0 = time.perf_counter()
                try:
                    fetch(base, session, params)
                except OSError as error:
                    errors.append(repr(error))
                    continue
                samples.append((label, (time.perf_counter() - t0) * 1000))
                if args.think:  # reading the page: exponential, as independent users behave
                    time.sleep(min(order.expovariate(1 / args.think), 5 * args.think))

        threads = [
            threading.Thread(target=user, args=(session, n)) for n, session in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
        cpu = cpu_seconds(busy) - cpu_before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def p(values: list[float], q: float) -> float:
        values = sorted(values)
        return values[max(int(len(values) * q) - 1, 0)]

    print(
        f"\ngunicorn {args.workers} sync workers, {args.users} users at once, think time "
        f"{args.think:g} s, {args.seconds} s, {connection.vendor}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after, on {os.cpu_count()} cores"
    )
    print(f"{'page':<28} {'SQL':>4} {'pages':>6} {'p50 ms':>8} {'p95 ms':>8}")
    by_label: dict[str, list[float]] = {}
    for label, ms in samples:
        by_label.setdefault(label, []).append(ms)
    counts: dict[str, set[int]] = {}
    for label, params in PAGES:
        url = "/candidates/?" + urllib.parse.urlencode(params)
        counts.setdefault(label, set()).add(queries[url])
    for label, values in by_label.items():
        sql = "/".join(str(c) for c in sorted(counts[label]))
        p50, p95 = p(values, 0.5), p(values, 0.95)
        print(f"{label:<28} {sql:>4} {len(values):>6} {p50:>8.0f} {p95:>8.0f}")
    every = [ms for _, ms in samples]
    print(
        f"\nall pages: p50 {p(every, 0.5):.0f} ms, p95 {p(every, 0.95):.0f} ms, "
        f"max {max(every):.0f} ms; {len(every)} pages, {len(every) / args.seconds:.1f} pages/s, "
        f"{len(errors)} errors{': ' + errors[0] if errors else ''}"
    )
    # What a page costs whatever else the machine is doing: the CPU time of the gunicorn
    # workers and of their PostgreSQL backends, divided by the pages served.
    print(
        f"CPU per page: {cpu * 1000 / max(len(every), 1):.1f} ms "
        f"(gunicorn workers and their database backends, {len(busy)} processes)"
    )


def server_processes(master: int) -> list[int]:
    """The gunicorn workers and, on PostgreSQL, the backends of the bench's database."""
    from django.db import connection

    with open(f"/proc/{master}/task/{master}/children") as children:
        pids = [int(pid) for pid in children.read().split()]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            pids += [pid for (pid,) in cursor.fetchall()]
        connection.close()
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of `pids` (Linux /proc; a database on another host is not
    counted)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def fetch(base: str, session: str, params: dict) -> None:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + "/candidates/?" + urllib.parse.urlencode(params),
        headers={"Cookie": f"sessionid={session}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        response.read()
        if response.status != 200 or response.url != request.full_url:
            raise OSError(f"{response.status} {response.url}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


if __name__ == "__main__":
    main()
