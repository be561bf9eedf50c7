from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the demo data, print the demo logins and serve on 127.0.0.1:8000."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument(
            "--candidates",
            type=int,
            default=1000,
            metavar="N",
            help="demo candidates with generated, parsed resumes (default 1000; 0 skips)",
        )

    def handle(self, *args, no_serve: bool, bind: str, candidates: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed-demo", candidates=candidates)
        if not no_serve:
            self.stdout.write(f"Serving on http://{bind}/ (Ctrl+C to stop)")
            call_command("serve", bind=bind)
