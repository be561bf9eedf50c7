from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Document, ProfileEntry
from outhire.testing import bearer, login

RESUME_LINES = [
    "Grace Hopper",
    "Senior Software Engineer",
    "grace.hopper@example.org | +1 202 555 0143",
    "",
    "Experience",
    "Senior Software Engineer, Remington Rand",
    "Jan 2015 - Present",
    "Built the first compiler for business languages.",
    "",
    "Education",
    "Yale University",
    "PhD in Mathematics, 2010",
    "",
    "Skills",
    "Python, COBOL, PostgreSQL",
]


def make_pdf(lines=RESUME_LINES) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.save()
    return buffer.getvalue()


def make_docx(lines=RESUME_LINES) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, candidate, data: bytes, name: str, kind: str = "resume"):
    return client.post(
        f"/candidates/{candidate.pk}/documents/",
        {"file": SimpleUploadedFile(name, data), "kind": kind},
    )


@pytest.fixture
def grace(make_candidate, rita):
    return make_candidate("Grace", "Hopper", by=rita)


@pytest.mark.parametrize(
    ("maker", "name", "kind"), [(make_pdf, "cv.pdf", "pdf"), (make_docx, "cv.docx", "docx")]
)
def test_it_uploads_and_reads_a_resume(
    client, rita, grace, maker, name, kind, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, grace, maker(), name)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_type == kind and document.original_name == name
    assert document.file.name == f"documents/{document.sha256[:2]}/{document.sha256}"
    assert "Remington Rand" in document.text
    assert document.parsed_at is not None
    skills = set(grace.profile_entries.filter(kind="skill").values_list("name", flat=True))
    assert {"Python", "COBOL"} <= skills
    assert grace.profile_entries.filter(kind="work").exists()
    # The candidate had no contact points: they come from the resume
    grace.refresh_from_db()
    assert grace.email == "grace.hopper@example.org"
    assert grace.phone
    assert AuditEvent.objects.filter(action="document.uploaded").exists()
    assert "Remington" in grace.search_text


def test_it_keeps_the_contact_points_a_candidate_has(
    client, rita, ada, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, ada, make_pdf(), "cv.pdf")
    assert sorted(p.value for p in ada.contact_points.all()) == [
        "+44 20 7946 0018",
        "ada@example.org",
    ]


def test_a_certificate_is_not_parsed_as_a_resume(
    client, rita, grace, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(), "cert.pdf", kind="certificate")
    assert Document.objects.get().text
    assert not grace.profile_entries.exists()


def test_an_empty_file_is_refused(client, rita, grace):
    login(client, rita)
    response = upload(client, grace, b"", "cv.pdf")
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_a_binary_file_with_a_resume_name_is_refused(client, rita, grace):
    login(client, rita)
    response = upload(client, grace, b"MZ\x90\x00" + bytes(range(256)) * 8, "cv.pdf")
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert not default_storage.exists("documents")


def test_a_truncated_pdf_is_refused(client, rita, grace):
    login(client, rita)
    response = upload(client, grace, make_pdf()[:300], "cv.pdf")
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_a_file_named_wrongly_is_typed_by_its_content(client, rita, grace):
    login(client, rita)
    response = upload(client, grace, make_pdf(), "cv.docx")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_type == "pdf" and document.content_type == "application/pdf"
    assert document.original_name == "cv.docx.pdf"
    page = client.get(f"/candidates/{grace.pk}/").content.decode()
    assert "it was read as such" in page


