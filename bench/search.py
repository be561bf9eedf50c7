"""Search benchmark: p50/p95 of candidate full-text search over generated candidates.

Usage: .venv/bin/python bench/search.py [--candidates 100000]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/outhire_bench \
           .venv/bin/python bench/search.py
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OUTHIRE_VAR_DIR", tempfile.mkdtemp(prefix="outhire-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")

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

    from outhire.accounts.models import User
    from outhire.accounts.tenancy import Access
    from outhire.candidates.models import Candidate
    from outhire.candidates.search import SearchFilters, search_candidates

    rng = random.Random(7)
    start = time.perf_counter()
    batch = []
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
                    search_text=f"{first} {last}\n{resume_text(rng, title, skills, city)}",
                )
            )
            if len(batch) == 2000:
                Candidate.objects.bulk_create(batch)
                batch = []
        Candidate.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE candidates_candidate")  # as autovacuum would soon
    print(
        f"{args.candidates:,} candidates on {connection.vendor} in "
        f"{time.perf_counter() - start:.0f}s"
    )

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


if __name__ == "__main__":
    main()
