"""`outhire import-candidates FILE [--resumes ZIP] [--dry-run] --by EMAIL`: the operator's import.

The same checks, matching and audit as an import from the staff app, run here and now (no
worker needed), for moving a provider's data in from another system on the server itself.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outhire.accounts.models import User
from outhire.accounts.tenancy import Access
from outhire.candidates.imports.rows import FIELDS, ImportFileError
from outhire.candidates.imports.run import import_run
from outhire.candidates.imports.uploads import import_create, import_prepare
from outhire.lib.spreadsheet_csv import csv_writer


class Command(BaseCommand):
    help = "Import candidates from a CSV or JSON Resume file, as the given staff member."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a CSV export of another system, or JSON Resume")
        parser.add_argument("--resumes", help="a zip of resume files named in a CSV column")
        parser.add_argument(
            "--by", required=True, help="e-mail of the provider admin or recruiter importing"
        )
        parser.add_argument("--source-system", default="", help="where ids come from (Bullhorn…)")
        parser.add_argument(
            "--mapping",
            help="the field of each column, comma-separated, '' to ignore one "
            f"(fields: {', '.join(f.key for f in FIELDS)}); default: guessed from the header",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, store nothing"
        )
        parser.add_argument("--errors", help="write the row errors to this CSV file")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if user is None or not Access(user).can_export_candidates:
            raise CommandError("--by must name an active provider admin or recruiter.")
        paths = [Path(options["file"])] + ([Path(options["resumes"])] if options["resumes"] else [])
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        try:
            # The zip of resumes is copied to storage from the open file, in blocks.
            with ExitStack() as opened:
                resumes = opened.enter_context(paths[1].open("rb")) if len(paths) > 1 else None
                job = import_create(
                    by=user,
                    data=paths[0].read_bytes(),
                    file_name=paths[0].name,
                    resumes=resumes,
                    resumes_name=paths[1].name if len(paths) > 1 else "",
                    source_system=options["source_system"],
                )
            mapping = None
            if options["mapping"] is not None:
                mapping = [part.strip() for part in options["mapping"].split(",")]
            import_prepare(job=job, by=user, dry_run=options["dry_run"], mapping=mapping)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if job.kind == job.Kind.CSV:
            self.stdout.write(
                "Columns: "
                + ", ".join(
                    f"{column} -> {field or '(ignored)'}"
                    for column, field in zip(job.header, job.mapping, strict=False)
                )
            )
        job = import_run(job=job)
        verb = "would be" if job.dry_run else "were"
        self.stdout.write(
            f"Import #{job.pk} {job.status}: {job.total:,} rows; {job.created:,} {verb} created, "
            f"{job.updated:,} updated, {job.skipped:,} skipped, {job.failed:,} refused."
        )
        if job.message:
            self.stdout.write(job.message)
        if options["errors"] and job.errors:
            with open(options["errors"], "w", newline="", encoding="utf-8") as out:
                writer = csv_writer(out)
                writer.writerow(["row", "field", "reason"])
                writer.writerows([e["row"], e["field"], e["reason"]] for e in job.errors)
            self.stdout.write(f"Row errors written to {options['errors']}.")
        elif job.errors:
            for error in job.errors[:20]:
                self.stderr.write(f"row {error['row']}, {error['field']}: {error['reason']}")
        if job.status == job.Status.FAILED:
            sys.exit(1)
