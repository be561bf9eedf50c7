"""Who hears of an offer's approval and of the candidate's answer (docs/work.md).

Called once by the service where the event happens, inside its transaction. Texts name the
requisition, never the candidate: they also go out by e-mail.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from outhire.accounts.models import User
from outhire.accounts.notifications import notify
from outhire.lib.i18n import user_language
from outhire.offers.models import Offer
from outhire.requisitions.notices import requisition_staff

TEXTS = {
    "offer_approved": gettext_lazy("The offer for %(job)s is approved: send it to the candidate"),
    "offer_sent_back": gettext_lazy("The offer for %(job)s was sent back: see why on the offer"),
    "offer_accepted": gettext_lazy("The offer for %(job)s is accepted: a hire"),
    "offer_declined": gettext_lazy("The offer for %(job)s was declined"),
}
SENT_BACK_BY = gettext_lazy("The offer for %(job)s was sent back by %(who)s: see why on the offer")


def offer_told(offer: Offer, kind: str, *, by: User | None = None) -> None:
    """Tell the offer's author and the requisition's staff (and, of the candidate's answer,
    its hiring manager) that `kind` happened; not `by`, who did it."""
    requisition = offer.application.requisition
    people = [offer.created_by, *requisition_staff(requisition)]
    if kind in {"offer_accepted", "offer_declined"}:
        people.append(requisition.hiring_manager)
    reference = f" ({requisition.reference})" if requisition.reference else ""
    values = {"job": f"“{requisition.title}”{reference}"}
    if by is not None:
        values["who"] = by.full_name or by.email
    message = SENT_BACK_BY if kind == "offer_sent_back" and by is not None else TEXTS[kind]
    # Each person is told in their own language.
    by_language: dict[str, list[User]] = {}
    for user in people:
        if user is not None:
            by_language.setdefault(user_language(user), []).append(user)
    for language, readers in by_language.items():
        with translation.override(language):
            text = str(message) % values
        notify(
            readers,
            kind=kind,
            text=text,
            url=reverse("offers:offer_detail", args=[offer.pk]),
            client=offer.client,
            skip=by,
        )
