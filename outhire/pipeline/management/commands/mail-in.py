"""`outhire mail-in [--bind HOST:PORT]`: receive candidates' replies by SMTP (docs/email.md).

Runs until stopped (SIGTERM or Ctrl-C). Point the reply domain's MX, or a forwarding rule of
your mail server, at it; it takes mail only for signed addresses at OUTHIRE_REPLY_DOMAIN.
"""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.receivers import smtp_controller


def parse_bind(bind: str) -> tuple[str, int]:
    host, colon, port = bind.rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--bind wants HOST:PORT, not {bind!r}")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Receive candidates' e-mail replies by SMTP (an aiosmtpd server), until stopped."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind",
            default=settings.OUTHIRE_MAIL_IN_BIND,
            help="HOST:PORT to listen on (default OUTHIRE_MAIL_IN_BIND, %(default)s)",
        )

    def handle(self, *args, **options) -> None:
        if not addresses.enabled():
            raise CommandError("Set OUTHIRE_REPLY_DOMAIN first: the domain replies are sent to.")
        host, port = parse_bind(options["bind"])
        controller = smtp_controller(host, port)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        controller.start()
        self.stdout.write(
            f"Receiving mail for @{settings.OUTHIRE_REPLY_DOMAIN} on {host}:{port} "
            f"(at most {settings.OUTHIRE_MAIL_MAX_MB} MB a message)"
        )
        try:
            stop.wait()
        finally:
            controller.stop()
        self.stdout.write("Stopped.")
