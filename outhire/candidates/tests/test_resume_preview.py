"""The resume preview on the candidate page: the text read from the file, escaped."""

from __future__ import annotations

import pytest

from outhire.candidates.models import Document
from outhire.candidates.tests.test_documents import make_pdf, upload
from outhire.testing import login

HOSTILE_HTML = (
    b"<html><body><h1>Grace Hopper</h1><p>Compiler pioneer &amp; admiral</p>"
    b"<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>"
    b"<script>alert('file')</script><img src=x onerror=alert(1)></body></html>"
)


@pytest.fixture
def grace(make_candidate, rita):
    return make_candidate("Grace", "Hopper", by=rita)


def _read(client, candidate, data, name, kind, capture):
    with capture(execute=True):
        assert upload(client, candidate, data, name, kind).status_code == 302
    return Document.objects.get(candidate=candidate, original_name=name)


def _preview(page: str) -> str:
    return page.split('class="resume-preview"')[1].split("</div>")[0]


def test_it_shows_the_newest_resumes_text_escaped_never_the_file(
    client, rita, grace, django_capture_on_commit_callbacks
):
    login(client, rita)
    html = _read(
        client, grace, HOSTILE_HTML, "cv.html", "resume", django_capture_on_commit_callbacks
    )
    assert "<script>alert('x')</script>" in html.text  # the text holds what the page said
    page = client.get(f"/candidates/{grace.pk}/").content.decode()
    assert 'id="resume-preview"' in page and "cv.html" in page
    preview = _preview(page)
    assert "Compiler pioneer &amp; admiral" in preview
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in preview
    assert "<script" not in preview and "<img" not in preview and "onerror" not in page


def test_it_previews_another_of_the_candidates_documents_on_request(
    client, rita, grace, django_capture_on_commit_callbacks
):
    login(client, rita)
    pdf = _read(client, grace, make_pdf(), "cv.pdf", "resume", django_capture_on_commit_callbacks)
    letter = _read(
        client,
        grace,
        make_pdf(["Dear hiring manager,", "I write about the compiler role."]),
        "letter.pdf",
        "cover_letter",
        django_capture_on_commit_callbacks,
    )
    page = client.get(f"/candidates/{grace.pk}/").content.decode()
    assert "Remington Rand" in _preview(page)  # the resume, not the newer letter
    assert f'href="?preview={letter.pk}#resume-preview"' in page
    page = client.get(f"/candidates/{grace.pk}/", {"preview": letter.pk}).content.decode()
    assert "compiler role" in _preview(page) and f'href="?preview={pdf.pk}#resume-preview"' in page


def test_another_candidates_or_a_junk_document_is_404(
    client, rita, grace, ada, django_capture_on_commit_callbacks
):
    login(client, rita)
    theirs = _read(client, ada, make_pdf(), "ada.pdf", "resume", django_capture_on_commit_callbacks)
    for value in (theirs.pk, "junk", "0"):
        assert client.get(f"/candidates/{grace.pk}/", {"preview": value}).status_code == 404


def test_no_readable_text_no_preview(client, rita, grace):
    login(client, rita)
    assert 'id="resume-preview"' not in client.get(f"/candidates/{grace.pk}/").content.decode()


def test_client_users_never_see_it(
    client, carla, gina, grace, rita, django_capture_on_commit_callbacks
):
    login(client, rita)
    _read(client, grace, make_pdf(), "cv.pdf", "resume", django_capture_on_commit_callbacks)
    for user in (carla, gina):
        login(client, user)
        response = client.get(f"/candidates/{grace.pk}/")
        assert response.status_code == 404 and b"Remington" not in response.content


def test_a_long_text_is_cut_and_says_so(client, rita, grace, monkeypatch):
    from django.core.files.base import ContentFile

    from outhire.candidates import views

    monkeypatch.setattr(views, "PREVIEW_CHARS", 100)
    Document.objects.create(
        candidate=grace,
        file=ContentFile(b"x", name="long.txt"),
        original_name="long.txt",
        file_type="txt",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        text="word " * 100 + "TAIL-MARKER",
    )
    login(client, rita)
    page = client.get(f"/candidates/{grace.pk}/").content.decode()
    assert "its first 100 characters" in page and "TAIL-MARKER" not in page
