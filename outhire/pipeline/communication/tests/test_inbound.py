"""Replies and bounces threaded onto applications (`inbound.receive`), and the pages showing
them."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import pytest
from django.core import mail
from django.urls import reverse

from outhire.accounts.models import Notification
from outhire.candidates.models import ContactPoint, Document, TimelineEvent
from outhire.candidates.services import candidate_create
from outhire.lib.scopes import unscoped
from outhire.pipeline import services
from outhire.pipeline.communication import addresses, messaging
from outhire.pipeline.communication.inbound import receive
from outhire.pipeline.communication.tests.test_mailparse import dsn
from outhire.pipeline.models import Message, SenderIdentity
from outhire.testing import login
from outhire.webhooks.models import Delivery, Endpoint


@pytest.fixture(autouse=True)
def reply_domain(settings):
    settings.OUTHIRE_REPLY_DOMAIN = "replies.outhire.test"
    settings.OUTHIRE_REPLY_LOCAL_PART = "reply"
    settings.OUTHIRE_READ_ISOLATED = False


@pytest.fixture
def application(requisition, rita):
    candidate = candidate_create(
        by=rita, first_name="Ada", last_name="Doe", emails=["ada@mail.test"]
    )
    application = services.application_create(requisition=requisition, candidate=candidate, by=rita)
    application.owner = rita
    application.save(update_fields=["owner"])
    return application


@pytest.fixture
def sent(application, rita, django_capture_on_commit_callbacks):
    """An e-mail sent to the candidate (eagerly, to Django's test outbox)."""
    with django_capture_on_commit_callbacks(execute=True):
        message = messaging.message_custom(application=application, body="Could we talk?", by=rita)
    message.refresh_from_db()
    return message


def reply(
    application, body="Tuesday works.\n\nOn Mon, Rita wrote:\n> Could we talk?", **headers
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Ada Doe <ada@mail.test>"
    message["To"] = addresses.reply_address(application.pk)
    message["Subject"] = headers.pop("Subject", "Re: Your application")
    message["Message-ID"] = headers.pop("Message_ID", "<reply-1@mail.test>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def deliver(message: EmailMessage, application=None) -> object:
    to = [addresses.reply_address(application.pk)] if application else [message["To"]]
    return receive(raw=bytes(message), recipients=to)


def test_messages_go_out_from_the_client_with_signed_reply_and_bounce_addresses(
    sent, acme, django_capture_on_commit_callbacks
):
    [email] = mail.outbox
    assert email.reply_to == [addresses.reply_address(sent.application_id)]
    assert email.from_email == addresses.bounce_address(sent.pk)  # the envelope sender
    assert email.extra_headers["From"] == f"{acme.name} <no-reply@outhire.localhost>"
    SenderIdentity.objects.create(
        client=acme,
        from_name="Acme Careers",
        from_address="jobs@acme.test",
        reply_to=SenderIdentity.ReplyTo.ADDRESS,
        reply_to_address="talent@acme.test",
    )
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_custom(application=sent.application, body="Again", by=None)
    email = mail.outbox[-1]
    assert email.extra_headers["From"] == "Acme Careers <jobs@acme.test>"
    assert email.reply_to == ["talent@acme.test"]
    assert "From: Acme Careers <jobs@acme.test>" in email.message().as_string()


def test_without_a_reply_domain_messages_go_out_as_before(
    settings, application, rita, django_capture_on_commit_callbacks
):
    settings.OUTHIRE_REPLY_DOMAIN = ""
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_custom(application=application, body="Hi", by=rita)
    [email] = mail.outbox
    assert email.reply_to == [] and email.from_email == "no-reply@outhire.localhost"


def test_a_reply_lands_on_the_application_timeline_and_tells_the_owner(
    application, sent, rita, no_scope
):
    outcome = deliver(reply(application))  # outside any tenant scope, as the receivers run
    assert outcome.status == "stored"
    with unscoped():
        _check_stored(outcome, application, rita)


def _check_stored(outcome, application, rita) -> None:
    message = Message.objects.get(pk=outcome.message_id)
    assert message.direction == "inbound" and message.status == "received"
    assert message.excerpt == "Tuesday works."
    assert "> Could we talk?" in message.body
    assert message.from_address == "ada@mail.test"
    assert message.message_id == "reply-1@mail.test"
    event = TimelineEvent.objects.get(candidate=application.candidate, data__message_id=message.pk)
    assert event.summary.startswith("Reply received: “Re: Your application”")
    assert event.client_id == application.client_id
    [note] = Notification.objects.filter(user=rita, kind="candidate_replied")
    assert note.url == reverse("pipeline:application_messages", args=[application.pk])
    assert "Ada" not in note.text  # the requisition is named, never the candidate


def test_the_same_e_mail_twice_is_stored_once(application, sent):
    assert deliver(reply(application)).status == "stored"
    assert deliver(reply(application)).status == "duplicate"
    no_id = reply(application)
    del no_id["Message-ID"]
    assert deliver(no_id).status == "stored"
    assert deliver(no_id).status == "duplicate"
    assert Message.objects.filter(direction="inbound").count() == 2


def test_an_automatic_reply_is_kept_quietly(application, sent, rita):
    outcome = deliver(reply(application, Auto_Submitted="auto-replied", Subject="Out of office"))
    assert outcome.status == "auto_reply"
    assert Message.objects.get(pk=outcome.message_id).get_status_display() == "Automatic reply"
    assert not Notification.objects.filter(kind="candidate_replied").exists()


def test_forged_and_foreign_recipients_reach_nothing(application, sent, caplog):
    forged = addresses.reply_address(application.pk)[:-20] + "0" * 16 + "@replies.outhire.test"
    message = reply(application)
    assert receive(raw=bytes(message), recipients=[forged]).status == "refused"
    assert receive(raw=bytes(message), recipients=["x@evil.test"]).status == "refused"
    assert not Message.objects.filter(direction="inbound").exists()
    assert "ada@mail.test" not in caplog.text and "Your application" not in caplog.text


def test_mail_for_a_deleted_application_is_dropped(application, sent):
    message = reply(application)
    recipient = addresses.reply_address(application.pk + 1000)
    assert receive(raw=bytes(message), recipients=[recipient]).status == "ignored"


def test_too_large_and_unreadable_mail(settings, application, sent):
    settings.OUTHIRE_MAIL_MAX_MB = 1
    big = reply(application, body="x" * (1024 * 1024 + 10))
    assert deliver(big, application).status == "too_large"
    assert receive(raw=b"", recipients=[addresses.reply_address(application.pk)]).accepted


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (120 * 1024 * 1024))
    return buffer.getvalue()


def test_attachments_go_through_the_bounded_document_checks(application, sent):
    message = reply(application)
    message.add_attachment(
        b"Ada Doe\nRobotics engineer, ROS, C++\n",
        maintype="text",
        subtype="plain",
        filename="cv.txt",
    )
    message.add_attachment(b"MZ\x90\x00" + b"\x00" * 200, maintype="application",
                           subtype="octet-stream", filename="run-me.exe")  # fmt: skip
    message.add_attachment(_zip_bomb(), maintype="application", subtype="zip", filename="bomb.docx")
    outcome = deliver(message)
    stored = Message.objects.get(pk=outcome.message_id)
    [document] = stored.documents.all()
    assert document.candidate_id == application.candidate_id
    assert document.original_name == "cv.txt" and "ROS" in document.text
    refused = {r["name"]: r["reason"] for r in stored.attachments_refused}
    assert set(refused) == {"run-me.exe", "bomb.docx"}
    assert all(reason for reason in refused.values())
    assert Document.objects.filter(candidate=application.candidate).count() == 1
    # The same attachment again (another e-mail) links the document already held.
    again = reply(application, Message_ID="<reply-2@mail.test>")
    again.add_attachment(b"Ada Doe\nRobotics engineer, ROS, C++\n", maintype="text",
                         subtype="plain", filename="cv-again.txt")  # fmt: skip
    second = Message.objects.get(pk=deliver(again).message_id)
    assert list(second.documents.all()) == [document]


def test_a_bounce_marks_the_message_and_flags_the_address(client, application, sent, rita):
    bounce_to = addresses.bounce_address(sent.pk)
    outcome = receive(raw=dsn(), recipients=[bounce_to])
    assert outcome.status == "bounced"
    sent.refresh_from_db()
    assert sent.status == "bounced" and "5.1.1" in sent.error
    point = ContactPoint.objects.get(candidate=application.candidate, kind="email")
    assert point.bounced_at is not None and "User unknown" in point.bounce_reason
    assert receive(raw=dsn(), recipients=[bounce_to]).status == "duplicate"
    assert receive(raw=dsn(action="delayed"), recipients=[bounce_to]).status == "ignored"
    login(client, rita)
    page = client.get(reverse("candidates:candidate_detail", args=[application.candidate_id]))
    assert "bounced" in page.content.decode()
    messages_page = client.get(reverse("pipeline:application_messages", args=[application.pk]))
    assert "Bounced" in messages_page.content.decode()


def test_a_report_sent_to_the_reply_address_bounces_the_last_message(application, sent):
    outcome = receive(raw=dsn(), recipients=[addresses.reply_address(application.pk)])
    assert outcome.status == "bounced" and outcome.message_id == sent.pk


def test_a_vacation_answer_to_the_bounce_address_is_not_a_bounce(application, sent):
    message = reply(application, Auto_Submitted="auto-replied")
    outcome = receive(raw=bytes(message), recipients=[addresses.bounce_address(sent.pk)])
    assert outcome.status == "ignored"
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_a_reply_is_sent_to_the_client_s_webhooks(application, sent, acme):
    Endpoint.objects.create(
        client=acme, url="https://hooks.acme.test/x", secret="s", events=["message.received"]
    )
    outcome = deliver(reply(application))
    [delivery] = Delivery.objects.filter(event="message.received")
    assert f'"message_id":{outcome.message_id}' in delivery.body
    assert "ada@mail.test" not in delivery.body


def test_the_messages_page_shows_replies_escaped_in_constant_queries(
    client, application, sent, rita, django_assert_num_queries, django_assert_max_num_queries
):
    login(client, rita)
    url = reverse("pipeline:application_messages", args=[application.pk])

    def add(n: int) -> None:
        message = reply(
            application,
            body=f"<script>alert({n})</script> reply {n}",
            Message_ID=f"<r{n}@mail.test>",
        )
        message.add_attachment(f"Notes {n}\n".encode(), maintype="text", subtype="plain",
                               filename=f"notes{n}.txt")  # fmt: skip
        deliver(message)

    add(0)
    client.get(url)
    with django_assert_max_num_queries(60) as one:
        body = client.get(url).content.decode()
    assert "&lt;script&gt;alert(0)&lt;/script&gt; reply 0" in body
    assert "<script>alert(0)" not in body
    assert "notes0.txt" in body
    for n in range(1, 5):
        add(n)
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert "notes4.txt" in body and "ada@mail.test" in body


def test_a_client_admin_sets_the_sender_identity(client, acme, carla, settings):
    settings.OUTHIRE_MAIL_FROM_DOMAINS = ["acme.test"]
    login(client, carla)
    url = reverse("pipeline:sender_identity", args=[acme.slug])
    page = client.get(url).content.decode()
    assert "reply+a&lt;application&gt;-&lt;signature&gt;@replies.outhire.test" in page
    bad = client.post(url, {"from_name": "Acme <x>", "from_address": "jobs@evil.test",
                            "reply_to": "address", "reply_to_address": ""})  # fmt: skip
    text = bad.content.decode()
    assert bad.status_code == 200 and "error-summary" in text
    assert "may only send from acme.test" in text and "Give the address" in text
    assert not SenderIdentity.objects.exists()
    ok = client.post(url, {"from_name": "Acme Careers", "from_address": "jobs@acme.test",
                           "reply_to": "outhire", "reply_to_address": ""})  # fmt: skip
    assert ok.status_code == 302
    identity = SenderIdentity.objects.get(client=acme)
    assert identity.from_address == "jobs@acme.test" and identity.updated_by == carla
    assert "Acme Careers &lt;jobs@acme.test&gt;" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["rita", "hank", "gina"])
def test_others_may_not_change_the_sender_identity(client, acme, persona, request):
    login(client, request.getfixturevalue(persona))
    url = reverse("pipeline:sender_identity", args=[acme.slug])
    assert client.get(url).status_code in {403, 404}
    assert client.post(url, {"from_name": "X", "reply_to": "outhire"}).status_code in {403, 404}
    assert not SenderIdentity.objects.exists()


def test_the_api_lists_a_received_reply_with_its_attachments(
    client, application, sent, rita, token_for
):
    from outhire.testing import bearer

    message = reply(application)
    message.add_attachment(b"Notes\n", maintype="text", subtype="plain", filename="notes.txt")
    outcome = deliver(message)
    listed = client.get(
        f"/api/v1/applications/{application.pk}/messages", headers=bearer(token_for(rita))
    )
    assert listed.status_code == 200
    body = listed.json()
    items = body["items"] if isinstance(body, dict) else body
    [received] = [m for m in items if m["id"] == outcome.message_id]
    assert received["status"] == "received" and received["excerpt"] == "Tuesday works."
    assert received["from_address"] == "ada@mail.test"
    assert len(received["documents"]) == 1 and received["attachments_refused"] == []
