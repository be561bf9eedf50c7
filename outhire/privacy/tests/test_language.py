"""The privacy pages in the reader's language, and the access export in the candidate's. The
German and French texts need the compiled catalogues."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from outhire.accounts.models import Notification, User
from outhire.candidates.models import Candidate
from outhire.privacy import services
from outhire.privacy.export import export_zip
from outhire.privacy.models import DataRequest
from outhire.testing import login

pytestmark = pytest.mark.django_db


def _german(user: User) -> User:
    User.objects.filter(pk=user.pk).update(language="de")
    user.refresh_from_db()
    return user


def test_the_privacy_overview_for_a_german_user_is_german(client, alice):
    login(client, _german(alice))
    text = client.get(reverse("privacy:overview")).content.decode()
    assert "<h1>Datenschutz</h1>" in text
    assert "Betroffenenanfragen" in text
    assert "Jede wird innerhalb eines Monats nach Eingang beantwortet." in text


def test_the_register_and_its_csv_are_german_for_a_german_user(client, alice, acme):
    login(client, _german(alice))
    text = client.get(reverse("privacy:register")).content.decode()
    assert "Verzeichnis von Verarbeitungstätigkeiten" in text
    assert "Recruiting für Acme Robotics" in text
    assert "Kontaktdaten (verschlüsselt gespeichert)" in text
    csv = client.get(reverse("privacy:register") + "?format=csv").content.decode()
    assert csv.startswith("Verarbeitungstätigkeit,Zweck,Rechtsgrundlage")


def test_the_request_log_names_requests_in_the_readers_language(client, alice):
    person = Candidate.objects.create(first_name="Dora", last_name="Daten")
    data_request = DataRequest.objects.create(candidate=person, kind="erasure")
    login(client, _german(alice))
    page = client.get(reverse("privacy:request_detail", args=[data_request.pk]))
    text = page.content.decode()
    assert f"<title>Anfrage #{data_request.pk} (Löschung (meine Daten löschen))" in text
    assert "Person löschen …" in text
    assert "Frist verlängern" in text


def test_the_owner_is_told_of_a_request_in_their_language(alice):
    person = Candidate.objects.create(first_name="Dora", last_name="Daten")
    data_request = DataRequest.objects.create(candidate=person, kind="access")
    services.data_request_assign(data_request=data_request, owner=_german(alice), by=None)
    notification = Notification.objects.get(user=alice, kind="data_request")
    assert notification.text.startswith(f"Access (a copy of my data) request #{data_request.pk}")
    with translation.override("de"):
        assert notification.display_text.startswith(
            f"Anfrage #{data_request.pk} (Auskunft (eine Kopie meiner Daten)) ist von Ihnen bis"
        )


def test_the_access_export_readme_is_in_the_candidates_language(db):
    person = Candidate.objects.create(first_name="Fanny", last_name="Fleur", language="fr")
    archive = zipfile.ZipFile(io.BytesIO(export_zip(person)))
    readme = archive.read("README.txt").decode()
    assert readme.startswith("Vos données détenues par Outhire\n================================\n")
    assert "Exporté le " in readme
    english = Candidate.objects.create(first_name="Ed", last_name="English")
    readme = zipfile.ZipFile(io.BytesIO(export_zip(english))).read("README.txt").decode()
    assert readme.startswith("Your data held by Outhire\n=========================\n")
