"""The isolation sweep's objects for the privacy records pages (see privacy/tests/sweep.py).

Client A's engagement gets a processing agreement whose sub-processor and transfer must never
reach an outsider (the register of another client's admin or of provider staff who serve only
client B lists neither); a breach affecting client A is for provider admins only.
"""

from __future__ import annotations

from outhire.privacy.models import Breach, ProcessingAgreement

PARAMS: dict[str, str] = {"breach_id": "breach"}
PUBLIC: set[str] = set()


def world(base: dict) -> dict:
    engagement = base["engagement"]
    agreement = ProcessingAgreement.objects.create(
        client=base["client"],
        engagement=engagement,
        provider_role=ProcessingAgreement.ProviderRole.PROCESSOR,
        sub_processors="Subprocessor marker 6021, sends e-mails, Ireland",
        transfers="Transfer marker 3348 to the US under SCCs",
    )
    breach = Breach.objects.create(
        summary="Breach marker 7719",
        description="Breach description marker 2206",
        recorded_by=base["staff_user"],
    )
    breach.clients.set([base["client"]])
    return {
        "agreement": agreement,
        "breach": breach,
        "markers": [
            "Subprocessor marker 6021",
            "Transfer marker 3348",
            "Breach marker 7719",
            "Breach description marker 2206",
        ],
    }
