"""The language of a person's pages and e-mails: chosen on the account page (blank: the
browser's, if it is a staff language); invitations, password resets, notifications and digests
in the reader's language. The German texts need the compiled catalogues."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from outhire.accounts.models import AuditEvent, Notification, User
from outhire.accounts.notifications import digest_prepare, notification_create, notify
from outhire.accounts.services import invitation_create
from outhire.accounts.tasks import send_digest, send_notification, send_password_reset
from outhire.testing import login

pytestmark = pytest.mark.django_db


def test_the_account_page_saves_the_language_and_the_next_page_is_in_it(client, rita):
    login(client, rita)
    page = client.get(reverse("accounts:account"))
    assert '<option value="" selected>Browser&#x27;s language</option>' in page.content.decode()
    assert '<option value="de">Deutsch</option>' in page.content.decode()

    response = client.post(reverse("accounts:account_language"), {"language": "de"})
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.language == "de"
    assert AuditEvent.objects.filter(action="user.language_changed").exists()
    page = client.get(response.url)
    text = page.content.decode()
    assert '<html lang="de"' in text
    assert "Ihr Konto" in text
    assert "Ihre Sprache ist gespeichert." in text  # the message, in the language chosen
    assert '<option value="de" selected>Deutsch</option>' in text

    # Back to blank: the browser's language again (English here)
    client.post(reverse("accounts:account_language"), {"language": ""})
    rita.refresh_from_db()
    assert rita.language == ""
    assert "Your account" in client.get(reverse("accounts:account")).content.decode()


def test_a_language_that_is_no_staff_language_is_refused(client, rita):
    login(client, rita)
    response = client.post(reverse("accounts:account_language"), {"language": "fr"})
    assert response.status_code == 400
    rita.refresh_from_db()
    assert rita.language == ""


def test_the_login_page_follows_the_browser_among_the_staff_languages(client, db):
    german = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert "Bei Outhire anmelden" in german.content.decode()
    assert 'for="id_password">Passwort' in german.content.decode()
    # French is a candidate language, not a staff one: staff pages stay English.
    french = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert "Sign in to Outhire" in french.content.decode()


def test_the_password_reset_e_mail_is_in_the_users_language(rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    send_password_reset(rita.pk)
    message = mail.outbox[-1]
    assert message.subject == "Setzen Sie Ihr Outhire-Passwort zurück"
    assert message.body.startswith(f"Hallo {rita.full_name},")
    assert "Jemand hat angefordert" in message.body
    assert "Stunden" in message.alternatives[0][0]


def test_an_invitation_to_someone_new_is_in_the_inviters_language(
    acme, carla, django_capture_on_commit_callbacks
):
    carla.language = "de"
    carla.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="nora@acme.test", role="hiring_manager", client=acme, by=carla)
    message = mail.outbox[-1]
    assert message.subject == "Sie sind eingeladen, Acme Robotics auf Outhire beizutreten"
    assert "lädt Sie ein, Acme Robotics auf Outhire als Hiring Manager beizutreten" in (
        message.body
    )
    assert "Nehmen Sie die Einladung an" in message.body


def test_an_invitation_to_someone_with_a_language_is_in_theirs(
    acme, gina, carla, django_capture_on_commit_callbacks
):
    # Gina (a Globex user) already chose German; Carla, who invites her to Acme, reads English.
    gina.language = "de"
    gina.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email=gina.email, role="hiring_manager", client=acme, by=carla)
    assert mail.outbox[-1].subject.startswith("Sie sind eingeladen")
    # And someone new invited by an English reader gets English.
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="nora@acme.test", role="interviewer", client=acme, by=carla)
    assert mail.outbox[-1].subject == "You are invited to join Acme Robotics on Outhire"


def test_a_notification_made_as_a_message_reads_in_each_readers_language(rita, hank):
    rita.language = "de"
    rita.save(update_fields=["language"])
    made = notify(
        [rita, hank],
        kind="data_request",
        text="%(kind)s request #%(number)s is yours to answer by %(deadline)s.",
        params={
            "kind": translation.gettext_lazy("Erasure (delete my data)"),
            "number": 7,
            "deadline": date(2026, 12, 24),
        },
    )
    assert len(made) == 2
    # Stored in English, as before: other pages and old code read `text`.
    assert made[0].text == "Erasure (delete my data) request #7 is yours to answer by 24 Dec 2026."
    for notification in made:
        send_notification(notification.pk)
    german, english = mail.outbox[-2:]
    assert german.to == [rita.email]
    assert german.subject == (
        "Anfrage #7 (Löschung (meine Daten löschen)) ist von Ihnen bis 24.12.2026 zu beantworten."
    )
    assert german.body.startswith(f"Hallo {rita.full_name},")
    assert english.subject == made[1].text
    with translation.override("de"):
        assert Notification.objects.get(pk=made[0].pk).display_text == german.subject


def test_a_plain_notification_and_an_old_row_show_their_text(rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    plain = notification_create(user=rita, text="Acme raised “Welder” (R-1)", kind="general")
    with translation.override("de"):
        assert plain.display_text == "Acme raised “Welder” (R-1)"
    # A known message without parameters is translated even in a row made before.
    old = Notification.objects.create(user=rita, text="Anything else", kind="general")
    with translation.override("de"):
        assert old.display_text == "Alles andere"


def test_the_digest_is_in_the_readers_language(rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    for number in (1, 2):
        notification_create(
            user=rita,
            kind="data_request",
            text="%(kind)s request #%(number)s is yours to answer by %(deadline)s.",
            params={"kind": "Access", "number": number, "deadline": date(2026, 12, 24)},
        )
    Notification.objects.filter(user=rita).update(delivery="digest")
    digest = digest_prepare(user_id=rita.pk, day=date(2026, 12, 5))
    send_digest(digest.pk)
    message = mail.outbox[-1]
    assert message.subject == "Outhire: 2 Neuigkeiten für Sie"
    assert "Was seit Ihrer letzten Zusammenfassung passiert ist" in message.body
    assert "Anfrage #1 (Access) ist von Ihnen bis 24.12.2026 zu beantworten." in message.body


def test_a_staff_page_for_a_german_user_is_german(client, rita):
    User.objects.filter(pk=rita.pk).update(language="de")
    login(client, rita)
    page = client.get(reverse("accounts:notification_preferences"))
    text = page.content.decode()
    assert "Benachrichtigungseinstellungen" in text
    assert "Tägliche Zusammenfassung" in text
    assert "Ein Vorstellungsgespräch wurde gebucht" in text
