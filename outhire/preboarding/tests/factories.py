"""A hire with its pre-boarding checklist, for the tests."""

from __future__ import annotations

from outhire.offers import services as offers
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer


def make_hire(client, recruiter, manager, *, first="Ada", last="Lovelace", openings=1, **terms):
    requisition = open_requisition(client, recruiter, manager, openings=openings)
    offer = sent_offer(
        at_offer_stage(requisition, recruiter, first=first, last=last), recruiter, **terms
    )
    return offers.offer_accept(offer=offer, typed_name=f"{first} {last}", ip=None)
