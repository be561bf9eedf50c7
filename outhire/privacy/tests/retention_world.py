"""People in every retention situation, with dates set around T0, for the retention tests.

Built once per test module (`shared_data`); each test rolls back what it changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from outhire.candidates.models import Candidate, Consent
from outhire.offers.models import Hire, Offer
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_create
from outhire.privacy.models import LegalHold, RetentionPolicy
from outhire.requisitions import services as requisitions
from outhire.testing import make_client, make_persona

# The decisions are taken at T0; periods are counted from here.
T0 = datetime(2027, 1, 10, 12, 0, tzinfo=timezone.get_fixed_timezone(0))


def months_after(months: int, days: int = 1) -> datetime:
    """A moment `days` after T0 plus `months` (past the due date when days > 0)."""
    from outhire.privacy.retention import add_months

    return add_months(T0, months) + timedelta(days=days)


def _requisition(client, by, title: str, country: str = ""):
    requisition = requisitions.requisition_create(client=client, by=by, fields={"title": title})
    requisitions.requisition_submit(requisition=requisition, by=by)
    type(requisition).objects.filter(pk=requisition.pk).update(country=country)
    requisition.refresh_from_db()
    return requisition


def _person(first: str, *, last_activity: datetime = T0) -> Candidate:
    candidate = Candidate.objects.create(first_name=first, last_name="Retentiontest")
    Candidate.objects.filter(pk=candidate.pk).update(last_activity_at=last_activity)
    return candidate


def _apply(candidate, requisition, by, status: str, at: datetime = T0) -> Application:
    application = application_create(requisition=requisition, candidate=candidate, by=by)
    if status != "active":
        Application.objects.filter(pk=application.pk).update(status=status, closed_at=at)
    return application


def _hire(candidate, requisition, by, start: date) -> Hire:
    application = _apply(candidate, requisition, by, "hired")
    offer = Offer.objects.create(
        client=requisition.client,
        application=application,
        status="accepted",
        base_salary=Decimal("50000"),
        start_date=start,
        expires_on=start,
    )
    return Hire.objects.create(
        client=requisition.client,
        application=application,
        requisition=requisition,
        offer=offer,
        hired_at=T0,
        start_date=start,
        base_salary=Decimal("50000"),
        currency="EUR",
    )


def build() -> dict:
    acme, globex = make_client("acme"), make_client("globex")
    alice = make_persona("alice")
    rita = make_persona("rita", acme)
    carla = make_persona("carla", acme)
    sam = make_persona("sam", globex)
    acme_de = _requisition(acme, rita, "Engineer in Berlin", "DE")
    acme_fr = _requisition(acme, rita, "Engineer in Paris", "FR")
    acme_held = _requisition(acme, rita, "Engineer under a claim", "FR")
    globex_any = _requisition(globex, sam, "Nurse", "")
    RetentionPolicy.objects.create(client=None, country="", rejected_months=6, hired_months=3)
    RetentionPolicy.objects.create(client=acme, country="DE", rejected_months=12)
    RetentionPolicy.objects.create(client=globex, country="", rejected_months=2)

    people = {
        name: _person(name.title())
        for name in (
            "rejected_fr",
            "rejected_de",
            "rejected_globex",
            "hired",
            "pool",
            "in_progress",
            "held_person",
            "held_requisition",
            "two_clients",
        )
    }
    people["idle"] = _person("Idle", last_activity=T0)
    _apply(people["rejected_fr"], acme_fr, rita, "rejected")
    _apply(people["rejected_de"], acme_de, rita, "withdrawn")
    _apply(people["rejected_globex"], globex_any, sam, "rejected")
    _hire(people["hired"], acme_fr, rita, start=(T0 + timedelta(days=31)).date())
    _apply(people["pool"], acme_fr, rita, "rejected")
    Consent.objects.create(candidate=people["pool"], purpose="talent_pool", method="email")
    _apply(people["in_progress"], acme_fr, rita, "active")
    _apply(people["in_progress"], globex_any, sam, "rejected")
    _apply(people["held_person"], acme_fr, rita, "rejected")
    LegalHold.objects.create(candidate=people["held_person"], reason="Tribunal claim")
    _apply(people["held_requisition"], acme_held, rita, "rejected")
    LegalHold.objects.create(requisition=acme_held, reason="Audit of this requisition")
    _apply(people["two_clients"], globex_any, sam, "rejected")
    _apply(people["two_clients"], acme_de, rita, "rejected")
    return {
        "acme": acme,
        "globex": globex,
        "alice": alice,
        "rita": rita,
        "carla": carla,
        "sam": sam,
        "acme_fr": acme_fr,
        "acme_held": acme_held,
        "people": people,
        "ids": {name: c.pk for name, c in people.items()},
    }
