"""The public apply flow: resume step, prefilled form, submission, answers, consents, e-mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outhire.candidates.models import Candidate, Consent, ContactPoint, Document
from outhire.candidates.services import candidate_create
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _questions,
    _requisition,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.careers.models import JobPosting
from outhire.careers.signals import application_submitted
from outhire.pipeline.models import Application, ApplicationAnswer
from outhire.requisitions.models import ScreeningQuestion

pytestmark = pytest.mark.django_db


def pdf_file(name="jane-cv.pdf", data=None):
    return SimpleUploadedFile(name, data or resume_pdf(), content_type="application/pdf")


def upload_ref(response) -> str:
    match = re.search(r'name="upload_ref" value="([^"]+)"', response.content.decode())
    assert match, "the form keeps the uploaded resume under a signed reference"
    return match.group(1)


def test_it_shows_the_resume_step_without_signing_in(client, posting):
    response = client.get(apply_url(posting))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Apply: Robotics Engineer" in body
    assert 'type="file"' in body and 'enctype="multipart/form-data"' in body
    assert "one-page form" in body


@pytest.mark.parametrize(
    "change",
    [
        {"status": JobPosting.Status.DRAFT},
        {"status": JobPosting.Status.WITHDRAWN},
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_only_a_live_posting_takes_applications(client, posting, change):
    JobPosting.objects.filter(pk=posting.pk).update(**change)
    assert client.get(apply_url(posting)).status_code == 404
    assert client.post(apply_url(posting), form_data()).status_code == 404


def test_a_job_advertised_only_on_a_job_board_takes_applications_from_its_page(client, posting):
    """Indeed's link lands on the job page, whose Apply button must not lead to a 404."""
    JobPosting.objects.filter(pk=posting.pk).update(channel=JobPosting.Channel.INDEED)
    assert client.get(apply_url(posting)).status_code == 200


def test_another_clients_slug_is_not_found(client, posting, globex):
    url = f"/careers/{globex.slug}/jobs/{posting.requisition_id}/apply/"
    assert client.get(url).status_code == 404


def test_the_resume_step_reads_the_resume_and_prefills_the_form(client, posting, questions):
    response = client.post(apply_url(posting), {"action": "upload", "resume": pdf_file()})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="jane.applicant@example.com"' in body
    assert 'value="Jane"' in body and 'value="Applicant"' in body
    assert "+442079460958" in body
    assert "London" in body
    assert "We read your resume and filled in" in body
    assert "Do you have the right to work in the UK?" in body
    assert upload_ref(response)
    # Nothing is stored about the person before they send the form.
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    ("contact", "phone", "place"),
    [
        (["Harrogate, North Yorkshire", "07700 900123"], "+447700900123",
         "Harrogate, North Yorkshire, United Kingdom"),
        (["07700 900123 · amy.clark@example.org · Reading, Berkshire"], "+447700900123",
         "Reading, Berkshire, United Kingdom"),
        (["Tel: (020) 7946 0000", "4 Mill Lane, Guildford GU1 3AA"], "+442079460000",
         "Guildford, United Kingdom"),
        (["Mobile: +44 7700 900123", "Cheltenham"], "+447700900123",
         "Cheltenham, United Kingdom"),
    ],
)  # fmt: skip
def test_a_uk_resume_prefills_the_phone_and_the_location(client, posting, contact, phone, place):
    # seen by people: a UK resume left the form's phone and location empty
    lines = ["Amy Clark", "Staff Nurse", *contact, "amy.clark@example.org", "", "EXPERIENCE",
             "Staff Nurse, Harbourview Care, 2019 - Present"]  # fmt: skip
    response = client.post(
        apply_url(posting), {"action": "upload", "resume": pdf_file(data=resume_pdf(lines))}
    )
    body = response.content.decode()
    assert f'value="{phone}"' in body
    assert f'value="{place}"' in body


def test_it_submits_an_application_after_the_resume_step(
    client, posting, questions, django_capture_on_commit_callbacks
):
    received = []
    application_submitted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        step = client.post(apply_url(posting), {"action": "upload", "resume": pdf_file()})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                apply_url(posting), form_data(questions, upload_ref=upload_ref(step))
            )
    finally:
        application_submitted.disconnect(dispatch_uid="t")
    assert response.status_code == 302
    assert response["Location"] == apply_url(posting) + "thanks/"
    application = Application.objects.get()
    assert application.requisition == posting.requisition
    assert application.stage.kind == "applied"
    assert application.source == "careers_site"
    assert application.needs_review is False
    candidate = application.candidate
    assert (candidate.first_name, candidate.last_name) == ("Jane", "Applicant")
    assert candidate.email == "jane.applicant@example.com"
    assert candidate.source == "careers_site"
    document = Document.objects.get(candidate=candidate)
    assert document.original_name == "jane-cv.pdf" and document.file_type == "pdf"
    assert "Robotics Engineer" in document.text  # parsed after commit
    answers = {a.question_text: a.answer for a in ApplicationAnswer.objects.all()}
    assert answers == {
        "Do you have the right to work in the UK?": "yes",
        "Which shift suits you?": "Late",
        "Years of robotics experience": "5",
        "Why this job?": "I love robots.",
    }
    consent = Consent.objects.get(candidate=candidate)
    assert consent.purpose == "application" and consent.method == "web_form"
    assert "may process the information in this application" in consent.evidence
    assert [kw["via"] for kw in received] == ["careers"]
    assert received[0]["application"] == application
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jane.applicant@example.com"]
    assert "Robotics Engineer" in mail.outbox[0].subject
    page = client.get(response["Location"])
    assert "Thank you for applying" in page.content.decode()
    assert "jane" not in response["Location"].lower()


