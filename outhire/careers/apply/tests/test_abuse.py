"""Abuse and bad input on the apply page: rate limit, honeypot, file checks, kept input."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.candidates.models import Candidate, Consent, Document
from outhire.careers.apply import services as apply_services
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

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name="jane-cv.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, resume_pdf() if data is None else data, content_type)


def staged_files() -> list[str]:
    try:
        return default_storage.listdir(apply_services.UPLOAD_DIR)[1]
    except FileNotFoundError:
        return []


def test_a_filled_honeypot_looks_like_success_and_saves_nothing(client, posting, questions):
    data = form_data(questions, resume=upload(), website="http://spam.example")
    response = client.post(apply_url(posting), data)
    assert response.status_code == 302
    assert response["Location"] == apply_url(posting) + "thanks/"
    assert "Thank you for applying" in client.get(response["Location"]).content.decode()
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert staged_files() == []


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, posting):
    body = client.get(apply_url(posting) + "?mode=full").content.decode()
    trap = re.search(r'<div class="apply-hp" aria-hidden="true">.*?</div>', body, re.S).group(0)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_too_many_posts_from_one_address_get_a_friendly_429(client, posting, settings):
    settings.OUTHIRE_APPLY_MAX_PER_HOUR = 2
    for _ in range(2):
        assert client.post(apply_url(posting), {"action": "upload"}).status_code == 400
    response = client.post(apply_url(posting), form_data(resume=upload()))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Please try again in a little while" in response.content.decode()
    assert not Application.objects.exists()
    # Another address is not held back, and reading the page is never limited.
    assert client.get(apply_url(posting)).status_code == 200
    other = client.post(apply_url(posting), form_data(resume=upload()), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.pdf", PNG, "This is an image, not a document."),
        ("empty.pdf", b"", "empty"),
        ("page.html", b"<!doctype html><html><body>Jane</body></html>", "PDF or Word (DOCX)"),
        ("cv.pdf", b"%PDF-1.4 broken" + b"\x00" * 100, ""),
    ],
)
def test_a_bad_file_is_refused_beside_the_field(client, posting, name, data, message):
    response = client.post(apply_url(posting), {"action": "upload", "resume": upload(name, data)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "We could not read your resume." in body
    assert message in body
    assert staged_files() == []


def test_a_file_over_the_size_limit_is_refused(client, posting, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    big = resume_pdf() + b"%" * (1024 * 1024)
    response = client.post(apply_url(posting), form_data(resume=upload(data=big)))
    assert response.status_code == 400
    assert "larger than the 1 MB limit" in response.content.decode()
    assert not Application.objects.exists()


def test_a_zip_bomb_docx_is_refused(client, posting):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "a" * (30 * 1024 * 1024))
    response = client.post(
        apply_url(posting), {"action": "upload", "resume": upload("cv.docx", buffer.getvalue())}
    )
    assert response.status_code == 400
    assert not staged_files()


def test_a_failed_submission_shows_each_error_and_keeps_everything(
    client, posting, questions, django_capture_on_commit_callbacks
):
    data = form_data(
        questions,
        resume=upload(),
        email="not-an-email",
        consent_processing=None,
        phone="call me",
    )
    data[f"question_{questions['permit'].pk}"] = ""
    response = client.post(apply_url(posting), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please check 4 things below." in body
    assert "Enter a valid email address." in body
    assert "Enter a phone number with digits" in body
    assert "we cannot consider you without it" in body
    assert 'aria-invalid="true"' in body
    # What was typed is still there, the resume too (kept under a signed reference).
    assert 'value="Jane"' in body and 'value="not-an-email"' in body
    assert "I love robots." in body
    assert 'value="Late"' in body and "checked" in body
    assert "We have jane-cv.pdf" in body
    ref = re.search(r'name="upload_ref" value="([^"]+)"', body).group(1)
    assert not Application.objects.exists() and not Consent.objects.exists()

    fixed = form_data(questions, upload_ref=ref)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(posting), fixed)
    assert response.status_code == 302
    application = Application.objects.get()
    assert Document.objects.get(candidate=application.candidate).original_name == "jane-cv.pdf"
    assert staged_files() == []


def test_a_submission_without_a_resume_asks_for_one(client, posting):
    response = client.post(apply_url(posting), form_data())
    assert response.status_code == 400
    assert "Please add your resume" in response.content.decode()


def test_a_forged_or_expired_upload_reference_is_not_accepted(client, posting, questions):
    staged = apply_services.upload_stage(data=resume_pdf(), filename="cv.pdf")
    forged = staged.ref[:-3] + ("AAA" if not staged.ref.endswith("AAA") else "BBB")
    response = client.post(apply_url(posting), form_data(questions, upload_ref=forged))
    assert response.status_code == 400
    assert "Please add your resume" in response.content.decode()
    assert apply_services.upload_load(staged.ref) is not None


def test_abandoned_uploads_are_purged(posting):
    from datetime import timedelta

    apply_services.upload_stage(data=resume_pdf(), filename="cv.pdf")
    assert apply_services.uploads_purge() == 0
    assert apply_services.uploads_purge(older_than=timedelta(seconds=-1)) == 1
    assert staged_files() == []


def test_junk_in_every_field_is_a_form_error_not_a_server_error(client, posting, questions):
    junk = {name: "x" * 5000 for name in form_data(questions)}
    junk.update(action="submit", website="", utm_source="\u202e" * 300, upload_ref="junk")
    junk[f"question_{questions['years'].pk}"] = "1e400"
    response = client.post(apply_url(posting), junk)
    assert response.status_code == 400
    assert not Application.objects.exists()
