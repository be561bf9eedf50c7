"""End to end: a real SMTP client against the running `mail-in` receiver (aiosmtpd), and a real
IMAP server (Debian's Dovecot, started here as its own process) read by `mail-poll`.

The receivers store from their own threads and connections, so these tests commit their data
(transactional). The Dovecot test is skipped, with the reason, only where the `dovecot` binary
is missing; .ci/run installs it (Debian's dovecot-imapd) so CI always runs it.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.receivers import smtp_controller
from outhire.pipeline.communication.tests.test_mailparse import dsn
from outhire.pipeline.models import Message
from outhire.testing import login

pytestmark = pytest.mark.django_db(transaction=True)

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)


@pytest.fixture(autouse=True)
def reply_domain(settings):
    settings.OUTHIRE_REPLY_DOMAIN = "replies.outhire.test"
    settings.OUTHIRE_REPLY_LOCAL_PART = "reply"


@pytest.fixture
def application(requisition, rita):
    candidate = candidate_create(
        by=rita, first_name="Ada", last_name="Doe", emails=["ada@mail.test"]
    )
    return services.application_create(requisition=requisition, candidate=candidate, by=rita)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receiver(settings) -> Iterator[int]:
    settings.OUTHIRE_MAIL_MAX_MB = 1
    port = free_port()
    controller = smtp_controller("127.0.0.1", port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def a_reply(
    application, *, message_id: str, body: str = "Yes, Tuesday at 10 works for me."
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ada Doe <ada@mail.test>"
    message["To"] = addresses.reply_address(application.pk)
    message["Subject"] = "Re: Robotics Engineer"
    message["Message-ID"] = f"<{message_id}@mail.test>"
    message.set_content(body + "\n\nOn Mon, Rita Recruiter wrote:\n> Could we talk?\n")
    message.add_attachment(
        b"Ada Doe\nPortfolio: robots\n", maintype="text", subtype="plain", filename="portfolio.txt"
    )
    return message


def test_a_reply_sent_by_smtp_shows_on_the_application_page(client, receiver, application, rita):
    to = addresses.reply_address(application.pk)
    with smtplib.SMTP("127.0.0.1", receiver, timeout=30) as smtp:
        refused = smtp.send_message(
            a_reply(application, message_id="smtp-1"), "ada@mail.test", [to]
        )
        assert refused == {}
        # The sending server retries (it never heard our answer): stored once.
        smtp.send_message(a_reply(application, message_id="smtp-1"), "ada@mail.test", [to])
    [message] = Message.objects.filter(application=application, direction="inbound")
    assert message.status == "received" and message.excerpt == "Yes, Tuesday at 10 works for me."
    assert [d.original_name for d in message.documents.all()] == ["portfolio.txt"]
    login(client, rita)
    page = client.get(reverse("pipeline:application_messages", args=[application.pk]))
    text = page.content.decode()
    assert "Yes, Tuesday at 10 works for me." in text and "portfolio.txt" in text


def test_the_receiver_refuses_forged_foreign_and_oversized_mail(receiver, application):
    forged = addresses.reply_address(application.pk).replace("+a", "+a9")
    with smtplib.SMTP("127.0.0.1", receiver, timeout=30) as smtp:
        smtp.ehlo()
        assert smtp.mail("ada@mail.test")[0] == 250
        assert smtp.rcpt(forged)[0] == 550
        assert smtp.rcpt("someone@elsewhere.test")[0] == 550  # no relaying
        smtp.rset()
        big = a_reply(application, message_id="big", body="x" * (1024 * 1024 + 100))
        with pytest.raises(smtplib.SMTPException) as error:
            smtp.send_message(big, "ada@mail.test", [addresses.reply_address(application.pk)])
        assert "552" in str(error.value) or getattr(error.value, "smtp_code", 0) == 552
    assert not Message.objects.filter(direction="inbound").exists()


def test_a_bounce_by_smtp_marks_the_message(receiver, application, rita):
    sent = Message.objects.create(
        client=application.client, application=application, direction="outbound",
        status="sent", subject="Your application", body="Hi",
    )  # fmt: skip
    with smtplib.SMTP("127.0.0.1", receiver, timeout=30) as smtp:
        smtp.sendmail("", [addresses.bounce_address(sent.pk)], dsn())
    sent.refresh_from_db()
    assert sent.status == "bounced"


# --- IMAP: a real Dovecot ---------------------------------------------------------------------


DOVECOT_CONF = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = 0
  }}
}}
"""


