"""`outhire mail-poll`: read candidates' replies from an IMAP mailbox once (docs/email.md).

Run it from cron or a systemd timer every minute or two. Every unseen message of
OUTHIRE_IMAP_FOLDER is stored (or recognised as a duplicate, a bounce, or not ours) and marked
seen; one that failed to store stays unseen for the next run.
"""

from __future__ import annotations

import imaplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.receivers import imap_poll


class Command(BaseCommand):
    help = "Read candidates' e-mail replies from the IMAP mailbox once (OUTHIRE_IMAP_*)."

    def handle(self, *args, **options) -> None:
        if not addresses.enabled():
            raise CommandError("Set OUTHIRE_REPLY_DOMAIN first: the domain replies are sent to.")
        if not settings.OUTHIRE_IMAP_HOST or not settings.OUTHIRE_IMAP_USER:
            raise CommandError(
                "Set OUTHIRE_IMAP_HOST, OUTHIRE_IMAP_USER and OUTHIRE_IMAP_PASSWORD."
            )
        try:
            report = imap_poll(
                host=settings.OUTHIRE_IMAP_HOST,
                port=settings.OUTHIRE_IMAP_PORT,
                user=settings.OUTHIRE_IMAP_USER,
                password=settings.OUTHIRE_IMAP_PASSWORD,
                folder=settings.OUTHIRE_IMAP_FOLDER,
                tls=settings.OUTHIRE_IMAP_TLS,
            )
        except (TimeoutError, imaplib.IMAP4.error, OSError) as error:
            raise CommandError(f"The mailbox could not be read: {error}") from None
        outcomes = ", ".join(f"{n} {status}" for status, n in sorted(report.outcomes.items()))
        self.stdout.write(
            f"{report.read} unseen message(s) read: {outcomes or 'none stored'}"
            + (f"; {report.failed} left for the next run" if report.failed else "")
        )
        if report.failed:
            raise CommandError(f"{report.failed} message(s) could not be stored.")