def test_a_file_over_the_limit_is_refused(client, rita, grace, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 0.001  # about 1 KB
    login(client, rita)
    response = upload(client, grace, b"hello world\n" * 200, "cv.txt")
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Document.objects.exists()


def test_the_same_file_twice_is_refused(client, rita, grace):
    login(client, rita)
    data = make_pdf()
    assert upload(client, grace, data, "cv.pdf").status_code == 302
    response = upload(client, grace, data, "copy.pdf")
    assert response.status_code == 400
    assert "already attached" in response.content.decode()
    assert Document.objects.count() == 1


def test_the_same_file_may_belong_to_two_candidates(client, rita, grace, ada):
    login(client, rita)
    data = make_pdf()
    assert upload(client, grace, data, "cv.pdf").status_code == 302
    assert upload(client, ada, data, "cv.pdf").status_code == 302
    first, second = Document.objects.order_by("id")
    assert first.file.name != second.file.name
    assert first.file.read() == second.file.read() == data


def test_a_download_is_an_audited_attachment(client, rita, grace):
    login(client, rita)
    upload(client, grace, b"<html><body><script>alert(1)</script>Hi</body></html>", "cv.html")
    document = Document.objects.get()
    response = client.get(f"/candidates/{grace.pk}/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="cv.html"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"<html>")
    event = AuditEvent.objects.get(action="document.downloaded")
    assert event.actor == rita and event.object_id == str(document.pk)


def test_a_document_of_another_candidate_is_not_found(client, rita, grace, ada):
    login(client, rita)
    upload(client, grace, make_pdf(), "cv.pdf")
    document = Document.objects.get()
    assert client.get(f"/candidates/{ada.pk}/documents/{document.pk}/download/").status_code == 404


def test_client_users_cannot_download(client, rita, carla, grace):
    login(client, rita)
    upload(client, grace, make_pdf(), "cv.pdf")
    document = Document.objects.get()
    login(client, carla)
    url = f"/candidates/{grace.pk}/documents/{document.pk}/download/"
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_corrections_survive_reading_the_resume_again(
    client, rita, grace, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(), "cv.pdf")
    cobol = grace.profile_entries.get(kind="skill", name="COBOL")
    python = grace.profile_entries.get(kind="skill", name="Python")
    client.post(f"/candidates/{grace.pk}/profile/{cobol.pk}/remove/")
    client.post(
        f"/candidates/{grace.pk}/profile/{python.pk}/",
        {"kind": "skill", "name": "Python", "detail": "Expert"},
    )
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/candidates/{grace.pk}/documents/{document.pk}/reparse/")
    assert response.status_code == 302
    visible = grace.profile_entries.filter(kind="skill", hidden=False)
    assert not visible.filter(name="COBOL").exists()
    assert list(visible.filter(name="Python").values_list("detail", "origin")) == [
        ("Expert", "recruiter")
    ]
    assert ProfileEntry.objects.filter(candidate=grace, name="PostgreSQL").count() == 1


def test_a_file_whose_text_is_damaged_is_kept_and_marked_unreadable(
    client, rita, grace, django_capture_on_commit_callbacks
):
    from outhire.candidates.tests.hostile_files import docx_lt_flood

    login(client, rita)
    data = docx_lt_flood()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, grace, data, "cv.docx")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.unreadable and document.text == ""
    assert document.parse_warnings == ["This document's text is damaged and can't be read."]
    assert document.parsed_at is not None
    assert default_storage.open(document.file.name).read() == data
    page = client.get(f"/candidates/{grace.pk}/").content.decode()
    assert "Could not read this file" in page


# --- API ----------------------------------------------------------------------------------


def test_the_api_uploads_lists_and_downloads(
    client, alice, grace, token_for, django_capture_on_commit_callbacks
):
    headers = bearer(token_for(alice))
    data = make_docx()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/candidates/{grace.pk}/documents",
            {"file": SimpleUploadedFile("cv.docx", data), "kind": "resume"},
            headers=headers,
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["file_type"] == "docx" and body["size"] == len(data)
    listed = client.get(f"/api/v1/candidates/{grace.pk}/documents", headers=headers).json()
    assert listed[0]["parsed_at"] is not None
    response = client.get(
        f"/api/v1/candidates/{grace.pk}/documents/{body['id']}/download", headers=headers
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == data


def test_the_api_refuses_bad_and_duplicate_files(client, alice, grace, token_for):
    headers = bearer(token_for(alice))
    url = f"/api/v1/candidates/{grace.pk}/documents"
    response = client.post(url, {"file": SimpleUploadedFile("cv.pdf", b"")}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    data = make_pdf()
    assert (
        client.post(url, {"file": SimpleUploadedFile("a.pdf", data)}, headers=headers).status_code
        == 201
    )
    response = client.post(url, {"file": SimpleUploadedFile("b.pdf", data)}, headers=headers)
    assert response.status_code == 409
    assert "already attached" in response.json()["message"]
    assert Document.objects.count() == 1


def test_the_api_refuses_uploads_from_read_only_and_client_tokens(
    client, alice, carla, acme, grace, token_for
):
    url = f"/api/v1/candidates/{grace.pk}/documents"
    read_only = bearer(token_for(alice, can_write=False))
    response = client.post(
        url, {"file": SimpleUploadedFile("a.pdf", make_pdf())}, headers=read_only
    )
    assert response.status_code == 403
    client_token = bearer(token_for(carla, acme))
    response = client.post(
        url, {"file": SimpleUploadedFile("a.pdf", make_pdf())}, headers=client_token
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_reading_waits_for_the_commit(client, rita, grace, django_capture_on_commit_callbacks):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client, grace, make_pdf(), "cv.pdf")
    assert len(callbacks) == 1
    assert Document.objects.get().parsed_at is None


def test_a_newer_resume_updates_the_headline_it_set(
    client, rita, grace, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(), "cv-2020.pdf")
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == (
        "Senior Software Engineer",
        "Remington Rand",
    )
    newer = [
        "Grace Hopper",
        "Director of Programming",
        "grace.hopper@example.org",
        "",
        "Experience",
        "Director of Programming, Sperry Corporation",
        "Jan 2021 - Present",
        "Leads the compiler group.",
        "Senior Software Engineer, Remington Rand",
        "Jan 2015 - Dec 2020",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(newer), "cv-2024.pdf")
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == (
        "Director of Programming",
        "Sperry Corporation",
    )


def test_a_newer_resume_updates_a_headline_that_was_not_one_of_the_jobs(
    client, rita, grace, django_capture_on_commit_callbacks
):
    # seen by people: the headline line of the first resume ("Compiler Specialist") is no job's
    # title, so a newer resume left it as if the recruiter had written it
    first = [
        "Grace Hopper",
        "Compiler Specialist",
        "",
        "Experience",
        "Programmer, Eckert-Mauchly Computer Corporation",
        "Jan 2015 - Present",
    ]
    newer = [
        "Grace Hopper",
        "Head of Analytics",
        "",
        "Experience",
        "Head of Analytics, Sperry Corporation",
        "Jan 2021 - Present",
    ]
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(first), "cv-2020.pdf")
    grace.refresh_from_db()
    assert grace.current_title == "Compiler Specialist"
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(newer), "cv-2024.pdf")
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == (
        "Head of Analytics",
        "Sperry Corporation",
    )


def test_an_employer_that_repeats_the_title_never_becomes_the_current_employer(grace):
    from outhire.candidates.services import profile_apply_resume

    resume = {
        "basics": {"label": "Head of Analytics"},
        "work": [{"name": "Head of Analytics", "position": "Head of Analytics"}],
    }
    profile_apply_resume(candidate=grace, resume=resume)
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == ("Head of Analytics", "")
    resume = {
        "basics": {"label": "Registered Nurse (ICU)"},
        "work": [{"name": "ICU", "position": "Registered Nurse (ICU)"}],
    }
    profile_apply_resume(candidate=grace, resume=resume)
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == ("Registered Nurse (ICU)", "")


def test_a_newer_resume_keeps_a_headline_the_recruiter_wrote(
    client, rita, grace, django_capture_on_commit_callbacks
):
    grace.current_title = "Rear Admiral"
    grace.save(update_fields=["current_title"])
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, grace, make_pdf(), "cv.pdf")
    grace.refresh_from_db()
    assert grace.current_title == "Rear Admiral"
    assert grace.current_employer == "Remington Rand"  # it was empty


def test_an_employer_whose_name_is_inside_a_word_of_the_title_is_kept(grace):
    from outhire.candidates.services import profile_apply_resume

    resume = {
        "basics": {"label": "Stafford Site Manager"},
        "work": [{"name": "Ford", "position": "Stafford Site Manager"}],
    }
    profile_apply_resume(candidate=grace, resume=resume)
    grace.refresh_from_db()
    assert (grace.current_title, grace.current_employer) == ("Stafford Site Manager", "Ford")
