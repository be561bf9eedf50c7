"""`outhire import-costs --client SLUG FILE [--dry-run] [--by EMAIL]`: import recruiting costs.

The same checks as the staff app's import: every problem listed by line, nothing stored while
any row has one, and rows imported before skipped, so running it twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outhire.accounts.models import Client, User
from outhire.accounts.tenancy import Access
from outhire.costs.imports import cost_check, costs_import
from outhire.costs.selectors import can_write_costs


class Command(BaseCommand):
    help = "Import recruiting costs of one client from a CSV file (see docs/costs.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV: date, category, amount, currency[, requisition, …]")
        parser.add_argument("--client", required=True, help="the client's slug")
        parser.add_argument(
            "--by", default="", help="e-mail of the person importing (recorded on each entry)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, store nothing"
        )

    def handle(self, *args, **options) -> None:
        client = Client.objects.filter(slug=options["client"]).first()
        if client is None:
            raise CommandError(f"No client has the slug {options['client']!r}.")
        user = None
        if options["by"]:
            user = User.objects.filter(email__iexact=options["by"], is_active=True).first()
            if user is None or not can_write_costs(Access(user), client.pk):
                raise CommandError(
                    "--by must name an active user who may write this client's costs."
                )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        data = path.read_bytes()
        try:
            check = cost_check(client=client, data=data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for line, column, message in check.errors:
            where = f"line {line}" + (f", {column}" if column else "")
            self.stderr.write(f"{path.name}: {where}: {message}")
        if check.errors:
            raise CommandError(
                f"{len(check.errors)} problem(s) in {path.name}; nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {len(check.rows)} rows; {len(check.new_rows)} would be added, "
                f"{check.skipped} were imported before."
            )
            return
        record = costs_import(client=client, data=data, file_name=path.name, by=user)
        self.stdout.write(
            f"{record.rows} rows; {record.added} added, {record.skipped} imported before."
        )
