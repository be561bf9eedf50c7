"""Client A's received e-mail and sender identity for the isolation sweep
(outhire/tests/test_isolation_sweep.py): the messages page and the sender identity page must
show neither to an outsider. A message template's translation (its own URL names the template and
the language) must not show either."""

from __future__ import annotations

PARAMS = {"language": "message_template_language"}


def world(base: dict) -> dict:
    from outhire.pipeline.models import Message, SenderIdentity

    application = base["application"]
    Message.objects.create(
        client=application.client,
        application=application,
        direction=Message.Direction.INBOUND,
        status=Message.Status.RECEIVED,
        subject="Inbound subject marker 6614",
        body="Inbound body marker 6615",
        excerpt="Inbound body marker 6615",
        message_id="sweep-inbound@mail.test",
        from_address="inbound-marker-6616@mail.test",
        attachments_refused=[{"name": "refused-marker-6617.exe", "reason": "Not kept."}],
    )
    SenderIdentity.objects.create(
        client=base["client"],
        from_name="Sender marker 7781",
        from_address="sender-marker-7782@acme.test",
    )
    base["message_template"].translations.create(
        client=base["client"],
        language="de",
        subject="Translation subject marker 8841",
        body="Translation body marker 8842",
    )
    return {
        "message_template_language": "de",
        "markers": [
            "Translation subject marker 8841",
            "Translation body marker 8842",
            "Inbound subject marker 6614",
            "Inbound body marker 6615",
            "inbound-marker-6616",
            "refused-marker-6617",
            "Sender marker 7781",
            "sender-marker-7782",
        ],
    }