def test_one_step_application_with_the_file_and_everything_typed(client, posting, questions):
    assert "Your resume" in client.get(apply_url(posting) + "?mode=full").content.decode()
    data = form_data(questions, resume=pdf_file(), consent_talent_pool="on")
    response = client.post(apply_url(posting), data)
    assert response.status_code == 302
    application = Application.objects.get()
    purposes = dict(Consent.objects.values_list("purpose", "expires_at"))
    assert set(purposes) == {"application", "talent_pool"}
    assert purposes["application"] is None
    months = (purposes["talent_pool"] - timezone.now()).days / 30.44
    assert 23.5 < months < 24.5
    assert Document.objects.filter(candidate=application.candidate).count() == 1


def test_the_talent_pool_consent_is_optional_and_unticked(client, posting):
    body = client.get(apply_url(posting) + "?mode=full").content.decode()
    box = re.search(r'<input type="checkbox" name="consent_talent_pool"[^>]*>', body).group(0)
    assert "checked" not in box and "required" not in box
    assert "24 months" in body
    client.post(apply_url(posting), form_data(resume=pdf_file()))
    assert list(Consent.objects.values_list("purpose", flat=True)) == ["application"]


def test_a_knockout_answer_flags_the_application_but_never_rejects_it(client, posting, questions):
    data = form_data(questions, resume=pdf_file())
    data[f"question_{questions['permit'].pk}"] = "no"
    data[f"question_{questions['years'].pk}"] = "1"
    assert client.post(apply_url(posting), data).status_code == 302
    application = Application.objects.get()
    assert application.needs_review is True
    assert application.status == "active" and application.stage.kind == "applied"
    assert "right to work" in application.review_reason
    assert "Years of robotics experience" in application.review_reason
    flagged = set(
        ApplicationAnswer.objects.filter(is_knockout=True).values_list("question_text", flat=True)
    )
    assert flagged == {"Do you have the right to work in the UK?", "Years of robotics experience"}


def test_applying_twice_is_caught_kindly(client, posting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(apply_url(posting), form_data(resume=pdf_file()))
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            apply_url(posting), form_data(resume=pdf_file(), first_name="Janet", phone="")
        )
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().first_name == "Jane"
    assert Document.objects.count() == 1
    assert len(mail.outbox) == 2
    assert "already have your application" in mail.outbox[1].subject
    # The same browser is told plainly on the form.
    assert (
        "You have already applied for this job" in client.get(apply_url(posting)).content.decode()
    )


def test_a_second_browser_applying_again_learns_nothing_from_the_page(client, posting):
    client.post(apply_url(posting), form_data(resume=pdf_file()))
    client.cookies.clear()
    page = client.get(apply_url(posting)).content.decode()
    assert "already applied" not in page
    response = client.post(apply_url(posting), form_data(resume=pdf_file()))
    assert response.status_code == 302
    assert "already" not in client.get(response["Location"]).content.decode()
    assert Application.objects.count() == 1


def test_an_existing_candidate_is_matched_and_never_overwritten(
    client, posting, rita, django_capture_on_commit_callbacks
):
    known = candidate_create(
        by=rita,
        first_name="Janet",
        last_name="Known",
        location="Leeds",
        emails=["other@example.com", "Jane.Applicant@example.com"],
        phones=["+44 113 496 0000"],
    )
    before = sorted(ContactPoint.objects.values_list("id", "value_index"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(posting), form_data(resume=pdf_file()))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.candidate == known
    known.refresh_from_db()
    assert (known.first_name, known.last_name, known.location) == ("Janet", "Known", "Leeds")
    assert sorted(ContactPoint.objects.values_list("id", "value_index")) == before
    assert Candidate.objects.count() == 1
    # The resume is on file, its text read for search; the profile is left as it was.
    document = Document.objects.get(candidate=known)
    assert "Robotics" in document.text
    assert not known.profile_entries.exists()
    assert mail.outbox[-1].to == ["Jane.Applicant@example.com"]


def test_the_apply_page_runs_a_constant_number_of_queries(client, posting, requisition):
    def queries(count: int) -> int:
        ScreeningQuestion.objects.filter(requisition=requisition).delete()
        for n in range(count):
            ScreeningQuestion.objects.create(
                client=requisition.client,
                requisition=requisition,
                position=n,
                text=f"Question {n}",
                kind="choice",
                choices=["A", "B", "C"],
            )
        with CaptureQueriesContext(connection) as context:
            response = client.get(apply_url(posting) + "?mode=full")
        assert response.status_code == 200
        assert f"Question {count - 1}" in response.content.decode()
        return len(context)

    assert queries(2) == queries(25)
    assert queries(25) <= 6
