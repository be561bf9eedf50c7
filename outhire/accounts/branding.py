"""The look a candidate-facing page takes: its client's careers-site brand.

The careers site, the candidate portal and the pages a candidate reaches by a signed link
(booking an interview, an assessment, an offer, a survey) all extend `careers/site_base.html`,
which reads this context: the client (name, logo, colours through its theme stylesheet), its
careers site (contact details for the footer) and the provider's name for the neutral look
when no client is known. It lives here, beside `Client`, so that apps below the careers site
in the layers can brand their pages without importing it.
"""

from __future__ import annotations

from django.conf import settings

from outhire.accounts.models import Client


def brand_context(client: Client | None) -> dict:
    """What `careers/site_base.html` needs to wear `client`'s brand (the neutral one for None).

    A page passes the client of the object its signed link names, never one taken from the
    request, so each page shows its own client's brand and no other.
    """
    return {
        "client": client,
        "site": getattr(client, "career_site", None) if client is not None else None,
        "provider_name": settings.OUTHIRE_PROVIDER_NAME,
    }
