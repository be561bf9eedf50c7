"""Languages: the booking page and the candidate's e-mails (and their .ics) in the candidate's
language, an interviewer's e-mails in their own; dates follow the reader's language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

from outhire.candidates.models import Candidate
from outhire.interviews import mail as interview_mail
from outhire.interviews import services
from outhire.interviews.tests.test_scheduling import calendars_of, only_event
from outhire.lib import formatting
from outhire.testing import login


def _speaks(interview, language: str) -> None:
    Candidate.objects.filter(pk=interview.application.candidate_id).update(language=language)
    interview.application.candidate.refresh_from_db()


def _booked(interview):
    start = services.available_slots(interview)[0]
    services.interview_book(interview=interview, start=start, by=None)
    interview.refresh_from_db()
    return interview


def test_the_booking_page_speaks_the_candidates_language(client, interview):
    _speaks(interview, "es")
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    # Whatever the browser asks for: the candidate chose Spanish.
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "Su entrevista con" in page and "Reservar este horario" in page
    assert "entrevista por vídeo" in page and "Mostrar horarios en" in page
    assert "Book this time" not in page
    assert '<html lang="es"' in page


def test_without_a_language_the_booking_page_follows_the_browser(client, interview):
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert "Votre entretien avec" in page and "Réserver ce créneau" in page


def test_a_french_candidates_invitation_is_french_with_french_dates(interview, commit):
    _speaks(interview, "fr")
    mail.outbox.clear()
    interview = _booked(interview)
    interview_mail.send_invitations(interview)
    [message] = [m for m in mail.outbox if m.to == ["ada@example.test"]]
    assert message.subject.startswith("Entretien : Technical interview : ")
    assert "Bonjour Ada," in message.body
    assert "est réservé" in message.body
    assert "Lien vidéo : https://meet.example.test/abc" in message.body
    local = interview.starts_at.astimezone(ZoneInfo("Europe/London"))
    french = formatting.appointment(local, locale="fr")
    assert french in message.body  # e.g. "lundi 7 décembre 2026, 10:00"
    assert formatting.appointment(local, locale="en_GB") not in message.body
    # The calendar event the candidate gets is in French too.
    [(_type, calendar)] = calendars_of(message)
    event = only_event(calendar)
    assert " chez " in str(event["summary"])
    assert str(event["description"]).startswith("Déplacer ou annuler : ")


def test_a_german_interviewers_invitation_is_german(interview, ivy, hank):
    ivy.language = "de"
    ivy.save(update_fields=["language"])
    interview = _booked(interview)
    mail.outbox.clear()
    interview_mail.send_invitations(interview)
    by_address = {m.to[0]: m for m in mail.outbox}
    german, english = by_address["ivy@acme.test"], by_address["hank@acme.test"]
    assert german.subject.startswith("Vorstellungsgespräch: Technical interview: ")
    assert "Sie führen ein Interview für die Stelle" in german.body
    assert "Interviewleitfaden und Ihr Bewertungsbogen:" in german.body
    event = only_event(calendars_of(german)[0][1])
    assert str(event["description"]).startswith("Interviewleitfaden und Bewertungsbogen: ")
    # Hank chose no language: English, as before.
    assert english.subject.startswith("Interview: Technical interview: ")
    assert "You are interviewing for" in english.body
    # The candidate (no language) reads English.
    assert "Your interview for" in by_address["ada@example.test"].body


def test_reminders_say_when_in_each_readers_language(interview, ivy):
    _speaks(interview, "nl")
    ivy.language = "de"
    ivy.save(update_fields=["language"])
    interview = _booked(interview)
    mail.outbox.clear()
    interview_mail.send_reminder(interview, when="tomorrow")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ada@example.test"].subject == "Herinnering: je sollicitatiegesprek morgen"
    assert by_address["ivy@acme.test"].subject == "Erinnerung: Interview morgen"
    assert by_address["hank@acme.test"].subject == "Reminder: interview tomorrow"


def test_a_german_interviewers_pages_are_german(client, interview, rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    login(client, rita)
    page = client.get(reverse("interviews:interview_detail", args=[interview.pk])).content.decode()
    assert "Interviewer und Bewertungsbögen" in page and "Link zur Selbstbuchung" in page
    listing = client.get(reverse("interviews:interview_list")).content.decode()
    assert "Überfälliges Feedback" in listing


def test_staff_are_told_in_their_own_language(interview, rita):
    from outhire.accounts.models import Notification

    rita.language = "de"
    rita.save(update_fields=["language"])
    _booked(interview)
    [told] = Notification.objects.filter(user=rita, kind="interview_booked")
    assert told.text.startswith(
        "Vorstellungsgespräch gebucht (durch den Kandidaten): „Technical interview“ für"
    )