@pytest.fixture
def dovecot() -> Iterator[dict]:
    """Dovecot on a free loopback port, plain IMAP with a passwd-file user, mail in a temporary
    directory; stopped and removed afterwards."""
    if DOVECOT is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Dovecot: .ci/run installs dovecot-imapd")
        pytest.skip("Dovecot is not installed here (apt-get install dovecot-imapd; CI has it)")
    root = Path(tempfile.mkdtemp(prefix="outhire-dovecot-"))
    root.chmod(0o755)
    if os.getuid() == 0:
        # Dovecot does not give mail to root: the mailbox belongs to `nobody`.
        user = pwd.getpwnam("nobody")
        uid, gid = user.pw_uid, user.pw_gid
        login_user = "dovenull" if _user_exists("dovenull") else "nobody"
        internal_user, internal_group = "dovecot", "dovecot"
        if not _user_exists("dovecot"):
            internal_user, internal_group = "nobody", grp.getgrgid(gid).gr_name
    else:
        uid, gid = os.getuid(), os.getgid()
        login_user = internal_user = pwd.getpwuid(uid).pw_name
        internal_group = grp.getgrgid(gid).gr_name
    for sub in ("mail", "home"):
        (root / sub).mkdir()
        os.chown(root / sub, uid, gid)
    (root / "passwd").write_text("replies:{PLAIN}mailbox-secret\n")
    port = free_port()
    conf = root / "dovecot.conf"
    conf.write_text(
        DOVECOT_CONF.format(
            root=root,
            port=port,
            uid=uid,
            gid=gid,
            login_user=login_user,
            internal_user=internal_user,
            internal_group=internal_group,
        )  # fmt: skip
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (root / "dovecot.log").read_text()
                        if (root / "dovecot.log").exists()
                        else ""
                    )
                    raise RuntimeError(
                        f"Dovecot did not start: {process.stderr.read()!r} {log}"
                    ) from None
                time.sleep(0.1)
        yield {"host": "127.0.0.1", "port": port, "user": "replies", "password": "mailbox-secret"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_mail_poll_reads_replies_from_a_real_imap_mailbox(
    client, settings, dovecot, application, rita
):
    settings.OUTHIRE_IMAP_HOST = dovecot["host"]
    settings.OUTHIRE_IMAP_PORT = dovecot["port"]
    settings.OUTHIRE_IMAP_USER = dovecot["user"]
    settings.OUTHIRE_IMAP_PASSWORD = dovecot["password"]
    settings.OUTHIRE_IMAP_TLS = False
    imap = imaplib.IMAP4(dovecot["host"], dovecot["port"])
    imap.login(dovecot["user"], dovecot["password"])
    reply = a_reply(application, message_id="imap-1", body="Replying from my phone: yes.")
    reply["Delivered-To"] = addresses.reply_address(application.pk)
    imap.append("INBOX", None, None, bytes(reply))
    imap.append(
        "INBOX",
        None,
        None,
        b"From: spam@x.test\r\nTo: someone@else.test\r\nSubject: hi\r\n\r\nbuy\r\n",
    )
    call_command("mail-poll")
    [message] = Message.objects.filter(application=application, direction="inbound")
    assert message.excerpt == "Replying from my phone: yes."
    # Everything read is marked seen, so the next run reads nothing; a copy appended again
    # (a mailbox restored, the same mail twice) is stored once.
    imap.select("INBOX")
    assert imap.uid("SEARCH", None, "UNSEEN")[1] == [b""]
    imap.append("INBOX", None, None, bytes(reply))
    imap.logout()
    from outhire.pipeline.tasks import poll_reply_mailbox

    assert poll_reply_mailbox() == "1 read: 1 duplicate; 0 left"  # as Celery beat runs it
    assert Message.objects.filter(application=application, direction="inbound").count() == 1
    login(client, rita)
    page = client.get(reverse("pipeline:application_messages", args=[application.pk]))
    assert "Replying from my phone: yes." in page.content.decode()


def test_mail_poll_reports_a_wrong_password(settings, dovecot):
    from django.core.management.base import CommandError

    settings.OUTHIRE_IMAP_HOST = dovecot["host"]
    settings.OUTHIRE_IMAP_PORT = dovecot["port"]
    settings.OUTHIRE_IMAP_USER = dovecot["user"]
    settings.OUTHIRE_IMAP_PASSWORD = "wrong"
    settings.OUTHIRE_IMAP_TLS = False
    with pytest.raises(CommandError, match="could not be read"):
        call_command("mail-poll")


def test_the_same_e_mail_delivered_at_once_by_eight_connections_is_stored_once(application):
    """Two MX hosts or a retry racing the first try: the unique Message-ID holds on PostgreSQL
    (the later inserts wait for the first to commit, then fail and answer "duplicate")."""
    from outhire.pipeline.communication.inbound import receive
    from outhire.tests.test_concurrency import race

    raw = bytes(a_reply(application, message_id="race-1"))
    to = [addresses.reply_address(application.pk)]
    results = race(8, lambda n, _client: receive(raw=raw, recipients=to).status)
    assert sorted(results) == ["duplicate"] * 7 + ["stored"], results
    assert Message.objects.filter(application=application, direction="inbound").count() == 1


def test_the_commands_need_a_reply_domain_and_a_mailbox(settings):
    from django.core.management.base import CommandError

    from outhire.pipeline.management.commands import __name__ as package

    parse_bind = __import__(f"{package}.mail-in", fromlist=["parse_bind"]).parse_bind
    assert parse_bind("127.0.0.1:2525") == ("127.0.0.1", 2525)
    assert parse_bind("[::1]:25") == ("::1", 25)
    for bad in ("localhost", ":25", "host:0", "host:99999", "host:x"):
        with pytest.raises(CommandError):
            parse_bind(bad)
    settings.OUTHIRE_IMAP_HOST = ""
    with pytest.raises(CommandError, match="OUTHIRE_IMAP_HOST"):
        call_command("mail-poll")
    from outhire.pipeline.tasks import poll_reply_mailbox

    assert poll_reply_mailbox() == "no reply mailbox configured"
    settings.OUTHIRE_REPLY_DOMAIN = ""
    for command in ("mail-in", "mail-poll"):
        with pytest.raises(CommandError, match="OUTHIRE_REPLY_DOMAIN"):
            call_command(command)
