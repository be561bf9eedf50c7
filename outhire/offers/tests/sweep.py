"""Client A's offers, hires and checkpoints for the isolation sweep (outhire/tests)."""

from __future__ import annotations

from outhire.offers import services, tokens
from outhire.offers.models import OfferApprovalRule
from outhire.offers.tests.factories import at_offer_stage, sent_offer, terms
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Requisition

PARAMS = {
    "offer_id": "sweep_offer",
    "hire_id": "sweep_hire",
    "review_id": "sweep_review",
    "offer_rule_id": "sweep_offer_rule",
}
# The candidate's answer page and the manager's survey: the signed link is the permission.
PUBLIC = {"offers:offer_respond", "offers:offer_respond_letter", "offers:review_survey"}


def world(base: dict) -> dict:
    acme, rita = base["client"], base["staff_user"]
    hank = base["membership"].user
    requisition = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={"title": "Offer requisition marker 7310", "openings": 3, "hiring_manager": hank},
    )
    # The default stages (the sweep's own template has only one stage).
    Requisition.objects.filter(pk=requisition.pk).update(pipeline_template=None)
    requisition.refresh_from_db()
    requisitions.requisition_submit(requisition=requisition, by=rita)
    for step in requisition.approvals.all():
        requisitions.approval_decide(requisition=requisition, by=step.approver, approve=True)
    requisition.refresh_from_db()
    offer = sent_offer(
        at_offer_stage(requisition, rita, first="Offeree", last="Sweepmarker"),
        rita,
        bonus="Bonus marker 8842",
    )
    accepted = sent_offer(
        at_offer_stage(requisition, rita, first="Hiree", last="Sweepmarker"), rita
    )
    hire = services.offer_accept(offer=accepted, typed_name="Hiree Sweepmarker", ip=None)
    rule = OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    # A letter in another language (offers.OfferLetterTranslation): client A's text only.
    services.offer_settings_save(
        client=acme,
        letter_template="Dear $candidate_name",
        above_band_approver=None,
        checkpoint_days=[30],
        by=rita,
        letters={"de": "Letter translation marker 6604"},
    )
    draft = services.offer_create(
        application=at_offer_stage(requisition, rita, first="Drafted", last="Sweepmarker"),
        fields=terms(other_terms="Other terms marker 2291"),
        by=rita,
    )
    return {
        "sweep_offer": offer,
        "sweep_draft_offer": draft,
        "sweep_hire": hire,
        "sweep_review": hire.reviews.order_by("day").first(),
        "sweep_offer_rule": rule,
        # Candidates' names are not markers: provider staff of any client see the talent
        # network by design, and client A's own people see candidates at the offer stage.
        "markers": [
            "Offer requisition marker 7310",
            "Bonus marker 8842",
            "Other terms marker 2291",
            "Letter translation marker 6604",
        ],
    }


def forge(name: str, world: dict) -> dict | None:
    from outhire.tests.test_isolation_sweep import forge as forged

    if name in {"offers:offer_respond", "offers:offer_respond_letter"}:
        return {"token": forged(tokens.offer_token(world["sweep_offer"]))}
    if name == "offers:review_survey":
        return {"token": forged(tokens.survey_token(world["sweep_review"]))}
    return None
