"""The two ways inbound e-mail reaches `inbound.receive`: an SMTP server and an IMAP mailbox.

- `SMTPHandler` for aiosmtpd (Apache-2.0): `outhire mail-in` listens on OUTHIRE_MAIL_IN_BIND
  behind the MX (or a relay that forwards the reply domain to it). It accepts RCPT only for a
  signed address at the reply domain (550 for anything else, so it relays nothing and tells a
  forger nothing), refuses a message over OUTHIRE_MAIL_MAX_MB (552, by aiosmtpd's size limit),
  and answers 451 (try again later) when storing fails, so the sending server retries.
- `imap_poll`: `outhire mail-poll` reads the unseen messages of a mailbox (stdlib imaplib, TLS
  unless told otherwise), hands each to `receive` with the addresses of its delivery headers,
  and marks it seen once handled; one that failed to store stays unseen for the next run. Reading
  a message twice stores it once (its Message-ID is unique per application).
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
import re
from dataclasses import dataclass, field

from django.db import close_old_connections

from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.inbound import Outcome, max_bytes, receive
from outhire.pipeline.communication.mailparse import header_recipients

logger = logging.getLogger(__name__)


def _receive_in_thread(raw: bytes, recipients: list[str]) -> Outcome:
    # A long-running process: drop a database connection the server closed meanwhile.
    close_old_connections()
    try:
        return receive(raw=raw, recipients=recipients)
    finally:
        close_old_connections()


class SMTPHandler:
    """aiosmtpd handler; the database work runs in a thread of the default executor."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if not addresses.is_ours(address):
            return "550 5.7.1 Relaying denied"
        if addresses.parse(address) is None:
            return "550 5.1.1 No such recipient"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="replace")
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(
                None, _receive_in_thread, raw, list(envelope.rcpt_tos)
            )
        except Exception as error:  # noqa: BLE001 - the sender must retry, not lose the mail
            logger.error(
                "inbound e-mail not stored (%s): asking the sender to retry", type(error).__name__
            )
            return "451 4.3.0 Temporary failure, try again later"
        if outcome.status == "too_large":
            return "552 5.3.4 Message too big"
        if outcome.status == "refused":
            return "550 5.1.1 No such recipient"
        return "250 2.0.0 OK"


def smtp_controller(host: str, port: int):
    """An aiosmtpd Controller for the receiver on `host:port` (start() and stop() it)."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs every sender and recipient address at INFO: personal data stays out of
    # the logs (our own lines name ids and outcomes).
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    return Controller(
        SMTPHandler(),
        hostname=host,
        port=port,
        data_size_limit=max_bytes(),
        decode_data=False,
        enable_SMTPUTF8=True,
    )


@dataclass
class PollReport:
    read: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failed: int = 0

    def count(self, status: str) -> None:
        self.outcomes[status] = self.outcomes.get(status, 0) + 1


_SIZE_RE = re.compile(rb"RFC822\.SIZE (\d+)")


def imap_poll(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    folder: str = "INBOX",
    tls: bool = True,
    limit: int = 500,
    timeout: float = 30.0,
) -> PollReport:
    """Hand every unseen message of `folder` to `receive`; see the module's docstring."""
    report = PollReport()
    connect = imaplib.IMAP4_SSL if tls else imaplib.IMAP4
    with connect(host, port, timeout=timeout) as imap:
        imap.login(user, password)
        status, _ = imap.select(_quoted(folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open the folder {folder!r}")
        status, data = imap.uid("SEARCH", None, "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids[:limit]:
            report.read += 1
            status, data = imap.uid("FETCH", uid, "(RFC822.SIZE)")
            size = _SIZE_RE.search(data[0] or b"") if status == "OK" and data else None
            if size is None:
                report.failed += 1
                continue
            if int(size[1]) > max_bytes():
                logger.info("mailbox message %s is over the size limit: marked seen", uid.decode())
                report.count("too_large")
                imap.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
                continue
            status, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in data or [] if isinstance(part, tuple)), None)
            if status != "OK" or raw is None:
                report.failed += 1
                continue
            try:
                outcome = receive(raw=raw, recipients=header_recipients(raw))
            except Exception as error:  # noqa: BLE001 - left unseen for the next run
                logger.error(
                    "mailbox message %s not stored (%s)", uid.decode(), type(error).__name__
                )
                report.failed += 1
                continue
            report.count(outcome.status)
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    return report


def _quoted(folder: str) -> str:
    """A folder name as an IMAP quoted string."""
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
