"""Small builders for offer tests: an application at the offer stage, an offer in a state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from outhire.candidates.services import candidate_create
from outhire.offers import services
from outhire.pipeline.services import application_create, application_move
from outhire.requisitions import services as requisitions


def open_requisition(client, recruiter, manager, *, openings: int = 1, title="Robotics Engineer"):
    """An open requisition (the client has no requisition approval chain) with a band."""
    requisition = requisitions.requisition_create(
        client=client,
        by=recruiter,
        fields={
            "title": title,
            "openings": openings,
            "hiring_manager": manager,
            "salary_min": Decimal("60000"),
            "salary_max": Decimal("80000"),
            "salary_currency": "EUR",
            "department": "R&D",
            "location": "Rotterdam",
        },
    )
    requisitions.requisition_submit(requisition=requisition, by=recruiter)
    requisition.refresh_from_db()
    return requisition


def at_offer_stage(requisition, recruiter, *, first="Ada", last="Lovelace", email=None):
    candidate = candidate_create(
        by=recruiter,
        first_name=first,
        last_name=last,
        emails=[email or f"{first.lower()}.{last.lower()}@people.test"],
        phones=["+31 20 555 0101"],
    )
    application = application_create(requisition=requisition, candidate=candidate, by=recruiter)
    return application_move(
        application=application, to_stage=requisition.stages.get(kind="offer"), by=recruiter
    )


def terms(**overrides) -> dict:
    today = timezone.localdate()
    values = {
        "base_salary": Decimal("70000"),
        "currency": "EUR",
        "pay_period": "year",
        "bonus": "up to 10% of base pay",
        "other_terms": "25 days of holiday.",
        "start_date": today + timedelta(days=30),
        "expires_on": today + timedelta(days=7),
    }
    values.update(overrides)
    return values


def sent_offer(application, recruiter, **overrides):
    """An offer drafted, approved (no chain) and sent to the candidate."""
    offer = services.offer_create(application=application, fields=terms(**overrides), by=recruiter)
    services.offer_submit(offer=offer, by=recruiter)
    services.offer_send(offer=offer, by=recruiter)
    offer.refresh_from_db()
    return offer
