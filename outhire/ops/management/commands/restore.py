from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outhire.ops.backup import KEYS_REMINDER, BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `outhire backup` into an empty database and storage, then "
        "check every file's SHA-256 and every table's row count against its manifest."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", type=Path, help="the archive made by `outhire backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a database (and files of a storage) that are not empty",
        )

    def handle(self, *args, input: Path, force: bool, **options) -> None:  # noqa: A002
        try:
            report = backup_restore(archive=input, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.WARNING(KEYS_REMINDER))
        if report.problems:
            raise CommandError(
                "The restore does not match the backup:\n  " + "\n  ".join(report.problems)
            )
        self.stdout.write(
            f"Restored {report.tables} tables ({report.rows} rows) and "
            f"{report.files_written + report.files_present} files "
            f"({report.files_written} written, {report.files_present} already in the storage); "
            "every row count and SHA-256 matches the manifest."
        )
