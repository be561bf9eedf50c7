"""A job seeker applies in Chromium: job page, PDF resume, prefilled form, questions, consent.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    watched,
)
from outhire.candidates.models import Consent, Document
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _questions,
    _requisition,
    resume_pdf,
)
from outhire.pipeline.models import Application, ApplicationAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_applies_with_a_pdf_resume(watched, posting, questions, tmp_path):  # noqa: F811
    resume = tmp_path / "jane-applicant-cv.pdf"
    resume.write_bytes(resume_pdf())
    page = watched.page
    # The machine running the suite may be busy: give each step time rather than flake.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    slug, job = posting.client.slug, posting.requisition_id

    # From a job board's link to the job page, then its Apply button.
    page.goto(f"/careers/{slug}/jobs/{job}/?utm_source=indeed&utm_campaign=autumn")
    page.get_by_role("link", name="Apply for this job").first.click()
    expect(page.get_by_role("heading", name="Apply: Robotics Engineer")).to_be_visible()

    # Step 1: the resume, read at once to fill in the form.
    page.get_by_label("Your resume").set_input_files(str(resume))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("status")).to_contain_text("We read your resume and filled in")
    expect(page.get_by_label("First name")).to_have_value("Jane")
    expect(page.get_by_label("Last name")).to_have_value("Applicant")
    expect(page.get_by_label("E-mail")).to_have_value("jane.applicant@example.com")
    expect(page.get_by_label("Phone (optional)")).to_have_value("+442079460958")

    # Step 2: the questions and the consent, then send.
    right_to_work = page.get_by_role("group", name="Do you have the right to work in the UK?")
    right_to_work.get_by_label("Yes").check()
    page.get_by_label("Years of robotics experience").fill("6")
    page.get_by_label("Why this job? (optional)").fill("Robots are my life.")
    consent = page.get_by_label("may process the information in this application", exact=False)
    expect(consent).not_to_be_checked()
    page.get_by_role("button", name="Send my application").click()
    # The consent is required: the form comes back with the error beside it and keeps the rest.
    expect(page.get_by_role("alert")).to_contain_text("we cannot consider you without it")
    expect(page.get_by_label("Years of robotics experience")).to_have_value("6")
    page.get_by_label("may process the information in this application", exact=False).check()
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    assert page.url.endswith(f"/careers/{slug}/jobs/{job}/apply/thanks/")
    watched.assert_clean()

    application = Application.objects.select_related("candidate", "stage").get()
    assert application.candidate.full_name == "Jane Applicant"
    assert application.stage.kind == "applied"
    assert (application.source, application.source_detail) == ("job_board", "indeed")
    assert application.utm_campaign == "autumn"
    assert application.needs_review is False
    assert ApplicationAnswer.objects.filter(application=application).count() == 3
    consent = Consent.objects.get(candidate=application.candidate)
    assert (consent.purpose, consent.method) == ("application", "web_form")
    document = Document.objects.get(candidate=application.candidate)
    assert document.original_name == "jane-applicant-cv.pdf" and document.file_type == "pdf"
    assert [m.to for m in mail.outbox] == [["jane.applicant@example.com"]]
