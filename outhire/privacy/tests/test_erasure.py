"""Erasure, verified: after erasing, a scan of every table, the stored files and the cache finds
nothing of the person; what the numbers need stays, anonymous. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.test import TestCase

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent, Notification
from outhire.accounts.tenancy import unscoped
from outhire.candidates import services as candidate_services
from outhire.candidates.models import Candidate, ContactPoint, Document
from outhire.offers.models import Hire, Offer
from outhire.pipeline.models import Application, Message
from outhire.portal.models import EmailChange
from outhire.privacy.erasure import ErasureRefused, active_holds, candidate_erase, verify_erasure
from outhire.privacy.export import export_zip
from outhire.privacy.models import DataRequest, LegalHold
from outhire.privacy.scan import identifiers_of, scan
from outhire.privacy.services import data_request_open
from outhire.tests.test_isolation_sweep import client_a_world  # noqa: F401  (the world fixture)
from outhire.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def _mention_everywhere(world: dict, zelda: Candidate) -> None:
    """Put Zelda where staff-side text and side channels would carry her."""
    acme, rita = world["client"], world["staff_user"]
    application = world["application"]
    Message.objects.create(
        client=acme,
        application=application,
        direction="outbound",
        status="sent",
        subject="Your application",
        body="Dear Zelda Candidatemarker, thank you (zelda.marker@talent.test).",
        sent_by=rita,
    )
    Notification.objects.create(
        user=rita, client=acme, text="Zelda Candidatemarker replied to your message"
    )
    audit.record(
        "candidate.contact_changed",
        actor=rita,
        obj=zelda,
        changes={"email": ["", "zelda.marker@talent.test"], "phone": "+1 555 0199 4471"},
    )
    endpoint = Endpoint.objects.create(
        client=acme, url="https://hooks.example.test/in", secret="s3cret", events=["*"]
    )
    Delivery.objects.create(
        client=acme,
        endpoint=endpoint,
        event="candidate.created",
        body=json.dumps({"name": "Zelda Candidatemarker", "email": "zelda.marker@talent.test"}),
    )
    cache.set("profile-card", {"title": "Zelda Candidatemarker"}, 600)
    EmailChange.objects.create(candidate=zelda, value="zelda.new@talent.test", nonce="n0nce")


def test_an_erased_person_is_found_nowhere_and_the_numbers_stay(client_a_world):  # noqa: F811
    world = client_a_world
    zelda, twin = world["candidate"], world["other_candidate"]
    rita = world["staff_user"]
    candidate_services.candidate_merge(keep=zelda, drop=twin, by=rita)
    _mention_everywhere(world, zelda)
    request = data_request_open(candidate=zelda, kind="erasure", channel="email", by=rita)
    with unscoped():
        applications = Application.objects.filter(candidate=zelda).count()
    identifiers = identifiers_of([zelda, twin])
    before = scan(identifiers)
    # Not vacuous: before erasure the scan finds her in the tables, the encrypted columns,
    # the stored files and the cache.
    found = "\n".join(before.findings)
    for place in ("candidates_candidate", "encrypted", "stored file", "cache", "pipeline_message"):
        assert place in found, f"the scan should find her in {place} first:\n{found}"

    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure = candidate_erase(candidate=zelda, by=rita, data_request=request)
    report = verify_erasure(erasure, by=rita)

    assert report.clean, "\n".join(report.findings)
    assert report.tables > 50 and report.columns > 200
    with unscoped():
        zelda.refresh_from_db()
        assert zelda.anonymised_at and zelda.full_name == "Erased"
        assert not ContactPoint.objects.filter(candidate__in=[zelda.pk, twin.pk]).exists()
        assert not Document.objects.filter(candidate__in=[zelda.pk, twin.pk]).exists()
        # The funnel keeps its counts.
        assert Application.objects.filter(candidate=zelda).count() == applications
        # Her application in progress ended as a withdrawal, e-mailing nobody.
        application = Application.objects.get(pk=world["application"].pk)
        assert application.status == Application.Status.WITHDRAWN
        assert application.disposition.name == "Erased at the person's request"
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE and request.candidate_id == zelda.pk
    erased = AuditEvent.objects.get(action="privacy.erased")
    assert erased.changes["record"] == f"Candidate #{zelda.pk}"
    assert erased.changes["removed"]["contact details"] >= 2
    assert AuditEvent.objects.get(action="privacy.erasure_verified").changes["clean"] is True
    # The trail keeps the contact change, without the address.
    changed = AuditEvent.objects.get(action="candidate.contact_changed")
    assert "zelda" not in json.dumps(changed.changes).lower()
    assert changed.object_repr == f"Candidate #{zelda.pk} ([erased])"


def test_a_hire_is_erased_but_the_hire_and_its_pay_are_counted(client_a_world):  # noqa: F811
    world = client_a_world
    hire = world["sweep_hire"]
    with unscoped():
        person = hire.application.candidate
        # The sweep's offer candidates share one phone number; this one gets their own, or
        # the scan would rightly find the others' numbers.
        phone = person.contact_points.get(kind="phone")
        phone.value = "+31 20 555 0177"
        phone.save()
        identifiers = identifiers_of([person])
        assert not scan(identifiers).clean
        with TestCase.captureOnCommitCallbacks(execute=True):
            erasure = candidate_erase(candidate=person, by=None, reason="retention")
        report = verify_erasure(erasure)
        assert report.clean, "\n".join(report.findings)
        hire.refresh_from_db()
        offer = Offer.objects.get(pk=hire.offer_id)
        assert offer.signed_name == "" and offer.base_salary > 0
        assert Hire.objects.filter(pk=hire.pk, base_salary=hire.base_salary).exists()
    assert AuditEvent.objects.get(action="privacy.erased").actor_label == "Outhire (retention)"


def test_a_legal_hold_on_a_requisition_refuses_the_erasure(client_a_world):  # noqa: F811
    world = client_a_world
    zelda = world["candidate"]
    hold = LegalHold.objects.create(requisition=world["requisition"], reason="Tribunal claim")
    assert active_holds(zelda) == [hold]
    with pytest.raises(ErasureRefused, match="legal hold"):
        candidate_erase(candidate=zelda, by=world["staff_user"])
    zelda.refresh_from_db()
    assert zelda.anonymised_at is None and zelda.first_name == "Zelda"
    LegalHold.objects.filter(pk=hold.pk).update(released_at=hold.placed_at)
    assert active_holds(zelda) == []


def test_the_access_export_holds_everything_about_the_person_and_their_files(client_a_world):  # noqa: F811
    world = client_a_world
    zelda = world["candidate"]
    archive = zipfile.ZipFile(io.BytesIO(export_zip(zelda)))
    names = archive.namelist()
    assert {"README.txt", "data.json"} <= set(names)
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["first_name"] == "Zelda"
    assert {"kind": "email", "value": "zelda.marker@talent.test"}.items() <= (
        data["contact_details"][0].items() | data["contact_details"][-1].items()
    )
    assert data["notes"][0]["body"] == "Provider-only note marker 7731"
    assert data["consents"][0]["purpose"] == "Talent pool for future roles"
    application = data["applications"][0]
    assert application["client"] == "Acme Robotics"
    assert application["job"] == "Requisition marker 4412"
    assert application["history"], "the stage history is exported"
    (document,) = data["documents"]
    assert archive.read(document["file"]) == b"Zelda Candidatemarker\nzelda.marker@talent.test\n"
    # Colleagues are not named in someone else's export.
    assert "Rita" not in archive.read("data.json").decode()
