"""The shared chain on real rows: rounds on offers (as on requisitions), the above-band step,
turns, notifications, audit events and the one set-up view both kinds use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import resolve, reverse

from outhire.accounts.models import AuditEvent, Notification
from outhire.approvals import services as approvals
from outhire.approvals import views
from outhire.offers import services as offers
from outhire.offers.models import OfferApproval, OfferApprovalRule, OfferSettings
from outhire.offers.tests.factories import at_offer_stage, open_requisition, terms
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Approval, ApprovalRule
from outhire.testing import login


@pytest.fixture
def application(acme, rita, hank):
    return at_offer_stage(open_requisition(acme, rita, hank), rita)


@pytest.fixture
def offer_chain(acme, hank, carla):
    OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    OfferApprovalRule.objects.create(client=acme, position=2, approver=carla)


@pytest.fixture
def sent_back(application, offer_chain, rita, hank, carla):
    """An offer whose round 1 Hank approved and Carla sent back: a draft again."""
    offer = offers.offer_create(application=application, fields=terms(), by=rita)
    offers.offer_submit(offer=offer, by=rita)
    offers.offer_decide(offer=offer, by=hank, approve=True)
    offers.offer_decide(offer=offer, by=carla, approve=False, comment="Start later")
    return offer


def _steps(subject) -> list[tuple[int, int, str, str]]:
    """(round, position, approver's e-mail, decision) of every step, in order."""
    return [(s.round, s.position, s.approver.email, s.decision) for s in subject.approvals.all()]


def test_a_resubmitted_offer_starts_a_new_round_and_keeps_the_old_one(sent_back, rita, hank, carla):
    offer = sent_back
    assert offer.status == "draft"
    offers.offer_update(offer=offer, fields={"bonus": "none"}, by=rita)
    offers.offer_submit(offer=offer, by=rita)
    assert _steps(offer) == [
        (1, 1, hank.email, "approved"),
        (1, 2, carla.email, "rejected"),
        (2, 1, hank.email, "pending"),
        (2, 2, carla.email, "pending"),
    ]
    # Hank decided round 1, but round 2 asks him again first.
    assert approvals.chain_waiting_step(kind=offers.CHAIN, subject=offer).round == 2
    with pytest.raises(ValidationError, match="earlier approver"):
        offers.offer_decide(offer=offer, by=carla, approve=True)
    offers.offer_decide(offer=offer, by=hank, approve=True)
    offers.offer_decide(offer=offer, by=carla, approve=True)
    assert offer.status == "approved"
    assert OfferApproval.objects.get(round=1, position=2).comment == "Start later"


def test_a_send_back_drops_the_rest_of_its_round_only(application, offer_chain, rita, hank):
    offer = offers.offer_create(application=application, fields=terms(), by=rita)
    offers.offer_submit(offer=offer, by=rita)
    offers.offer_decide(offer=offer, by=hank, approve=False, comment="Too early")
    assert _steps(offer) == [(1, 1, hank.email, "rejected")]


def test_the_above_band_step_is_asked_in_every_round(application, offer_chain, acme, rita, alice):
    OfferSettings.objects.create(client=acme, above_band_approver=alice, checkpoint_days=[30])
    offer = offers.offer_create(
        application=application, fields=terms(base_salary=Decimal("90000")), by=rita
    )
    offers.offer_submit(offer=offer, by=rita)
    for step in offer.approvals.all():
        offers.offer_decide(
            offer=offer,
            by=step.approver,
            approve=not step.above_band,
            comment="" if not step.above_band else "Too far above the band",
        )
    assert offer.status == "draft"
    offers.offer_submit(offer=offer, by=rita)
    second = list(offer.approvals.filter(round=2))
    assert [(s.approver_id, s.above_band) for s in second][-1] == (alice.pk, True)
    assert [s.above_band for s in second[:-1]] == [False, False]
    sent_back = AuditEvent.objects.get(action="offer.sent_back")
    assert sent_back.changes == {"round": 1, "step": 3, "above_band": True}


def test_an_approver_taken_out_of_the_chain_is_not_asked_in_the_next_round(
    sent_back, rita, hank, carla
):
    offer = sent_back
    approvals.chain_rule_remove(rule=OfferApprovalRule.objects.get(approver=hank), by=carla)
    offers.offer_submit(offer=offer, by=rita)
    assert [(s.round, s.approver_id) for s in offer.approvals.filter(round=2)] == [(2, carla.pk)]
    with pytest.raises(PermissionDenied):
        offers.offer_decide(offer=offer, by=hank, approve=True)
    offers.offer_decide(offer=offer, by=carla, approve=True)
    assert offer.status == "approved"


def test_the_inbox_counts_turns_within_the_current_round(sent_back, rita, hank, carla):
    offers.offer_submit(offer=sent_back, by=rita)
    waits = {s.approver_id: s.waits for s in OfferApproval.objects.awaiting(carla)}
    assert waits == {carla.pk: True}  # Hank's step of round 2 comes first
    assert [s.waits for s in OfferApproval.objects.awaiting(hank)] == [False]


def test_each_approver_is_told_when_their_step_comes_up_in_each_round(
    application, offer_chain, rita, hank, carla
):
    asked = Notification.objects.filter(kind="approval_requested")
    offer = offers.offer_create(application=application, fields=terms(), by=rita)
    offers.offer_submit(offer=offer, by=rita)
    assert asked.filter(user=hank).count() == 1
    assert not asked.filter(user=carla).exists()
    offers.offer_decide(offer=offer, by=hank, approve=True)
    assert asked.filter(user=carla).count() == 1
    offers.offer_decide(offer=offer, by=carla, approve=False, comment="No")
    offers.offer_submit(offer=offer, by=rita)
    notice = asked.filter(user=hank).order_by("-id").first()
    assert asked.filter(user=hank).count() == 2
    assert notice.url == f"/offers/{offer.pk}/" and "offer for" in notice.text


def test_nothing_is_told_when_nothing_waits(acme, rita, hank):
    draft = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    assert approvals.chain_notify_next(kind=requisitions.CHAIN, subject=draft) is None
    assert not Notification.objects.exists()


def test_requisitions_and_offers_decide_through_the_same_rules(acme, rita, hank, carla):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    draft = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    requisitions.requisition_submit(requisition=draft, by=rita)
    with pytest.raises(PermissionDenied, match="not an approver of this requisition"):
        requisitions.approval_decide(requisition=draft, by=carla, approve=True)
    with pytest.raises(ValidationError, match="change the requisition"):
        requisitions.approval_decide(requisition=draft, by=hank, approve=False)
    requisitions.approval_decide(requisition=draft, by=hank, approve=False, comment="Later")
    requisitions.requisition_submit(requisition=draft, by=rita)
    assert [(a.round, a.decision) for a in Approval.objects.all()] == [
        (1, "rejected"),
        (2, "pending"),
    ]
    requisitions.approval_decide(requisition=draft, by=hank, approve=True)
    assert draft.status == "open"
    events = AuditEvent.objects.filter(action__startswith="requisition.").order_by("id")
    decided = [
        e.changes for e in events if e.action in {"requisition.approved", "requisition.sent_back"}
    ]
    assert decided == [{"round": 1, "step": 1}, {"round": 2, "step": 1}]


def test_both_set_up_pages_are_the_one_view(client, carla, hank, acme):
    login(client, carla)
    for name, kind, rule_model in (
        ("requisitions:approval_chain", requisitions.CHAIN, ApprovalRule),
        ("offers:offer_chain", offers.CHAIN, OfferApprovalRule),
    ):
        url = reverse(name, args=[acme.slug])
        match = resolve(url)
        assert match.func is views.chain_setup and match.kwargs["kind"] is kind
        page = client.get(url)
        assert page.status_code == 200
        assert f"{kind.title} of {acme.name}" in page.content.decode()
        assert client.post(url, {"approver": hank.pk}).status_code == 302
        rule = rule_model.objects.get(approver=hank)
        remove = reverse(kind.remove_url, args=[acme.slug, rule.pk])
        assert resolve(remove).func is views.chain_rule_remove
        assert client.post(remove).status_code == 302
        assert not rule_model.objects.exists()
    assert AuditEvent.objects.filter(action="approval_rule.added").count() == 1
    assert AuditEvent.objects.filter(action="offer_rule.removed").count() == 1
