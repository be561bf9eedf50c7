"""The candidate portal in the isolation sweep (outhire/tests/test_isolation_sweep.py).

Every page of the portal is public by design (a person without an account signs in by an
e-mailed link); what opens a candidate's data is the portal's own key in the session, which
no outsider of the sweep holds. The signed links get forged copies of real ones.
"""

from __future__ import annotations

import secrets

from outhire.portal import tokens
from outhire.portal.models import EmailChange

PUBLIC = {
    "portal:home",
    "portal:sent",
    "portal:link",
    "portal:sign_out",
    "portal:withdraw",
    "portal:details",
    "portal:email_confirm",
    "portal:consents",
    "portal:data",
    "portal:download",
    "portal:erase",
}


def world(base: dict) -> dict:
    change = EmailChange.objects.create(
        candidate=base["candidate"],
        value="zelda.portal.marker@talent.test",
        nonce=secrets.token_urlsafe(16),
    )
    return {
        "portal_email_change": change,
        "talent_markers": ["zelda.portal.marker@talent.test"],
    }


def forge(name: str, world: dict) -> dict | None:
    from outhire.tests.test_isolation_sweep import forge as forged

    if name == "portal:link":
        return {"token": forged(tokens.sign_in_token(world["candidate"].pk))}
    if name == "portal:email_confirm":
        return {"token": forged(tokens.email_change_token(world["portal_email_change"]))}
    return None
