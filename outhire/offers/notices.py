"""Who hears of an offer's approval and of the candidate's answer (docs/work.md).

Called once by the service where the event happens, inside its transaction. Texts name the
requisition, never the candidate: they also go out by e-mail.
"""

from __future__ import annotations

from django.urls import reverse

from outhire.accounts.models import User
from outhire.accounts.notifications import notify
from outhire.offers.models import Offer
from outhire.requisitions.notices import requisition_staff

TEXTS = {
    "offer_approved": "The offer for {job} is approved: send it to the candidate",
    "offer_sent_back": "The offer for {job} was sent back{who}: see why on the offer",
    "offer_accepted": "The offer for {job} is accepted: a hire",
    "offer_declined": "The offer for {job} was declined",
}


def offer_told(offer: Offer, kind: str, *, by: User | None = None) -> None:
    """Tell the offer's author and the requisition's staff (and, of the candidate's answer,
    its hiring manager) that `kind` happened; not `by`, who did it."""
    requisition = offer.application.requisition
    people = [offer.created_by, *requisition_staff(requisition)]
    if kind in {"offer_accepted", "offer_declined"}:
        people.append(requisition.hiring_manager)
    reference = f" ({requisition.reference})" if requisition.reference else ""
    who = f" by {by.full_name or by.email}" if by else ""
    notify(
        people,
        kind=kind,
        text=TEXTS[kind].format(job=f"“{requisition.title}”{reference}", who=who),
        url=reverse("offers:offer_detail", args=[offer.pk]),
        client=offer.client,
        skip=by,
    )
