"""Languages in the pipeline: message templates in the candidate's language (with the template's
own text as the fallback), their edit page, and staff pages in the reader's language.

The German texts come from the compiled catalogues (outhire/locale): run `make messages` first."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Message, MessageTemplate, MessageTemplateTranslation
from outhire.pipeline.tests.test_board import _bulk_applications, board_url
from outhire.testing import login


@pytest.fixture
def template(acme):
    template = MessageTemplate.objects.create(
        client=acme,
        name="Phone screen invite",
        subject="A call about {{ job_title }}",
        body="Hello {{ candidate_first_name }}, shall we talk?",
        trigger="stage",
        stage_kind="screen",
    )
    MessageTemplateTranslation.objects.create(
        client=acme,
        template=template,
        language="de",
        subject="Ein Gespräch zu {{ job_title }}",
        body="Guten Tag {{ candidate_first_name }}, wollen wir sprechen?",
    )
    return template


@pytest.fixture
def applicant(requisition, rita):
    def make(first: str, language: str = ""):
        candidate = candidate_create(
            by=rita, first_name=first, last_name="Doe", emails=[f"{first.lower()}@mail.test"]
        )
        candidate.language = language
        candidate.save(update_fields=["language"])
        return services.application_create(requisition=requisition, candidate=candidate, by=rita)

    return make


def test_a_german_candidate_gets_the_german_version_and_an_english_one_the_template(
    template, applicant, rita, django_capture_on_commit_callbacks
):
    german, english = applicant("Greta", "de"), applicant("Ada")
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(application=german, template=template, by=rita)
        messaging.message_send(application=english, template=template, by=rita)
    by_address = {m.to[0]: m for m in mail.outbox}
    to_greta, to_ada = by_address["greta@mail.test"], by_address["ada@mail.test"]
    assert to_greta.subject == "Ein Gespräch zu Robotics Engineer"
    assert to_greta.body == "Guten Tag Greta, wollen wir sprechen?"
    assert '<html lang="de">' in to_greta.alternatives[0][0]
    assert to_ada.subject == "A call about Robotics Engineer"
    assert to_ada.body == "Hello Ada, shall we talk?"
    assert '<html lang="en-gb">' in to_ada.alternatives[0][0]


def test_a_language_without_a_version_falls_back_to_the_template(template, applicant, rita):
    french = applicant("Jeanne", "fr")
    message = messaging.message_send(application=french, template=template, by=rita)
    assert message.subject == "A call about Robotics Engineer"


def test_a_move_sends_the_stage_template_in_the_candidates_language(
    template, applicant, rita, stage, django_capture_on_commit_callbacks
):
    german = applicant("Greta", "de")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=german, to_stage=stage("screen"), by=rita)
    assert Message.objects.get(application=german).subject == "Ein Gespräch zu Robotics Engineer"


def test_the_move_confirmation_shows_the_german_text_and_says_so(
    client, template, applicant, rita, stage
):
    german = applicant("Greta", "de")
    login(client, rita)
    response = client.post(
        reverse("pipeline:application_move", args=[german.pk]),
        {"stage": stage("screen").pk, "version": german.version},
    )
    text = response.content.decode()
    assert "Guten Tag Greta, wollen wir sprechen?" in text
    assert "German" in text and "translation in the candidate" in text
    assert 'name="email-0-language" value="de"' in text


def test_a_bulk_move_sends_each_their_version_unless_the_text_was_edited(template, applicant):
    german, english = applicant("Greta", "de"), applicant("Ada")
    source = messaging.Draft(template.pk, template.name, template.subject, template.body)
    [to_greta] = messaging.drafts_render([source], german)
    [to_ada] = messaging.drafts_render([source], english)
    assert (to_greta.subject, to_greta.language) == ("Ein Gespräch zu Robotics Engineer", "de")
    assert (to_ada.subject, to_ada.language) == ("A call about Robotics Engineer", "")
    edited = messaging.Draft(
        template.pk, template.name, "Our call", "Dear {{ candidate_first_name }}"
    )
    [as_written] = messaging.drafts_render([edited], german)
    assert (as_written.subject, as_written.body) == ("Our call", "Dear Greta")


def test_the_edit_page_adds_changes_and_removes_a_version(client, rita, template):
    login(client, rita)
    edit = reverse("pipeline:message_template_edit", args=[template.pk])
    page = client.get(edit).content.decode()
    assert 'id="tr-fr"' in page and 'for="id_tr-fr-subject"' in page
    url = reverse("pipeline:message_template_translation", args=[template.pk, "fr"])
    refused = client.post(url, {"tr-fr-subject": "Un appel", "tr-fr-body": "{{ salary }}"})
    assert refused.status_code == 400
    assert "Unknown merge field {{ salary }}" in refused.content.decode()
    assert not template.translations.filter(language="fr").exists()
    preview = client.post(
        url,
        {"tr-fr-subject": "Un appel", "tr-fr-body": "Bonjour {{ candidate_first_name }}",
         "preview": "1"},
    )  # fmt: skip
    assert "Bonjour Alex" in preview.content.decode()
    assert not template.translations.filter(language="fr").exists()
    saved = client.post(url, {"tr-fr-subject": "Un appel", "tr-fr-body": "Bonjour"})
    assert saved.status_code == 302 and saved["Location"].endswith("#tr-fr")
    assert template.translations.get(language="fr").subject == "Un appel"
    client.post(url, {"tr-fr-subject": "Un appel !", "tr-fr-body": "Bonjour"})
    assert template.translations.get(language="fr").subject == "Un appel !"
    client.post(url, {"delete": "1"})
    assert not template.translations.filter(language="fr").exists()
    unknown = reverse("pipeline:message_template_translation", args=[template.pk, "xx"])
    assert client.post(unknown, {"tr-xx-subject": "A", "tr-xx-body": "B"}).status_code == 404


def test_the_edit_page_is_german_for_a_german_user(client, rita, template):
    rita.language = "de"
    rita.save(update_fields=["language"])
    login(client, rita)
    page = client.get(reverse("pipeline:message_template_edit", args=[template.pk]))
    text = page.content.decode()
    assert "Übersetzungen" in text and "Fassung in Deutsch speichern" in text
    assert "Vorschau ohne Speichern" in text


@pytest.mark.django_db
def test_the_board_is_german_for_a_german_user_in_as_many_queries(client, rita, requisition):
    _bulk_applications(requisition, rita, 30)
    login(client, rita)
    with CaptureQueriesContext(connection) as english_queries:
        english = client.get(board_url(requisition)).content.decode()
    rita.language = "de"
    rita.save(update_fields=["language"])
    with CaptureQueriesContext(connection) as german_queries:
        german = client.get(board_url(requisition)).content.decode()
    assert len(german_queries) == len(english_queries)
    assert "Add candidates" in english and "Reject or withdraw" in english
    assert "Kandidaten hinzufügen" in german and "Absagen oder zurückziehen" in german
    assert "Tage in der Phase" in german and '<html lang="de"' in german


def test_a_mention_notification_is_written_in_the_readers_language(requisition, rita, carla, hank):
    from outhire.accounts.models import Notification
    from outhire.accounts.tenancy import Access
    from outhire.pipeline.communication import comments

    carla.language = "de"
    carla.save(update_fields=["language"])
    comments.comment_add(
        requisition=requisition, author=rita, access=Access(rita), body="Ask @Carla Clientadmin"
    )
    to_carla = Notification.objects.get(user=carla, kind="mention")
    assert (
        to_carla.text == "Rita Recruiter hat Sie in einem Kommentar zu „Robotics Engineer“ erwähnt"
    )
    to_hank = Notification.objects.get(user=hank, kind="comment")
    assert to_hank.text == "Rita Recruiter commented on “Robotics Engineer”"
