"""Demo provider staff, clients and people for every role; safe to re-run.

Everyone signs in with DEMO_PASSWORD, which is why `seed-demo` refuses to run in production.
"""

from __future__ import annotations

from django.db import transaction

from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role

DEMO_PASSWORD = "outhire-demo-2026"
PROVIDER = "Northwind Talent Partners"

CLIENTS = [
    {
        "slug": "meridian-health",
        "name": "Meridian Health",
        "industry": "healthcare",
        "website": "https://meridian-health.example",
        "primary_colour": "#0b5563",
        "accent_colour": "#f2a541",
        "hero_text": "Care is a team sport. Join ours.",
        "about": "A network of 14 community hospitals and clinics across the North West.",
    },
    {
        "slug": "acme-robotics",
        "name": "Acme Robotics",
        "industry": "technology",
        "website": "https://acme-robotics.example",
        "primary_colour": "#2d3142",
        "accent_colour": "#ef8354",
        "hero_text": "Build the robots that build the future.",
        "about": "Warehouse automation hardware and software, 600 people in three countries.",
    },
    {
        "slug": "borealis-bank",
        "name": "Borealis Bank",
        "industry": "finance",
        "website": "https://borealis-bank.example",
        "primary_colour": "#1d3557",
        "accent_colour": "#a8dadc",
        "hero_text": "Banking that people trust.",
        "about": "A regional retail and business bank with 120 branches.",
    },
    {
        "slug": "harbor-logistics",
        "name": "Harbor Logistics",
        "industry": "logistics",
        "website": "https://harbor-logistics.example",
        "primary_colour": "#3a5a40",
        "accent_colour": "#dad7cd",
        "hero_text": "Keep the world moving.",
        "about": "Freight forwarding and contract logistics from four ports.",
    },
]

# (e-mail, name, provider role or "", {client slug: role})
PEOPLE = [
    ("admin@northwind.demo", "Ada Admin", Role.ADMIN, {}),
    (
        "recruiter@northwind.demo",
        "Rhys Recruiter",
        Role.RECRUITER,
        {"meridian-health": Role.RECRUITER, "acme-robotics": Role.RECRUITER},
    ),
    (
        "sourcer@northwind.demo",
        "Sofia Sourcer",
        Role.SOURCER,
        {"meridian-health": Role.SOURCER, "borealis-bank": Role.SOURCER},
    ),
    (
        "coordinator@northwind.demo",
        "Colin Coordinator",
        Role.COORDINATOR,
        {"meridian-health": Role.COORDINATOR, "harbor-logistics": Role.COORDINATOR},
    ),
    ("client.admin@meridian.demo", "Clara Meridian", "", {"meridian-health": Role.CLIENT_ADMIN}),
    (
        "client.recruiter@meridian.demo",
        "Ravi Meridian",
        "",
        {"meridian-health": Role.CLIENT_RECRUITER},
    ),
    ("hiring.manager@meridian.demo", "Hana Meridian", "", {"meridian-health": Role.HIRING_MANAGER}),
    ("interviewer@meridian.demo", "Ivan Meridian", "", {"meridian-health": Role.INTERVIEWER}),
    ("client.admin@acme.demo", "Cathy Acme", "", {"acme-robotics": Role.CLIENT_ADMIN}),
    ("hiring.manager@acme.demo", "Hugo Acme", "", {"acme-robotics": Role.HIRING_MANAGER}),
    ("client.admin@borealis.demo", "Cormac Borealis", "", {"borealis-bank": Role.CLIENT_ADMIN}),
    ("client.admin@harbor.demo", "Chiara Harbor", "", {"harbor-logistics": Role.CLIENT_ADMIN}),
]


def seed_accounts() -> None:
    """The clients and people above; an existing user keeps their password and name."""
    with transaction.atomic():
        clients = {}
        for data in CLIENTS:
            fields = {k: v for k, v in data.items() if k != "slug"}
            clients[data["slug"]], _ = Client.objects.update_or_create(
                slug=data["slug"], defaults=fields
            )
        for email, name, provider_role, roles in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=name, provider_role=provider_role
                )
            for slug, role in roles.items():
                Membership.objects.update_or_create(
                    user=user, client=clients[slug], defaults={"role": role}
                )


def provider_staff() -> dict[str, User]:
    """The demo's provider users by provider role (admin, recruiter, sourcer, coordinator)."""
    emails = [email for email, _, role, _ in PEOPLE if role]
    return {u.provider_role: u for u in User.objects.filter(email__in=emails)}
