"""The talent network in other languages: staff pages in the user's language, and the
candidate's own language (Candidate.language) in the form, the page, the API and imports.

The German assertions need the compiled catalogues (outhire/locale), as in the merged repository.
"""

from __future__ import annotations

from django.conf import settings

from outhire.candidates.models import Candidate
from outhire.testing import bearer, login


def _german(user):
    user.language = "de"
    user.save(update_fields=["language"])
    return user


def test_the_candidate_list_is_german_for_a_german_user(client, rita, ada):
    login(client, _german(rita))
    page = client.get("/candidates/").content.decode()
    assert "<h1>Kandidaten</h1>" in page
    assert "Kandidaten durchsuchen" in page and "Als CSV exportieren" in page
    assert "1 Kandidat," in page and "Ada Lovelace" in page
    assert "Analyst bei Analytical Engines" in page
    assert "Search candidates" not in page


def test_the_candidate_page_is_german_for_a_german_user(client, rita, ada):
    login(client, _german(rita))
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "Angaben bearbeiten" in page and "Dokument hochladen" in page
    assert "<dt>Sprache</dt>" in page and "Nicht gewählt" in page
    assert "Edit details" not in page


def test_the_candidate_page_shows_their_language(client, rita, ada):
    login(client, rita)
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "<dt>Language</dt>" in page and "Not chosen" in page
    ada.language = "de"
    ada.save(update_fields=["language"])
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "German" in page and "Not chosen" not in page


def test_staff_set_the_candidates_language_in_the_form(client, rita, ada):
    login(client, rita)
    form = client.get(f"/candidates/{ada.pk}/edit/").content.decode()
    assert 'name="language"' in form
    for code, name in settings.LANGUAGES:
        assert f'<option value="{code}">{name}</option>' in form
    assert '<option value="" selected>Not chosen</option>' in form
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "emails": "ada@example.org",
        "source": "sourced",
        "language": "fr",
    }
    assert client.post(f"/candidates/{ada.pk}/edit/", data).status_code == 302
    ada.refresh_from_db()
    assert ada.language == "fr"
    assert client.post(f"/candidates/{ada.pk}/edit/", {**data, "language": ""}).status_code == 302
    ada.refresh_from_db()
    assert ada.language == ""
    response = client.post(f"/candidates/{ada.pk}/edit/", {**data, "language": "xx"})
    assert response.status_code == 400
    ada.refresh_from_db()
    assert ada.language == ""


def test_a_new_candidate_gets_the_language_chosen(client, rita):
    login(client, rita)
    data = {"first_name": "Grace", "last_name": "Hopper", "source": "sourced", "language": "nl"}
    assert client.post("/candidates/new/", data).status_code == 302
    assert Candidate.objects.get(first_name="Grace").language == "nl"


def test_the_api_reads_and_writes_the_language(client, alice, token_for, ada):
    headers = bearer(token_for(alice))
    url = f"/api/v1/candidates/{ada.pk}"
    assert client.get(url, headers=headers).json()["language"] == ""
    response = client.patch(
        url, {"language": "de"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 200 and response.json()["language"] == "de"
    ada.refresh_from_db()
    assert ada.language == "de"
    created = client.post(
        "/api/v1/candidates",
        {"first_name": "Grace", "language": "es"},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201 and created.json()["language"] == "es"


def test_the_api_refuses_a_language_we_do_not_write_in(client, alice, token_for, ada):
    headers = bearer(token_for(alice))
    response = client.patch(
        f"/api/v1/candidates/{ada.pk}",
        {"language": "klingon"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "language"
    assert "is not a language we write in" in body["message"]
    assert "en-gb, de, es, fr, nl" in body["message"]
    ada.refresh_from_db()
    assert ada.language == ""


def test_a_refused_document_says_why_in_the_readers_language():
    from django.utils import translation

    from outhire.candidates.files import DocumentError, sniff_document

    try:
        sniff_document(b"\x89PNG\r\n", "photo.png", max_bytes=1000)
    except DocumentError as error:
        refused = error
    assert str(refused).startswith("This is an image, not a document. Upload a PDF")
    with translation.override("fr"):
        assert refused.translated().startswith("Il s’agit d’une image, pas d’un document.")
    with translation.override("de"):
        assert refused.translated() == (
            "Das ist ein Bild, kein Dokument. Laden Sie eine PDF-, Word- (DOCX), OpenDocument- "
            "(ODT), RTF-, HTML- oder Textdatei hoch."
        )
    info = sniff_document(b"plain words", "notes.pdf", max_bytes=1000)
    assert info.note == 'The file name has ".pdf" but the file is plain text; it was read as such.'
    with translation.override("es"):
        assert info.translated_note() == (
            "El nombre del archivo termina en «.pdf», pero el archivo es texto sin formato; "
            "se ha leído como tal."
        )


def test_the_timeline_is_written_in_the_default_language_whatever_the_request(rita):
    from django.utils import translation

    from outhire.candidates.services import candidate_create

    with translation.override("de"):
        grace = candidate_create(by=rita, first_name="Grace", source="referral")
    assert grace.timeline.get().summary == "Added to the talent network (referral)"


def test_the_import_report_file_reads_in_the_users_language(rita):
    from django.utils import translation

    from outhire.candidates.imports.progress import import_errors_csv_rows
    from outhire.candidates.models import ImportJob

    job = ImportJob(
        created_by=rita,
        file_name="c.csv",
        errors=[
            {"row": 2, "field": "E-mail", "reason": "is not a valid e-mail address"},
            {"row": 3, "field": "", "reason": "has 3 cells where the header has 4 columns"},
        ],
    )
    assert import_errors_csv_rows(job)[:2] == [
        ["row", "field", "reason"],
        [2, "E-mail", "is not a valid e-mail address"],
    ]
    with translation.override("de"):
        rows = import_errors_csv_rows(job)
    assert rows[0] == ["Zeile", "Feld", "Grund"]
    assert rows[1][2] == "ist keine gültige E-Mail-Adresse"
    assert rows[2][2] == "has 3 cells where the header has 4 columns"  # particulars: as stored


def test_the_timeline_reads_in_the_users_language(client, rita, ada):
    from outhire.candidates.models import TalentPool
    from outhire.candidates.services import pool_add
    from outhire.candidates.timeline import summary_in_language

    pool_add(pool=TalentPool.objects.create(name="Compilers", owner=rita), candidate=ada, by=rita)
    login(client, rita)
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "Added to the talent pool “Compilers”" in page
    assert "Added to the talent network (sourced by a recruiter)" in page
    login(client, _german(rita))
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "Zum Talentpool „Compilers“ hinzugefügt" in page
    assert "Ins Talentnetzwerk aufgenommen (Von einem Recruiter gefunden)" in page
    from django.utils import translation

    with translation.override("de"):
        assert summary_in_language("Skill added: COBOL") == "Fähigkeit hinzugefügt: COBOL"
        assert summary_in_language("Resume / CV uploaded") == "Lebenslauf hochgeladen"
        assert summary_in_language("Moved to Interview") == "Moved to Interview"  # not ours
        assert summary_in_language("Gadget added: x") == "Gadget added: x"  # not a kind
