"""Import benchmark: a generated CSV export of 100,000 candidates, imported three ways.

1. a dry run (every row checked and matched, nothing stored);
2. the import itself (candidates, e-mails and phones encrypted, tags, notes, timeline);
3. the same file again, which must add nobody (every row matches by its external id).

Usage: .venv/bin/python bench/import.py [--rows 100000]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench_import \
           .venv/bin/python bench/import.py
SQLite runs in a scratch directory, var/bench-import/ (emptied first). On PostgreSQL the named
database is dropped and created again: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = ROOT / "var" / "bench-import"
if "OUTHIRE_VAR_DIR" not in os.environ:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    os.environ["OUTHIRE_VAR_DIR"] = str(SCRATCH)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")

FIRST = "Ada Grace Alan Maria Wei Fatima Olu Priya Lars Sofia Diego Aisha Tom Mei Ivan Noor Kofi Elena Raj Hana Zoë Émile Søren".split()  # noqa: E501
LAST = "Smith Patel Garcia Kim Nowak Okafor Rossi Silva Chen Müller Dubois Khan Jones Novak Haddad Sato Olsen Reyes".split()  # noqa: E501
TITLES = [
    "Software Engineer",
    "Data Analyst",
    "Registered Nurse",
    "Accountant",
    "Sales Manager",
    "HR Generalist",
    "Warehouse Supervisor",
    "Electrician",
    "Product Manager",
    "Customer Service Representative",
]
COMPANIES = ["Acme Ltd", "Globex", "Initech", "Umbrella plc", "Hooli", "Vandelay Industries"]
CITIES = ["London", "Manchester", "Dublin", "Berlin", "Paris", "New York", "Toronto", "Sydney"]
TAGS = ["java", "python", "nursing", "finance", "sales", "night shifts", "remote", "senior"]
SOURCES = ["LinkedIn", "Indeed", "Referral", "Agency", "Careers site", ""]


def generate(rows: int, seed: int = 7) -> bytes:
    """A CSV as another ATS exports it: its own column names, a BOM, every field filled."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Candidate ID",
            "First Name",
            "Last Name",
            "E-mail Address",
            "Mobile",
            "Job Title",
            "Company",
            "City",
            "LinkedIn",
            "Source",
            "Tags",
            "Notes",
        ]
    )
    for n in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        writer.writerow(
            [
                f"C{n:07}",
                first,
                last,
                f"{first}.{last}.{n}@example.com".lower(),
                f"+44 7{rng.randint(100, 999)} {n:06}",
                rng.choice(TITLES),
                rng.choice(COMPANIES),
                rng.choice(CITIES),
                f"https://www.linkedin.com/in/{first}-{last}-{n}".lower() if n % 3 == 0 else "",
                rng.choice(SOURCES),
                ";".join(rng.sample(TAGS, rng.randint(0, 3))),
                "Spoke on the phone; open to offers." if n % 10 == 0 else "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

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

    from outhire.accounts.models import User
    from outhire.candidates.imports.run import import_run
    from outhire.candidates.imports.uploads import import_create
    from outhire.candidates.models import Candidate, ContactPoint, ImportJob

    start = time.perf_counter()
    data = generate(args.rows)
    print(
        f"{args.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB of CSV generated in "
        f"{time.perf_counter() - start:.1f}s; database {connection.vendor}"
    )
    recruiter = User.objects.create_user(
        "bench@provider.test", "x", full_name="Bench", provider_role="recruiter"
    )

    def run(label: str, *, dry_run: bool) -> ImportJob:
        job = import_create(by=recruiter, data=data, file_name="export.csv", source_system="ats")
        job.dry_run, job.status = dry_run, ImportJob.Status.PENDING
        job.save()
        t0 = time.perf_counter()
        job = import_run(job=job)
        seconds = time.perf_counter() - t0
        assert job.status == ImportJob.Status.DONE, job.message
        print(
            f"{label:<28} {seconds:>7.1f} s {job.total / seconds:>9,.0f} rows/s   "
            f"created {job.created:,}, updated {job.updated:,}, unchanged {job.skipped:,}, "
            f"refused {job.failed:,}"
        )
        return job

    print(f"\n{'run':<28} {'total':>9} {'speed':>14}")
    run("dry run", dry_run=True)
    first = run("import", dry_run=False)
    again = run("same file again", dry_run=False)
    assert first.created == args.rows and again.created == 0
    assert Candidate.objects.count() == args.rows
    print(
        f"\n{Candidate.objects.count():,} candidates, {ContactPoint.objects.count():,} contact "
        "points stored"
    )


if __name__ == "__main__":
    main()
