"""Every hostile file through every entry point: read within the budgets, refused with a clear
message or kept and marked unreadable, never a hang, a crash or a 500.

The corpus is made by `outhire.candidates.tests.hostile_files`. The budgets of issue #14 (any
file: at most 10 s and 1 GB) are checked once per file at the production limits; the entry
points then run with a 256 MB limit, which the memory-hungry files reach sooner, so the suite
stays fast while each path is still walked end to end.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from outhire.candidates.files import MAX_TEXT_CHARS, DocumentError
from outhire.candidates.imports import uploads
from outhire.candidates.models import Candidate, Document
from outhire.candidates.reading import ReadLimits, read_document
from outhire.candidates.services import candidate_create
from outhire.candidates.tests.hostile_files import HOSTILE, hostile_file
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    apply_url,
    form_data,
)
from outhire.pipeline.models import Application
from outhire.testing import bearer, login

# Refused outright (nothing is stored): what the checks before reading catch.
REFUSED = {
    "docx-encrypted.docx",
    "docx-many-members.docx",
    "docx-truncated.docx",
    "docx-zip-bomb.docx",
    "pdf-encrypted.pdf",
    "pdf-garbage.pdf",
    "pdf-truncated.pdf",
}
# Kept, with no text: damaged inside, or past the time or memory limit.
UNREADABLE = {
    "docx-billion-laughs.docx",
    "docx-deep-nesting.docx",
    "docx-lt-flood.docx",
    "docx-unclosed-break-flood.docx",
    "odt-lt-flood.odt",
    "pdf-big-text-operator-flood.pdf",
    "pdf-compression-bomb.pdf",
    "pdf-text-operator-flood.pdf",
    "rtf-deep-groups.rtf",
}
NAMES = sorted(HOSTILE)
MB = 1024 * 1024


def files() -> dict[str, bytes]:
    return {name: hostile_file(name) for name in NAMES}


@pytest.fixture(autouse=True)
def _small_memory_limit(settings):
    settings.OUTHIRE_READ_MEMORY_MB = 256


def test_the_corpus_covers_every_file_exactly_once():
    assert REFUSED.isdisjoint(UNREADABLE)
    assert set(NAMES) >= REFUSED | UNREADABLE


@pytest.mark.parametrize("name", NAMES)
def test_every_file_is_read_within_the_budgets_at_the_production_limits(name):
    """Reading needs no database (this test is given none): the budgets are the same on any."""
    limits = ReadLimits(seconds=8, memory_bytes=1024 * MB)
    try:
        result = read_document(
            files()[name], name, max_bytes=10 * MB, with_text=True, limits=limits
        )
    except DocumentError as error:
        assert name in REFUSED, f"{name} was refused: {error}"
        return
    assert name not in REFUSED
    # The limits stop the child, so these hold by construction; they would fail if the child
    # were not isolated, or not stopped.
    assert result.seconds <= 10
    assert result.peak_bytes <= 1024 * MB
    assert len(result.text) <= MAX_TEXT_CHARS
    assert bool(result.unreadable) == (name in UNREADABLE), result.unreadable


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_staff_upload_keeps_or_refuses_every_file_clearly(
    client, rita, name, django_capture_on_commit_callbacks
):
    candidate = candidate_create(first_name="Grace", by=rita)
    login(client, rita)
    upload = SimpleUploadedFile(name, files()[name])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/candidates/{candidate.pk}/documents/", {"file": upload, "kind": "resume"}
        )
    _check_kept_or_refused(name, response, candidate, refused_status=400)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_api_upload_keeps_or_refuses_every_file_clearly(
    client,
    alice,
    name,
    token_for,
    django_capture_on_commit_callbacks,
):
    candidate = candidate_create(first_name="Grace", by=alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/candidates/{candidate.pk}/documents",
            {"file": SimpleUploadedFile(name, files()[name]), "kind": "resume"},
            headers=bearer(token_for(alice)),
        )
    if name in REFUSED:
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["field"] == "file"
        assert response.json()["message"]
        assert not Document.objects.exists()
        return
    assert response.status_code == 201, response.content
    assert response.json()["unreadable"] == (name in UNREADABLE)
    _check_document(name, Document.objects.get())


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_apply_form_keeps_or_refuses_every_file_clearly(
    client, posting, name, django_capture_on_commit_callbacks
):
    data = files()[name]
    step = client.post(
        apply_url(posting), {"action": "upload", "resume": SimpleUploadedFile(name, data)}
    )
    page = step.content.decode()
    if name in REFUSED or name.endswith(".html"):
        assert step.status_code == 400
        assert 'class="error-summary"' in page or "errorlist" in page
        assert not Document.objects.exists()
        return
    assert step.status_code == 200
    if name in UNREADABLE:
        assert "we could not read the text in it" in page
    ref = re.search(r'name="upload_ref" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(posting), form_data(upload_ref=ref))
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    _check_document(name, application.candidate.documents.get())


@pytest.mark.django_db
def test_an_import_keeps_or_refuses_every_file_as_a_row(rita, django_capture_on_commit_callbacks):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for name in NAMES:
            zf.writestr(name, files()[name])
    rows = ["First Name,Email,Resume"] + [
        f"Person{n},person{n}@example.org,{name}" for n, name in enumerate(NAMES)
    ]
    job = uploads.import_create(
        by=rita,
        data=("\n".join(rows) + "\n").encode(),
        file_name="people.csv",
        resumes=archive.getvalue(),
        resumes_name="resumes.zip",
        source_system="Bullhorn",
    )
    with django_capture_on_commit_callbacks(execute=True):
        uploads.import_start(job=job, by=rita, dry_run=False)
    job.refresh_from_db()
    assert job.status == job.Status.DONE
    failed = {NAMES[e["row"] - 2] for e in job.errors}
    assert failed == REFUSED, job.errors
    for document in Document.objects.select_related("candidate"):
        _check_document(document.original_name, document)
    assert Document.objects.count() == len(NAMES) - len(REFUSED)


def test_the_command_line_gives_one_line_per_file_and_goes_on(tmp_path, capsys):
    paths = []
    for name in NAMES:
        (tmp_path / name).write_bytes(files()[name])
        paths.append(str(tmp_path / name))
    (tmp_path / "fine.txt").write_text("Jane Doe\nSkills: Python, Django\n")
    paths.append(str(tmp_path / "fine.txt"))
    call_command("parse-resume", *paths)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"] for r in records] == paths
    by_name = {r["source"].rsplit("/", 1)[-1]: r for r in records}
    for name in REFUSED | UNREADABLE:
        assert by_name[name]["errors"] and by_name[name]["resume"] == {}, name
    assert by_name["fine.txt"]["errors"] == []
    assert "Python" in json.dumps(by_name["fine.txt"]["resume"])


# An e-mail's attachment goes through `document_add`, the path the uploads above walk with every
# file; one file of each outcome and kind of reader shows the e-mail reaches it (the whole
# corpus again cost some 80 s per database run and proved nothing more).
BY_EMAIL = [
    "docx-zip-bomb.docx",  # refused before reading
    "pdf-encrypted.pdf",  # refused by the PDF check
    "docx-billion-laughs.docx",  # kept, unreadable
    "pdf-compression-bomb.pdf",  # kept, past the memory limit
    "txt-one-long-line.txt",  # kept, read
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", BY_EMAIL)
def test_an_e_mail_attachment_is_kept_or_refused_like_an_upload(rita, requisition, name, settings):
    """A candidate's reply by e-mail (docs/email.md): its attachment takes the upload's path."""
    from email.message import EmailMessage

    from outhire.pipeline.communication import addresses
    from outhire.pipeline.communication.inbound import receive
    from outhire.pipeline.models import Message
    from outhire.pipeline.services import application_create

    settings.OUTHIRE_REPLY_DOMAIN = "replies.outhire.test"
    candidate = candidate_create(first_name="Grace", by=rita, emails=["grace@mail.test"])
    application = application_create(requisition=requisition, candidate=candidate, by=rita)
    mail = EmailMessage()
    mail["From"] = "grace@mail.test"
    mail["Subject"] = "My CV"
    mail["Message-ID"] = f"<{name}@mail.test>"
    mail.set_content("Here it is.")
    mail.add_attachment(
        files()[name], maintype="application", subtype="octet-stream", filename=name
    )
    outcome = receive(raw=bytes(mail), recipients=[addresses.reply_address(application.pk)])
    assert outcome.status == "stored"
    message = Message.objects.get(pk=outcome.message_id)
    if name in REFUSED:
        assert [r["name"] for r in message.attachments_refused] == [name]
        assert message.attachments_refused[0]["reason"]
        assert not Document.objects.exists()
        return
    assert message.attachments_refused == []
    _check_document(name, message.documents.get())


def _check_kept_or_refused(name, response, candidate, *, refused_status):
    if name in REFUSED:
        assert response.status_code == refused_status, response.status_code
        assert "errorlist" in response.content.decode()
        assert not Document.objects.exists()
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    _check_document(name, Document.objects.get(candidate=candidate))


def _check_document(name: str, document: Document) -> None:
    """Kept as sent, marked unreadable exactly when it could not be read, text within the cap."""
    assert document.unreadable == (name in UNREADABLE), (name, document.parse_warnings)
    if document.unreadable:
        assert document.text == "" and document.parse_warnings
    assert len(document.text) <= MAX_TEXT_CHARS
    assert len(Candidate.objects.get(pk=document.candidate_id).search_text) <= MAX_TEXT_CHARS
    assert default_storage.open(document.file.name).read() == files()[name]
