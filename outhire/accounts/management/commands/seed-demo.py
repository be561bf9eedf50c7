from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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


class Command(BaseCommand):
    help = (
        f"Create or refresh the demo provider ({PROVIDER}), its clients, users and talent "
        "network (safe to re-run)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--candidates",
            type=int,
            default=1000,
            metavar="N",
            help="demo candidates with generated PDF/DOCX resumes, parsed (default 1000; 0 skips)",
        )

    def handle(self, *args, candidates: int = 1000, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed-demo makes users with a published password; not in production."
            )
        if candidates < 0:
            raise CommandError("--candidates must be 0 (none) or more.")
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
        if candidates:
            self._seed_candidates(candidates)
        self._seed_hiring()
        self._seed_careers()
        self._seed_applications()
        self._seed_intake_templates()
        self._seed_costs()
        self._seed_referrals_and_communities()
        self._seed_interviews()
        self._seed_offers()
        self._seed_screening()
        self._seed_analytics()
        self._print_logins()

    def _seed_candidates(self, count: int) -> None:
        from outhire.candidates.demo import seed_talent_network

        self.stdout.write(f"Talent network: writing and parsing up to {count} resumes...")
        emails = [email for email, _, role, _ in PEOPLE if role]
        staff = {u.provider_role: u for u in User.objects.filter(email__in=emails)}
        report = seed_talent_network(count=count, staff=staff)
        self.stdout.write(f"Talent network: {report}")

    def _seed_hiring(self) -> None:
        from outhire.pipeline.demo import seed_hiring

        self.stdout.write(f"Hiring: {seed_hiring()}")

    def _seed_careers(self) -> None:
        from outhire.careers.demo import seed_careers

        self.stdout.write(f"Careers sites: {seed_careers()}")

    def _seed_applications(self) -> None:
        from outhire.careers.apply_demo import seed_applications

        self.stdout.write(f"Applications through the careers site: {seed_applications()}")

    def _seed_offers(self) -> None:
        from outhire.offers.demo import seed_offers

        self.stdout.write(f"Offers: {seed_offers()}")

    def _seed_intake_templates(self) -> None:
        from outhire.engagements.demo import seed_intake_templates

        self.stdout.write(f"Intake templates: {seed_intake_templates()}")

    def _seed_costs(self) -> None:
        from outhire.engagements.demo import seed_costs

        self.stdout.write(f"Costs: {seed_costs()}")

    def _seed_referrals_and_communities(self) -> None:
        from outhire.community.demo import seed_communities
        from outhire.referrals.demo import seed_referrals

        self.stdout.write(f"Referrals: {seed_referrals()}")
        self.stdout.write(f"Talent communities: {seed_communities()}")

    def _seed_interviews(self) -> None:
        from outhire.interviews.demo import seed_interviews

        self.stdout.write(f"Interviews: {seed_interviews()}")

    def _seed_screening(self) -> None:
        from outhire.screening.demo import seed_screening

        self.stdout.write(f"Screening: {seed_screening()}")

    def _seed_analytics(self) -> None:
        from outhire.analytics.demo import seed_analytics

        self.stdout.write(f"Analytics: {seed_analytics()}")

    def _print_logins(self) -> None:
        w = self.stdout.write
        w(self.style.SUCCESS(f"Demo data ready: {PROVIDER} with {len(CLIENTS)} clients."))
        w(f"Sign in at http://127.0.0.1:8000/login/ with password: {DEMO_PASSWORD}")
        for email, _name, provider_role, roles in PEOPLE:
            role = (
                Role(provider_role).label
                if provider_role
                else Role(next(iter(roles.values()))).label
            )
            where = "all clients" if provider_role == Role.ADMIN else ", ".join(roles)
            w(f"  {role:<18} {email:<34} ({where})")
        w("The provider admin sets up two-factor authentication at first sign-in (required).")
