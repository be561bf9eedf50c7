"""Signed links: the candidate's offer response page and the manager's post-hire survey.

A link carries only an id, signed with the secret key, a salt per purpose and a time stamp;
the page checks the age (and the offer's own expiry). Nothing personal is in the URL.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

OFFER_SALT = "outhire.offers.respond"
SURVEY_SALT = "outhire.offers.survey"


def offer_token(offer) -> str:
    return signing.dumps({"o": offer.pk, "v": offer.version}, salt=OFFER_SALT, compress=True)


def offer_from_token(token: str) -> int | None:
    """The offer id in `token`, or None when it is forged or older than any offer can last.

    The offer's own `expires_on` decides whether it can still be answered.
    """
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=timedelta(days=366))
    except signing.BadSignature:
        return None
    return data.get("o") if isinstance(data, dict) else None


def survey_token(review) -> str:
    return signing.dumps({"r": review.pk}, salt=SURVEY_SALT, compress=True)


def review_from_token(token: str) -> int | None:
    try:
        data = signing.loads(
            token, salt=SURVEY_SALT, max_age=timedelta(days=settings.OUTHIRE_SURVEY_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    return data.get("r") if isinstance(data, dict) else None
