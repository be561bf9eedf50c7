"""Survey e-mails and pages in the candidate's language; staff pages in the user's
(needs the compiled catalogues)."""

from __future__ import annotations

from django.core import mail

from outhire.accounts.models import User
from outhire.analytics import surveys
from outhire.analytics.models import CandidateSurvey
from outhire.analytics.tasks import send_candidate_survey
from outhire.candidates.models import Candidate
from outhire.candidates.services import candidate_create
from outhire.pipeline import services as pipeline
from outhire.requisitions import services as requisitions
from outhire.testing import login


def _survey(acme, rita, language: str) -> CandidateSurvey:
    req = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    requisitions.requisition_submit(requisition=req, by=rita)
    person = candidate_create(by=rita, first_name="Greta", last_name="Gans", emails=["g@x.test"])
    Candidate.objects.filter(pk=person.pk).update(language=language)
    application = pipeline.application_create(requisition=req, candidate=person, by=rita)
    return CandidateSurvey.objects.create(
        client=acme, application=application, moment="applied", trigger="t:lang"
    )


def test_the_survey_e_mail_is_in_the_candidates_language(acme, rita):
    survey = _survey(acme, rita, "de")
    mail.outbox.clear()
    send_candidate_survey(survey.pk)
    (message,) = mail.outbox
    assert message.subject == "Acme Robotics: Wie war Ihre Erfahrung?"
    assert message.body.startswith("Hallo Greta,")
    assert "Wie wahrscheinlich ist es, dass Sie einem Freund" in message.body
    assert "Um keine weiteren dieser Umfragen zu erhalten:" in message.body


def test_the_survey_page_is_in_the_candidates_language(client, acme, rita):
    survey = _survey(acme, rita, "es")
    url = f"/surveys/{surveys.survey_token(survey)}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es"' in page
    assert "Acme Robotics: ¿cómo fue su experiencia?" in page
    assert "¿Qué probabilidad hay de que recomiende" in page
    thanks = client.post(url, {"score": "8"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Su respuesta a Acme Robotics ha quedado registrada." in thanks


def test_a_staff_dashboard_is_in_the_users_language(client, acme, hank):
    User.objects.filter(pk=hank.pk).update(language="de")
    login(client, hank)
    page = client.get("/analytics/acme/").content.decode()
    assert '<html lang="de"' in page
    assert "Acme Robotics: Recruiting-KPIs" in page
    for label in ("Besetzungsdauer", "Kosten pro Einstellung", "Kennzahlen", "Quellenmix"):
        assert label in page
    assert "Wie wird das berechnet?" in page and "How is this computed?" not in page
    assert "Time to fill" not in page
