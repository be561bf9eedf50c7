"""`outhire storage-migrate --from local --to s3`: move the stored files to another backend.

Run it with the web and worker processes stopped (or before switching OUTHIRE_STORAGE), then
switch OUTHIRE_STORAGE to the target; docs/storage.md has the steps.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from outhire.lib.storage.config import BACKENDS
from outhire.lib.storage.transfer import storage_for, transfer


class Command(BaseCommand):
    help = "Copy every stored file to another storage backend, verifying each SHA-256."

    def add_arguments(self, parser) -> None:
        kinds = sorted(BACKENDS)
        parser.add_argument("--from", dest="source", required=True, choices=kinds)
        parser.add_argument("--to", dest="target", required=True, choices=kinds)
        parser.add_argument(
            "--dry-run", action="store_true", help="read both sides, report, write nothing"
        )
        parser.add_argument(
            "--delete-source",
            action="store_true",
            help="delete each source file once its copy is verified",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="copy over a target file that holds other bytes under the same name",
        )

    def handle(self, *args, **options) -> None:
        if options["source"] == options["target"]:
            raise CommandError("--from and --to name the same storage.")
        if options["dry_run"] and options["delete_source"]:
            raise CommandError("--dry-run deletes nothing; leave out --delete-source.")
        source, target = storage_for(options["source"]), storage_for(options["target"])
        verbose = options["verbosity"] > 1
        report = transfer(
            source=source,
            target=target,
            dry_run=options["dry_run"],
            delete_source=options["delete_source"],
            replace=options["replace"],
            say=lambda line: self._say(line, verbose=verbose),
        )
        verb = "would copy" if options["dry_run"] else "copied"
        summary = (
            f"{verb} {report.copied}, already there and identical {report.identical}, "
            f"failed {len(report.failed)}, missing {len(report.missing)}"
        )
        if options["delete_source"]:
            summary += f", deleted from the source {report.deleted}"
        self.stdout.write(summary)
        if not report.ok:
            raise CommandError(
                f"{len(report.failed)} file(s) not verified: "
                + ", ".join(report.failed[:10])
                + (" ..." if len(report.failed) > 10 else "")
            )

    def _say(self, line: str, *, verbose: bool) -> None:
        # Problems always; each copied file only with -v 2.
        if verbose or line.startswith(("failed", "differs", "missing")):
            self.stdout.write(line)
