"""Ranking benchmark: one requisition against 100,000 stored candidates of the talent network.

Usage: .venv/bin/python bench/rank_stored.py [--candidates 100000] [--repeat 5]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench_rank \
           .venv/bin/python bench/rank_stored.py
On PostgreSQL the named database is dropped and created again: point it at a scratch database.

Generates candidates with resume-sized text (about 250 words), two work entries each and a
talent-pool consent, builds their stored feature rows (`outhire screening-profiles`, timed), then
times, per requisition: the in-app best matches (full-text prefilter to the best 2,000, then the
matcher on their stored rows; what the match page runs) and, for comparison, the matcher over
every stored row with no prefilter.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")

from search import CITIES, FIRST, LAST, SKILLS, TITLES, WORDS  # noqa: E402

JOBS = [
    ("Software Engineer", "Python, SQL, AWS", "London"),
    ("Registered Nurse", "Patient care, Scheduling", "Boston"),
    ("Accountant", "Bookkeeping, Payroll, Excel", "Dublin"),
    ("Warehouse Supervisor", "Forklift, Inventory, Leadership", "Leeds"),
    ("Data Analyst", "SQL, Tableau, Python", "Berlin"),
]


def resume_text(rng: random.Random, title: str, skills: list[str], city: str) -> str:
    lines = [f"{title} based in {city}.", f"Experienced {title.lower()} with a record of results."]
    for _ in range(rng.randint(14, 24)):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    lines.append("Skills: " + ", ".join(skills))
    return "\n".join(lines)


def fresh_database() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
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


def seed(count: int) -> None:
    from django.db import connection, transaction

    from outhire.candidates.models import Candidate, Consent, ProfileEntry

    rng = random.Random(7)
    with transaction.atomic():
        for start in range(0, count, 2000):
            people, extra = [], []
            for _ in range(min(2000, count - start)):
                title = rng.choice(TITLES)
                skills = rng.sample(SKILLS, 5)
                city = rng.choice(CITIES)
                first, last = rng.choice(FIRST), rng.choice(LAST)
                people.append(
                    Candidate(
                        first_name=first,
                        last_name=last,
                        current_title=title,
                        location=city,
                        search_text=f"{first} {last}\n{resume_text(rng, title, skills, city)}",
                    )
                )
                extra.append((title, rng.choice(TITLES), rng.randint(2005, 2020)))
            Candidate.objects.bulk_create(people)
            entries, consents = [], []
            for person, (title, earlier, year) in zip(people, extra, strict=True):
                entries += [
                    ProfileEntry(
                        candidate=person,
                        kind="work",
                        name="Employer",
                        title=title,
                        start_date=date(year, 1, 1),
                    ),
                    ProfileEntry(
                        candidate=person,
                        kind="work",
                        name="Employer",
                        title=earlier,
                        start_date=date(year - 3, 1, 1),
                        end_date=date(year, 1, 1),
                    ),
                ]
                consents.append(Consent(candidate=person, purpose="talent_pool", method="verbal"))
            ProfileEntry.objects.bulk_create(entries)
            Consent.objects.bulk_create(consents)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--phases", action="store_true", help="time each phase too")
    parser.add_argument(
        "--full-scan",
        action="store_true",
        help="also time the matcher over every stored row (no prefilter), for one requisition",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of an earlier run (same OUTHIRE_VAR_DIR or DATABASE_URL)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.reuse:
        fresh_database()
    call_command("migrate", verbosity=0)

    from outhire.accounts.models import Client, User
    from outhire.candidates.models import Candidate
    from outhire.requisitions import services as requisitions
    from outhire.screening import profiles, ranking
    from outhire.screening.models import ScreeningProfile

    t0 = time.perf_counter()
    if not (args.reuse and Candidate.objects.count() >= args.candidates):
        seed(args.candidates)
        print(
            f"{args.candidates:,} candidates on {connection.vendor} in "
            f"{time.perf_counter() - t0:.0f}s"
        )
    t0 = time.perf_counter()
    call_command("screening-profiles", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"stored feature rows built in {time.perf_counter() - t0:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    recruiter = User.objects.filter(email="bench@provider.test").first() or (
        User.objects.create_user(
            "bench@provider.test", "x", full_name="Bench", provider_role="admin"
        )
    )
    client, _ = Client.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    all_ids = list(ScreeningProfile.objects.values_list("candidate_id", flat=True))
    print(
        f"{'requisition':<24} {'best matches p50 ms':>20} {'max ms':>8} {'cpu p50 ms':>11} "
        f"{'all rows, s':>12}"
    )
    samples: list[float] = []
    cpu_samples: list[float] = []
    for title, skills, city in JOBS:
        req = requisitions.requisition_create(
            client=client,
            by=recruiter,
            fields={
                "title": title,
                "description": f"We are hiring a {title} in {city}. 3+ years of experience.",
                "location": city,
                "must_have_skills": skills.split(", "),
            },
        )
        times, cpu = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            rows = ranking.best_matches(req)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        cpu_samples += cpu
        assert len(rows) == ranking.BEST_MATCHES
        samples += times
        full = float("nan")
        if args.full_scan and title == JOBS[0][0]:
            t = time.perf_counter()
            ranking.rank_ids(job=ranking.job_for(req), candidate_ids=all_ids, limit=25)
            full = time.perf_counter() - t
        if args.phases:
            from outhire.candidates.search import terms

            query = " ".join([req.title, *req.must_have_skills])
            t = time.perf_counter()
            ids = ranking.prefilter_ids(ranking.eligible_for_sourcing(req), terms(query))
            t1 = time.perf_counter()
            rows = profiles.rows_for(ids)
            t2 = time.perf_counter()
            pool = [profiles.matcher_profile(i, rows[i][0]) for i in sorted(rows)]
            t3 = time.perf_counter()
            from outhire.screening import matcher

            matcher.Matcher(pool).rank(ranking.job_for(req), top=25)
            t4 = time.perf_counter()
            print(
                f"  prefilter {1000 * (t1 - t):.0f} ms, rows {1000 * (t2 - t1):.0f} ms, "
                f"decode {1000 * (t3 - t2):.0f} ms, matcher {1000 * (t4 - t3):.0f} ms"
            )
        print(
            f"{title:<24} {statistics.median(times):>20.0f} {max(times):>8.0f} "
            f"{statistics.median(cpu):>11.0f} {full:>12.1f}"
        )
    samples.sort()
    print(
        f"\nbest matches over {args.candidates:,} stored candidates: p50 "
        f"{statistics.median(samples):.0f} ms, max {samples[-1]:.0f} ms; this process's CPU "
        f"p50 {statistics.median(cpu_samples):.0f} ms (features {profiles.FEATURES_VERSION}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
