"""What recruiters see of an application sent through the careers site, and what they never see."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.accounts import services as account_services
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _questions,
    _requisition,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.pipeline.models import Application
from outhire.privacy.models import SelfIdentification
from outhire.testing import login

pytestmark = pytest.mark.django_db


def _apply(client, questions, **overrides):
    data = form_data(
        questions,
        resume=SimpleUploadedFile("cv.pdf", resume_pdf(), "application/pdf"),
        utm_source="linkedin",
        utm_campaign="autumn-campaign",
        consent_talent_pool="on",
        **overrides,
    )
    data[f"question_{questions['permit'].pk}"] = "no"
    response = client.post(apply_url(posting_of(questions)), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.cookies.clear()
    return Application.objects.latest("id")


def posting_of(questions):
    return questions["permit"].requisition.postings.get()


def test_self_identification_is_stored_encrypted_and_apart(client, posting, questions):
    application = _apply(client, questions, sex="Female", race_ethnicity="Two or more races")
    record = SelfIdentification.objects.get(application=application)
    assert (record.sex, record.race_ethnicity) == ("Female", "Two or more races")
    assert record.client_id == application.client_id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sex, race_ethnicity FROM privacy_selfidentification WHERE id = %s", [record.pk]
        )
        raw = " ".join(cursor.fetchone())
    assert "Female" not in raw and "races" not in raw


def test_declining_self_identification_is_recorded_and_blank_stores_nothing(
    client, posting, questions
):
    declined = _apply(client, questions, sex="Declined", race_ethnicity="")
    assert SelfIdentification.objects.get(application=declined).sex == "Declined"
    _apply(client, questions, email="other@example.com")
    assert SelfIdentification.objects.count() == 1


def test_a_made_up_self_identification_answer_is_a_form_error(client, posting, questions):
    data = form_data(
        questions,
        resume=SimpleUploadedFile("cv.pdf", resume_pdf(), "application/pdf"),
        sex="Robot",
    )
    response = client.post(apply_url(posting), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SelfIdentification.objects.exists()


def test_the_recruiter_sees_source_answers_consents_and_the_flag_never_self_id(
    client, posting, questions, rita
):
    application = _apply(client, questions, sex="Female", race_ethnicity="Asian")
    login(client, rita)
    body = client.get(f"/applications/{application.pk}/").content.decode()
    assert "From the application form" in body
    assert "Needs a person&#x27;s review" in body or "Needs a person's review" in body
    assert "right to work in the UK" in body
    assert 'class="knockout"' in body and "knockout: review" in body
    assert "Job board (LinkedIn)" in body and "autumn-campaign" in body
    assert "Processing of an application: active" in body
    assert "Talent pool for future roles: active" in body
    for private in ("Female", "Asian", "Sex", "Race or ethnicity", "self-identification"):
        assert private not in body, private


def test_the_panel_costs_the_same_queries_for_many_answers(client, posting, questions, rita):
    application = _apply(client, questions)
    login(client, rita)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/applications/{application.pk}/").status_code == 200
        return len(context)

    few = count()
    for n in range(20):
        application.answers.create(
            client=application.client, question_text=f"Extra {n}", answer="yes", position=9 + n
        )
    assert count() == few


def test_the_answers_api(client, posting, questions, rita, gina, globex, carla):
    application = _apply(client, questions)
    _, secret = account_services.api_token_create(
        name="Rita", client=None, can_write=False, by=rita
    )
    url = f"/api/v1/applications/{application.pk}/answers"
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["needs_review"] is True and body["source"] == "job_board"
    assert body["utm_campaign"] == "autumn-campaign"
    knockouts = [a["question"] for a in body["answers"] if a["is_knockout"]]
    assert knockouts == ["Do you have the right to work in the UK?"]
    assert "sex" not in response.content.decode().lower()
    # Outsiders, and the client itself before the candidate is shortlisted to it: 404.
    for user, scope in ((gina, globex), (carla, application.client)):
        _, other = account_services.api_token_create(
            name="Other", client=scope, can_write=False, by=user
        )
        refused = client.get(url, HTTP_AUTHORIZATION=f"Bearer {other}")
        assert refused.status_code == 404
        assert refused.json()["code"] == "not_found"
