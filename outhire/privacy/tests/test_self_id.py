"""Self-identification questions by the job's country: the US EEO questions for US jobs only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.careers.apply import services as apply_services
from outhire.careers.apply.attribution import Attribution
from outhire.careers.apply.forms import ApplyForm
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.careers.models import JobPosting
from outhire.pipeline.models import Application
from outhire.privacy import self_id
from outhire.privacy.models import RACE_CHOICES, SEX_CHOICES, SelfIdentification
from outhire.requisitions import services as requisitions

pytestmark = pytest.mark.django_db

CONSENTS = {"processing": "I agree", "talent_pool": "Keep me"}


def test_us_jobs_ask_the_eeo_questions_and_nowhere_else():
    us = self_id.questions_for("US")
    assert [q.field for q in us] == ["sex", "race_ethnicity"]
    assert us[0].choices == tuple(SEX_CHOICES) and us[1].choices == tuple(RACE_CHOICES)
    assert self_id.questions_for("us") == us
    for country in ("", "GB", "DE", "FR", "IE", "NL", "CA", "XX"):
        assert self_id.questions_for(country) == (), country


def test_only_answers_to_questions_asked_with_offered_values_are_kept():
    answers = {"sex": "Female", "race_ethnicity": "Robot", "favourite": "blue"}
    assert self_id.answers_for("US", answers) == {"sex": "Female"}
    assert self_id.answers_for("DE", {"sex": "Female", "race_ethnicity": "Asian"}) == {}
    assert self_id.answers_for("US", {"sex": "", "race_ethnicity": "Declined"}) == {
        "race_ethnicity": "Declined"
    }


def test_every_question_stores_into_a_field_of_self_identification():
    fields = {f.name for f in SelfIdentification._meta.concrete_fields}
    assert fields >= self_id.ALL_FIELDS


def test_the_form_has_the_questions_only_when_given_them():
    plain = ApplyForm(consent_texts=CONSENTS)
    assert "sex" not in plain.fields and "race_ethnicity" not in plain.fields
    assert plain.self_id_fields() == []
    us = ApplyForm(consent_texts=CONSENTS, self_id_questions=self_id.questions_for("US"))
    assert [f.name for f in us.self_id_fields()] == ["sex", "race_ethnicity"]
    assert us.fields["sex"].required is False
    bound = ApplyForm(
        {"sex": "Robot"},
        consent_texts=CONSENTS,
        self_id_questions=self_id.questions_for("US"),
    )
    assert not bound.is_valid() and "sex" in bound.errors


@pytest.fixture
def german_posting(acme, rita):
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Robotik-Ingenieurin", "country": "DE"}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    requisitions.dispositions_ensure(acme)
    return JobPosting.objects.create(
        client=acme,
        requisition=requisition,
        channel=JobPosting.Channel.CAREERS,
        status=JobPosting.Status.PUBLISHED,
    )


def _submit(client, posting, **overrides):
    data = form_data(
        resume=SimpleUploadedFile("cv.pdf", resume_pdf(), "application/pdf"), **overrides
    )
    response = client.post(apply_url(posting), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.cookies.clear()
    return Application.objects.latest("id")


def test_the_apply_page_asks_only_for_a_us_job(client, posting, german_posting):
    assert posting.requisition.country == "US"
    us_page = client.get(apply_url(posting) + "?mode=full").content.decode()
    assert "Voluntary self-identification" in us_page
    assert 'name="sex"' in us_page and 'name="race_ethnicity"' in us_page
    de_page = client.get(apply_url(german_posting) + "?mode=full").content.decode()
    assert 'name="first_name"' in de_page
    assert "self-identification" not in de_page
    assert 'name="sex"' not in de_page and 'name="race_ethnicity"' not in de_page


def test_applying_stores_answers_for_a_us_job_and_drops_them_elsewhere(
    client, posting, german_posting
):
    us = _submit(client, posting, sex="Female", race_ethnicity="Asian")
    record = SelfIdentification.objects.get(application=us)
    assert (record.sex, record.race_ethnicity) == ("Female", "Asian")
    # Someone posting the answers to a German job anyway: the application goes in, the
    # answers are not stored.
    de = _submit(
        client, german_posting, email="hans@example.com", sex="Male", race_ethnicity="White"
    )
    assert de.requisition.country == "DE"
    assert not SelfIdentification.objects.filter(application=de).exists()


def test_a_job_without_a_country_asks_nothing(client, posting):
    requisition = posting.requisition
    requisition.country = ""
    requisition.save(update_fields=["country"])
    page = client.get(apply_url(posting) + "?mode=full").content.decode()
    assert 'name="sex"' not in page
    application = _submit(client, posting, sex="Female")
    assert not SelfIdentification.objects.filter(application=application).exists()


def test_the_service_drops_answers_a_job_does_not_ask(german_posting):
    data = apply_services.ApplyData(
        first_name="Hans",
        last_name="Muster",
        email="hans.muster@example.com",
        consent_processing=True,
        sex="Male",
        race_ethnicity="White",
    )
    upload = apply_services.upload_stage(data=resume_pdf(), filename="cv.pdf")
    result = apply_services.application_submit(
        posting=german_posting, data=data, upload=upload, attribution=Attribution()
    )
    assert not SelfIdentification.objects.filter(application=result.application).exists()
