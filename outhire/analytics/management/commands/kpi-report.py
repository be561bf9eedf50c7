from __future__ import annotations

import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Print a client's KPIs for a period (both dates included), with the numbers of the "
        "monthly report: --format csv is its CSV (in words, with units), --format json the "
        "same rows for programs (keys and plain numbers, with each measure's label and unit)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--client", required=True, help="the client's slug")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options) -> None:
        from outhire.accounts.models import Client
        from outhire.analytics.reports import report_csv, report_data, report_records

        client = Client.objects.filter(slug=options["client"]).first()
        if client is None:
            raise CommandError(f"No client with the slug {options['client']!r}.")
        start, last = _date(options["start"]), _date(options["end"])
        if last < start:
            raise CommandError("--to is before --from.")
        data = report_data(client, start, last + timedelta(days=1))
        if options["format"] == "csv":
            self.stdout.write(report_csv(data), ending="")
            return
        body = {
            "client": client.slug,
            "from": start.isoformat(),
            "to": last.isoformat(),
            "rows": report_records(data),
        }
        self.stdout.write(json.dumps(body, indent=2))
