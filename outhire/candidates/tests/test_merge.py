from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.candidates import services
from outhire.candidates.models import Candidate, Document, TalentPool
from outhire.testing import login


def _attach_document(candidate, sha: str, name: str) -> Document:
    from django.core.files.base import ContentFile

    document = Document(
        candidate=candidate,
        original_name=name,
        file_type="txt",
        content_type="text/plain",
        size=5,
        sha256=sha * 64,
    )
    document.file.save(sha, ContentFile(b"hello"), save=False)
    document.save()
    return document


def test_the_merge_page_compares_both_records(client, rita, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace", emails=["ada@work.example"], location="Paris")
    login(client, rita)
    body = client.get(f"/candidates/{ada.pk}/merge/{twin.pk}/").content.decode()
    assert "ada@example.org" in body and "ada@work.example" in body
    assert "Paris" in body and "London" in body
    assert 'name="keep"' in body and 'name="confirm"' in body


def test_it_needs_confirmation(client, rita, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace")
    login(client, rita)
    response = client.post(f"/candidates/{ada.pk}/merge/{twin.pk}/", {"keep": ada.pk})
    assert response.status_code == 400
    assert Candidate.objects.active().count() == 2


def test_it_refuses_to_keep_a_third_record(client, rita, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace")
    third = make_candidate("Someone", "Else")
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/merge/{twin.pk}/", {"keep": third.pk, "confirm": "on"}
    )
    assert response.status_code == 400
    assert Candidate.objects.active().count() == 3


def test_it_merges_keeping_everything_and_audits(client, rita, ada, make_candidate):
    twin = make_candidate(
        "Ada", "Lovelace", emails=["ada@work.example"], phones=["+44 20 7946 0018"], by=rita
    )
    pool_a, pool_b = TalentPool.objects.create(name="A"), TalentPool.objects.create(name="B")
    services.pool_add(pool=pool_a, candidate=ada, by=rita)
    services.pool_add(pool=pool_a, candidate=twin, by=rita)
    services.pool_add(pool=pool_b, candidate=twin, by=rita)
    services.note_add(candidate=twin, body="Met at a fair", visibility="provider", by=rita)
    services.consent_record(candidate=twin, purpose="talent_pool", method="email", by=rita)
    _attach_document(ada, "a", "ada-cv.pdf")
    _attach_document(twin, "b", "twin-cv.pdf")
    twin_events = twin.timeline.count()
    ada_events = ada.timeline.count()

    login(client, rita)
    response = client.post(
        f"/candidates/{twin.pk}/merge/{ada.pk}/", {"keep": ada.pk, "confirm": "on"}
    )
    assert response.status_code == 302 and response["Location"] == f"/candidates/{ada.pk}/"

    twin.refresh_from_db()
    assert twin.merged_into_id == ada.pk
    assert sorted(ada.documents.values_list("original_name", flat=True)) == [
        "ada-cv.pdf",
        "twin-cv.pdf",
    ]
    assert ada.notes.get().body == "Met at a fair"
    assert ada.consents.get().purpose == "talent_pool"
    assert sorted(ada.pools.values_list("name", flat=True)) == ["A", "B"]
    assert sorted(p.value for p in ada.contact_points.all()) == [
        "+44 20 7946 0018",
        "ada@example.org",
        "ada@work.example",
    ]
    # every event of both, plus the merge itself
    assert ada.timeline.count() == twin_events + ada_events + 1
    event = AuditEvent.objects.get(action="candidate.merged")
    assert event.changes["kept"] == ada.pk and event.changes["merged"] == twin.pk
    assert f"/candidates/{twin.pk}/" not in client.get("/candidates/").content.decode()


def test_it_can_keep_the_other_record(client, rita, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace")
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/merge/{twin.pk}/", {"keep": twin.pk, "confirm": "on"}
    )
    assert response["Location"] == f"/candidates/{twin.pk}/"
    ada.refresh_from_db()
    assert ada.merged_into_id == twin.pk
    # Empty fields of the kept record are filled from the merged one
    twin.refresh_from_db()
    assert twin.location == "London" and twin.email == "ada@example.org"


def test_client_users_cannot_merge(client, carla, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace")
    login(client, carla)
    response = client.post(
        f"/candidates/{ada.pk}/merge/{twin.pk}/", {"keep": ada.pk, "confirm": "on"}
    )
    assert response.status_code == 404
    assert Candidate.objects.active().count() == 2
