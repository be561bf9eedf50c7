"""The portal speaks the candidate's language: the one they chose (Candidate.language), which
they change on the details page; e-mails are written in it too.

These tests need the compiled catalogues (`make messages` and compilemessages)."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from outhire.candidates.models import Candidate
from outhire.portal.tests.helpers import sign_in_by_mail


def test_home_is_in_the_candidates_language(signed_in, ada):
    Candidate.objects.filter(pk=ada.pk).update(language="nl")
    response = signed_in.get(reverse("portal:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl"' in page
    assert "Je sollicitaties" in page and "Sollicitatie ontvangen" in page
    assert "Your applications" not in page


def test_details_page_changes_the_language(signed_in, ada):
    page = signed_in.get(reverse("portal:details")).content.decode()
    # Each language is offered in its own name.
    assert "Deutsch" in page and "Nederlands" in page and "Français" in page
    response = signed_in.post(
        reverse("portal:details"), {"action": "language", "language": "de"}, follow=True
    )
    ada.refresh_from_db()
    assert ada.language == "de"
    page = response.content.decode()
    assert "Ihre Kontaktdaten" in page and "Ihre Sprache ist gespeichert." in page
    assert '<option value="de" selected>' in page
    # An unknown language is refused, the saved one kept.
    response = signed_in.post(reverse("portal:details"), {"action": "language", "language": "xx"})
    assert response.status_code == 400
    ada.refresh_from_db()
    assert ada.language == "de"


def test_sign_in_link_is_written_in_the_candidates_language(
    client, ada, django_capture_on_commit_callbacks
):
    Candidate.objects.filter(pk=ada.pk).update(language="fr")
    sign_in_by_mail(client, "ada@example.test", django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == ["ada@example.test"]]
    assert message.subject == "Votre lien de connexion"
    assert "Bonjour Ada," in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html and "Voir vos candidatures" in html


def test_sign_in_page_follows_the_browser(client):
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Iniciar sesión con su correo electrónico" in page
