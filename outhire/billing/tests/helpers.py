"""Builders for billing tests: billing details, engagements of each fee model, hires, shortlists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from outhire.billing.models import BillingAccount
from outhire.engagements.models import Engagement


def billing_account(client, *, country="NL", vat_id="", **fields) -> BillingAccount:
    values = {
        "legal_name": f"{client.name} B.V.",
        "street": "Main Street 1",
        "city": "Rotterdam",
        "postcode": "3011 AA",
        "country": country,
        "vat_id": vat_id,
        "billing_email": "accounts-payable@client.test",
        "payment_days": 30,
    }
    values.update(fields)
    return BillingAccount.objects.create(client=client, **values)


def engagement(client, fee_model, *, currency="EUR", starts_on=date(2026, 1, 1), **fees):
    return Engagement.objects.create(
        client=client,
        name=f"{client.name} {fee_model}",
        starts_on=starts_on,
        fee_model=fee_model,
        currency=currency,
        **fees,
    )


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def hire(client, recruiter, manager, *, hired_on: date, engagement=None, first="Ada", **offer):
    """An accepted offer's hire, moved to `hired_on`, on a requisition of `engagement`."""
    from outhire.offers import services
    from outhire.offers.models import Hire
    from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer

    requisition = open_requisition(client, recruiter, manager, title=f"Role of {first}")
    if engagement is not None:
        requisition.engagement = engagement
        requisition.save(update_fields=["engagement"])
    application = at_offer_stage(requisition, recruiter, first=first)
    offer_ = sent_offer(application, recruiter, **offer)
    services.offer_accept(offer=offer_, typed_name=f"{first} Lovelace", ip="198.51.100.7")
    made = Hire.objects.get(offer=offer_)
    Hire.objects.filter(pk=made.pk).update(hired_at=at(hired_on))
    made.refresh_from_db()
    return made


def submission(requisition, recruiter, *, on: date, first="Grace"):
    """An application shortlisted to the client on `on` (a qualified submission)."""
    from outhire.candidates.services import candidate_create
    from outhire.pipeline.models import Application
    from outhire.pipeline.services import application_create, application_move

    candidate = candidate_create(
        by=recruiter, first_name=first, last_name="Hopper", emails=[f"{first.lower()}@people.test"]
    )
    application = application_create(requisition=requisition, candidate=candidate, by=recruiter)
    application_move(
        application=application, to_stage=requisition.stages.get(kind="submitted"), by=recruiter
    )
    Application.objects.filter(pk=application.pk).update(reached_client_at=at(on))
    return application


EUR = "EUR"
D = Decimal
