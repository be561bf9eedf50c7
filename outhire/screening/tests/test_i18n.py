"""The candidate's assessment pages and e-mail in the candidate's language (the texts come from
the compiled catalogues, outhire/locale)."""

# ruff: noqa: F811 (the fixtures are imported from test_assessments)
from __future__ import annotations

from django.core import mail

from outhire.screening.tests.test_assessments import _send, applicant, assessment  # noqa: F401


def _language(application, code: str) -> None:
    application.candidate.language = code
    application.candidate.save(update_fields=["language"])


def test_a_spanish_candidates_assessment_page_and_e_mail_are_spanish(
    client,
    assessment,
    applicant,
):
    _language(applicant, "es")
    sitting, take = _send(client, assessment, applicant)
    email = mail.outbox[-1]
    assert email.subject == "Data skills para el puesto de Robotics Engineer"
    assert email.body.startswith("Hola, Ada:")
    assert "le rogamos que complete «Data skills»" in email.body
    client.logout()
    response = client.get(take, HTTP_ACCEPT_LANGUAGE="de")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "es"
    assert "Guardar y continuar más tarde" in text and "Finalizar y enviar mis respuestas" in text
    assert "Su respuesta" in text and "obligatoria" in text
    saved = client.post(take, {"action": "save"}, follow=True).content.decode()
    assert "Sus respuestas se han guardado." in saved
    finished = client.post(
        take, {"action": "finish", f"q{sitting.assessment.questions.first().pk}": "0"}
    )
    assert "Responda a las preguntas obligatorias" in finished.content.decode()


def test_the_assessment_page_of_a_candidate_without_a_language_is_english(
    client,
    assessment,
    applicant,
):
    _sitting, take = _send(client, assessment, applicant)
    assert mail.outbox[-1].body.startswith("Hello Ada,")
    client.logout()
    text = client.get(take).content.decode()
    assert "Save and continue later" in text


def test_a_dutch_candidate_reads_the_closed_link_page_in_dutch(
    client,
    assessment,
    applicant,
):
    _language(applicant, "nl")
    sitting, take = _send(client, assessment, applicant)
    sitting.submitted_at = sitting.sent_at
    sitting.save(update_fields=["submitted_at"])
    client.logout()
    assert "Al verstuurd" in client.get(take).content.decode()
