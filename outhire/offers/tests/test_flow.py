"""The whole loop: offer -> approvals (with the above-band approver) -> sent -> the candidate
accepts by typing their name -> hired, opening and requisition filled, and the client's HR
system receives the signed hand-off at a real local HTTP endpoint."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core import mail

from outhire.accounts.models import AuditEvent
from outhire.offers.models import Hire, Offer, OfferApprovalRule, OfferSettings
from outhire.offers.signals import hire_created
from outhire.offers.tests.factories import at_offer_stage, open_requisition, terms
from outhire.testing import login
from outhire.webhooks.services import endpoint_create
from outhire.webhooks.tests.receiver import Receiver


def test_offer_to_hire_with_approvals_and_a_signed_handoff(
    client, acme, rita, hank, carla, alice, django_capture_on_commit_callbacks
):
    requisition = open_requisition(acme, rita, hank)
    application = at_offer_stage(requisition, rita)
    OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    OfferApprovalRule.objects.create(client=acme, position=2, approver=carla)
    OfferSettings.objects.create(client=acme, above_band_approver=alice, checkpoint_days=[30, 90])
    heard = []
    hire_created.connect(lambda sender, hire, **kw: heard.append(hire.pk), weak=False)

    with Receiver() as receiver:
        endpoint, secret = endpoint_create(
            client=acme,
            url=receiver.url,
            events=["handoff.created", "offer.accepted"],
            by=carla,
        )
        receiver.secret = secret

        # The recruiter drafts an offer above the band (85,000 > 80,000) and submits it.
        login(client, rita)
        form = {k: str(v) for k, v in terms(base_salary=Decimal("85000")).items()}
        response = client.post(f"/offers/new/{application.pk}/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
        offer = Offer.objects.get(application=application)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/offers/{offer.pk}/submit/").status_code == 302
        offer.refresh_from_db()
        assert offer.status == "pending_approval" and offer.above_band
        steps = list(offer.approvals.values_list("approver__email", "above_band"))
        assert steps == [
            ("hank@acme.test", False),
            ("carla@acme.test", False),
            ("alice@provider.test", True),
        ]
        # Hank was told it is his turn; Carla is refused while Hank has not decided.
        assert any("approval is needed" in m.subject for m in mail.outbox)
        login(client, carla)
        client.post(f"/offers/{offer.pk}/decide/", {"decision": "approve"})
        assert offer.approvals.filter(decision="approved").count() == 0
        for approver in (hank, carla, alice):
            login(client, approver)
            page = client.get(f"/offers/{offer.pk}/").content.decode()
            assert "Your decision" in page
            response = client.post(f"/offers/{offer.pk}/decide/", {"decision": "approve"})
            assert response.status_code == 302
        offer.refresh_from_db()
        assert offer.status == "approved"

        # Sent: the candidate gets the letter and a signed link.
        login(client, rita)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/offers/{offer.pk}/send/").status_code == 302
        (message,) = mail.outbox
        assert message.to == ["ada.lovelace@people.test"]
        assert message.attachments[0][1].startswith(b"%PDF")
        link = re.search(r"https?://\S+/offer/(\S+)/", message.body)
        token = link.group(1)

        # The candidate, not signed in, must type their own name.
        client.logout()
        page = client.get(f"/offer/{token}/")
        assert page.status_code == 200 and "Robotics Engineer" in page.content.decode()
        wrong = client.post(f"/offer/{token}/", {"action": "accept", "full_name": "Ada Byron"})
        assert wrong.status_code == 400
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/offer/{token}/",
                {"action": "accept", "full_name": "  ada   LOVELACE "},
                HTTP_USER_AGENT="Candidate Browser/1.0",
                REMOTE_ADDR="203.0.113.9",
            )
        assert response.status_code == 302
        assert "You accepted this offer" in client.get(f"/offer/{token}/").content.decode()

    offer.refresh_from_db()
    application.refresh_from_db()
    requisition.refresh_from_db()
    assert offer.status == "accepted" and offer.resolved_at
    assert offer.signed_name == "ada LOVELACE" and offer.response_ip == "203.0.113.9"
    assert offer.response_user_agent == "Candidate Browser/1.0"
    assert application.status == "hired" and application.stage.kind == "hired"
    assert requisition.status == "filled"
    assert requisition.opening_set.get().filled_by_id == application.pk
    hire = Hire.objects.get(application=application)
    assert hire.base_salary == Decimal("85000") and hire.offer_id == offer.pk
    assert sorted(hire.reviews.values_list("day", flat=True)) == [30, 90]
    assert heard == [hire.pk]
    assert AuditEvent.objects.filter(action="offer.accepted", object_id=str(offer.pk)).exists()

    # The HR system got the hand-off and the acceptance, each signed with the secret.
    events = [r["headers"]["x-outhire-event"] for r in receiver.requests]
    assert sorted(events) == ["handoff.created", "offer.accepted"]
    assert all(r["valid"] for r in receiver.requests)
    handoff = next(r["body"] for r in receiver.requests if r["body"]["event"] == "handoff.created")
    person = handoff["data"]["person"]
    assert person["full_name"] == "Ada Lovelace" and person["email"] == "ada.lovelace@people.test"
    assert handoff["data"]["job"]["title"] == "Robotics Engineer"
    assert handoff["data"]["pay"]["base_salary"] == "85000.00"
    assert handoff["data"]["manager"]["email"] == "hank@acme.test"
    assert endpoint.deliveries.filter(status="succeeded").count() == 2
