"""Client A's pre-boarding for the isolation sweep (outhire/tests): the offers extension's hire
has its checklist; one item of it is named by the item URLs."""

from __future__ import annotations

from outhire.preboarding import services, tokens
from outhire.preboarding.models import Item, Kind

PARAMS = {"preboarding_item_id": "sweep_preboarding_item"}
# The new hire's page: the signed link is the permission.
PUBLIC = {"preboarding:welcome"}


def world(base: dict) -> dict:
    hire = base["sweep_hire"]
    checklist = hire.preboarding
    first_day = Item.objects.get(checklist=checklist, kind=Kind.FIRST_DAY)
    first_day.checklist = checklist
    services.item_complete(
        item=first_day, by=base["staff_user"], details="First-day marker 5521 at reception"
    )
    return {
        "sweep_preboarding": checklist,
        "sweep_preboarding_item": Item.objects.filter(checklist=checklist, status="open").first(),
        "markers": ["First-day marker 5521"],
    }


def forge(name: str, world: dict) -> dict | None:
    from outhire.tests.test_isolation_sweep import forge as forged

    if name == "preboarding:welcome":
        return {"token": forged(tokens.welcome_token(world["sweep_preboarding"]))}
    return None
