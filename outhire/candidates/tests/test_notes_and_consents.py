from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Consent, Note
from outhire.testing import login


def test_it_adds_a_provider_only_note(client, rita, ada):
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/notes/", {"body": "Strong on maths", "visibility": "provider"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    note = Note.objects.get()
    assert note.author == rita and note.visibility == "provider"
    body = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "Strong on maths" in body and "Provider staff only" in body
    event = AuditEvent.objects.get(action="candidate.note_added")
    assert event.actor == rita and event.changes["visibility"] == "provider"
    assert "Strong on maths" not in str(event.changes)


def test_a_tag_change_is_audited(rita, ada):
    from outhire.candidates.forms import tags_from_names
    from outhire.candidates.services import candidate_update

    candidate_update(candidate=ada, fields={"tags": tags_from_names(["python"])}, by=rita)
    event = AuditEvent.objects.filter(action="candidate.updated").latest("pk")
    assert event.changes == {"tags": "changed"}
    count = AuditEvent.objects.count()
    candidate_update(candidate=ada, fields={"tags": tags_from_names(["Python"])}, by=rita)
    assert AuditEvent.objects.count() == count  # the same tag, matched ignoring case


def test_an_empty_note_is_a_form_error(client, rita, ada):
    login(client, rita)
    response = client.post(f"/candidates/{ada.pk}/notes/", {"body": "", "visibility": "shared"})
    assert response.status_code == 400
    assert not Note.objects.exists()


def test_it_records_and_withdraws_a_consent(client, rita, ada):
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/consents/",
        {
            "purpose": "talent_pool",
            "method": "email",
            "expires_on": "2099-01-01",
            "evidence": "Reply to our e-mail",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.status == "active" and consent.recorded_by == rita
    assert consent.expires_at.year == 2099
    response = client.post(f"/candidates/{ada.pk}/consents/{consent.pk}/withdraw/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == "withdrawn"
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1
    assert "withdrawn" in client.get(f"/candidates/{ada.pk}/").content.decode()


def test_a_consent_cannot_expire_before_it_is_given(client, rita, ada):
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/consents/",
        {
            "purpose": "marketing",
            "method": "email",
            "given_on": "2024-05-01",
            "expires_on": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_a_consent_of_another_candidate_is_not_found(client, rita, ada, make_candidate):
    from outhire.candidates.services import consent_record

    other = make_candidate("Grace", "Hopper")
    consent = consent_record(candidate=other, purpose="marketing", method="email", by=rita)
    login(client, rita)
    assert client.post(f"/candidates/{ada.pk}/consents/{consent.pk}/withdraw/").status_code == 404
