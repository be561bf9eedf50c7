"""Reading inbound e-mail (no database): signed addresses, auto-replies, bounces, hostile MIME."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import pytest

from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.mailparse import (
    MAX_DEPTH,
    MailError,
    header_recipients,
    parse,
    strip_quoted,
)


@pytest.fixture
def reply_domain(settings):
    settings.OUTHIRE_REPLY_DOMAIN = "replies.outhire.test"
    settings.OUTHIRE_REPLY_LOCAL_PART = "reply"
    return settings


def _mail(body: str = "Thanks, Tuesday works.", **headers) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Ada Doe <ada@mail.test>")
    message["To"] = headers.pop("To", "reply+a1-0123456789abcdef@replies.outhire.test")
    message["Subject"] = headers.pop("Subject", "Re: Robotics Engineer")
    message["Message-ID"] = headers.pop("Message_ID", "<one@mail.test>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


# --- Addresses -----------------------------------------------------------------------------------


def test_it_signs_and_reads_back_reply_and_bounce_addresses(reply_domain):
    reply = addresses.reply_address(42)
    assert reply.startswith("reply+a42-") and reply.endswith("@replies.outhire.test")
    assert reply == reply.lower()
    assert addresses.parse(reply) == addresses.Recipient("a", 42)
    assert addresses.parse(reply.upper()) == addresses.Recipient("a", 42)
    assert addresses.parse(f"<{addresses.bounce_address(7)}>") == addresses.Recipient("b", 7)


def test_it_refuses_forged_unsigned_and_foreign_addresses(reply_domain):
    reply = addresses.reply_address(42)
    local, _, domain = reply.partition("@")
    forged = local[:-1] + ("0" if local[-1] != "0" else "1") + "@" + domain
    other_id = reply.replace("+a42-", "+a43-")
    for address in [
        forged,
        other_id,
        "reply+a42@replies.outhire.test",
        reply.replace("replies.outhire.test", "evil.test"),
        reply.replace("reply+", "other+"),
        "reply+a42-zz@replies.outhire.test",
        "not an address",
        "",
        "x" * 300 + "@replies.outhire.test",
    ]:
        assert addresses.parse(address) is None, address
    assert addresses.is_ours("anyone@replies.outhire.test")
    assert not addresses.is_ours("anyone@evil.test")


def test_addresses_signed_with_a_former_key_still_work_while_it_rotates(reply_domain, settings):
    old = addresses.reply_address(5)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-the-rotation-test-0123456789"
    assert addresses.parse(old) == addresses.Recipient("a", 5)
    assert addresses.reply_address(5) != old
    settings.SECRET_KEY_FALLBACKS = []
    assert addresses.parse(old) is None


def test_nothing_is_ours_without_a_reply_domain(settings):
    settings.OUTHIRE_REPLY_DOMAIN = ""
    assert not addresses.enabled()
    assert addresses.parse("reply+a1-0123456789abcdef@") is None


# --- Text, quotes, attachments -------------------------------------------------------------------


def test_it_reads_the_text_and_strips_the_quoted_message():
    body = (
        "Thanks, Tuesday works.\n\nAda\n\n"
        "On Mon, 1 Dec 2026 at 09:00, Rita Recruiter <x@y.test>\nwrote:\n"
        "> Could we talk on Tuesday?\n"
    )
    parsed = parse(bytes(_mail(body)))
    assert parsed.message_id == "one@mail.test"
    assert parsed.from_address == "ada@mail.test" and parsed.from_name == "Ada Doe"
    assert parsed.subject == "Re: Robotics Engineer"
    assert "Could we talk" in parsed.text
    assert parsed.excerpt == "Thanks, Tuesday works.\n\nAda"
    assert not parsed.auto_reply and parsed.bounce is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yes.\n\n-----Original Message-----\nFrom: Rita\n", "Yes."),
        ("Oui.\n\nLe lun. 1 déc. 2026, Rita a écrit :\n> Bonjour\n", "Oui."),
        ("Ja.\n\nAm 01.12.2026 um 09:00 schrieb Rita <r@x.test>:\n", "Ja."),
        ("Sure.\n-- \nAda Doe\n+1 555\n", "Sure."),
        ("> only quoted\n", "> only quoted"),
        ("Fine.\n\nFrom: Rita Recruiter\nSent: Monday\n", "Fine."),
    ],
)
def test_it_strips_quotes_of_common_mail_programs(text, expected):
    assert strip_quoted(text) == expected


def test_an_html_only_mail_is_read_as_text_without_markup():
    message = _mail()
    message.clear_content()
    message.set_content(
        "<p>Hello <b>there</b></p><script>alert(1)</script><img src=x onerror=alert(2)>",
        subtype="html",
    )
    parsed = parse(bytes(message))
    assert "Hello there" in parsed.text
    assert "<" not in parsed.text and "alert" not in parsed.text


def test_it_keeps_attachments_up_to_the_limit():
    message = _mail()
    for n in range(4):
        message.add_attachment(
            f"file {n}".encode(), maintype="application", subtype="pdf", filename=f"cv{n}.pdf"
        )
    parsed = parse(bytes(message), max_attachments=3)
    assert [a.filename for a in parsed.attachments] == ["cv0.pdf", "cv1.pdf", "cv2.pdf"]
    assert parsed.attachments[0].data == b"file 0"
    assert parsed.skipped == ["cv3.pdf"]


def test_weird_and_lying_charsets_are_read_with_replacements():
    raw = (
        b"From: a@mail.test\r\nTo: b@mail.test\r\nSubject: =?x-unknown?q?Hi?=\r\n"
        b"Message-ID: <c@mail.test>\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n"
        b"\r\ncaf\xe9 \xff\xfe ok\r\n"
    )
    parsed = parse(raw)
    assert "ok" in parsed.text and "caf" in parsed.text
    raw_utf7 = raw.replace(b"x-no-such-charset", b"utf-7")
    assert "ok" in parse(raw_utf7).text


def test_header_recipients_name_the_delivery_addresses():
    message = _mail(Delivered_To="reply+a9-abc@replies.outhire.test", Cc="Bob <bob@x.test>")
    found = header_recipients(bytes(message))
    assert found[0] == "reply+a9-abc@replies.outhire.test"
    assert "bob@x.test" in found
    assert header_recipients(b"\xff\xfe garbage") == []


# --- Machines: auto-replies and bounces ----------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"X_Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"X_Auto_Response_Suppress": "All"},
        {"Subject": "Automatic reply: Robotics Engineer"},
        {"Subject": "Out of Office: back on Monday"},
    ],
)
def test_it_recognises_automatic_replies(headers):
    assert parse(bytes(_mail(**headers))).auto_reply


def test_a_person_s_reply_is_not_automatic():
    assert not parse(bytes(_mail(Auto_Submitted="no", Subject="Re: automatic test"))).auto_reply


def dsn(recipient: str = "ada@mail.test", action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        "From: MAILER-DAEMON@mx.mail.test (Mail Delivery System)\r\n"
        "To: reply+b3-0123456789abcdef@replies.outhire.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce1@mx.mail.test>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
        "\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.mail.test\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <ada@mail.test>: User unknown\r\n"
        "\r\n--B\r\nContent-Type: message/rfc822\r\n\r\n"
        "From: Acme <jobs@acme.test>\r\nSubject: Your application\r\n\r\nOriginal text\r\n"
        "\r\n--B--\r\n"
    ).encode()


def test_it_reads_a_delivery_status_notification():
    parsed = parse(dsn())
    bounce = parsed.bounce
    assert bounce is not None and bounce.is_failure
    assert bounce.recipient == "ada@mail.test"
    assert bounce.status == "5.1.1" and "User unknown" in bounce.diagnostic
    assert "Original text" not in parsed.text  # the attached original is not the body


def test_a_delay_report_is_not_a_failure():
    assert not parse(dsn(action="delayed", status="4.4.1")).bounce.is_failure


# --- Hostile input -------------------------------------------------------------------------------


def test_it_refuses_empty_and_deeply_nested_mail():
    with pytest.raises(MailError):
        parse(b"")
    with pytest.raises(MailError):
        parse(b"   \r\n ")
    depth = 2000
    head = b"From: a@x.test\r\nMessage-ID: <deep@x.test>\r\n"
    parts = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(depth)
    )
    with pytest.raises(MailError):
        parse(head + parts + b"Content-Type: text/plain\r\n\r\nx\r\n")
    shallow = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(MAX_DEPTH + 2)
    )
    with pytest.raises(MailError):
        parse(head + shallow + b"Content-Type: text/plain\r\n\r\nx\r\n")


def test_malformed_mime_and_headers_do_not_break_the_reader():
    raw = (
        b'From: "unterminated <@@@>\r\nTo: ,,,;;<>\r\nSubject: =?utf-8?b?!!!notbase64?=\r\n'
        b"Content-Type: multipart/mixed; boundary=\r\nContent-Transfer-Encoding: base64\r\n"
        b"\r\n--\r\n\x00\x01\x02 garbage ==== \r\n"
    )
    parsed = parse(raw)
    assert parsed.message_id == ""
    assert isinstance(parsed.text, str)


def test_a_zip_bomb_attachment_is_only_bytes_here():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))
    message = _mail()
    message.add_attachment(
        buffer.getvalue(), maintype="application", subtype="zip", filename="cv.docx"
    )
    parsed = parse(bytes(message))
    # Not unpacked here: the bounded document checks refuse it when it is stored.
    assert parsed.attachments[0].data == buffer.getvalue()
