from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outhire.accounts.notifications import in_app_only
from outhire.accounts.roles import Role
from outhire.demo import (
    analytics,
    applications,
    billing,
    candidates,
    careers,
    community,
    costs,
    engagements,
    interviews,
    offers,
    pipeline,
    referrals,
    retention,
    screening,
    work,
)
from outhire.demo.accounts import (
    CLIENTS,
    DEMO_PASSWORD,
    PEOPLE,
    PROVIDER,
    provider_staff,
    seed_accounts,
)


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
        # The demo's people are made up: they see their notifications in the app, unmailed.
        with in_app_only():
            self._seed(candidates)
        self._print_logins()

    def _seed(self, candidates: int) -> None:
        seed_accounts()
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
        self._seed_billing()
        self._seed_screening()
        self._seed_analytics()
        self._seed_work()
        self._seed_retention()

    # One method per area, so a test can leave an area out (demo/tests/test_candidates.py).
    def _seed_candidates(self, count: int) -> None:
        self.stdout.write(f"Talent network: writing and parsing up to {count} resumes...")
        report = candidates.seed_talent_network(count=count, staff=provider_staff())
        self.stdout.write(f"Talent network: {report}")

    def _seed_hiring(self) -> None:
        self.stdout.write(f"Hiring: {pipeline.seed_hiring()}")

    def _seed_careers(self) -> None:
        self.stdout.write(f"Careers sites: {careers.seed_careers()}")

    def _seed_applications(self) -> None:
        report = applications.seed_applications()
        self.stdout.write(f"Applications through the careers site: {report}")

    def _seed_offers(self) -> None:
        self.stdout.write(f"Offers: {offers.seed_offers()}")

    def _seed_intake_templates(self) -> None:
        self.stdout.write(f"Intake templates: {engagements.seed_intake_templates()}")

    def _seed_costs(self) -> None:
        self.stdout.write(f"Costs: {costs.seed_costs()}")

    def _seed_referrals_and_communities(self) -> None:
        self.stdout.write(f"Referrals: {referrals.seed_referrals()}")
        self.stdout.write(f"Talent communities: {community.seed_communities()}")

    def _seed_interviews(self) -> None:
        self.stdout.write(f"Interviews: {interviews.seed_interviews()}")

    def _seed_billing(self) -> None:
        self.stdout.write(f"Invoices: {billing.seed_billing()}")

    def _seed_screening(self) -> None:
        self.stdout.write(f"Screening: {screening.seed_screening()}")

    def _seed_analytics(self) -> None:
        self.stdout.write(f"Analytics: {analytics.seed_analytics()}")

    def _seed_work(self) -> None:
        self.stdout.write(f"This morning's work: {work.seed_work()}")

    def _seed_retention(self) -> None:
        self.stdout.write(f"Retention: {retention.seed_retention()}")

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
