from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from outhire.ops.backup import KEYS_REMINDER, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into one archive (.tar.gz) with a manifest "
        "of SHA-256 sums and row counts. The encryption keys are not included."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", type=Path, help="the archive to write, e.g. outhire.tar.gz")

    def handle(self, *args, output: Path, **options) -> None:
        try:
            manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({sum(manifest['tables'].values())} rows) "
            f"and {len(files)} files ({sum(f['size'] for f in files.values())} bytes) to {output}."
        )
        self.stdout.write(self.style.WARNING(KEYS_REMINDER))
