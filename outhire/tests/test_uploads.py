"""No upload is stored past the largest size any upload may have."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.candidates.models import Document
from outhire.candidates.services import candidate_create
from outhire.lib.uploads import CappedTemporaryFileUploadHandler
from outhire.testing import login

MB = 1024 * 1024


def test_the_handler_keeps_the_true_size_but_writes_only_up_to_the_cap(settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    settings.OUTHIRE_MAX_IMPORT_MB = 2
    handler = CappedTemporaryFileUploadHandler()
    handler.new_file("file", "huge.pdf", "application/pdf", 0)
    chunk = b"x" * (64 * 1024)
    for start in range(0, 5 * MB, len(chunk)):
        handler.receive_data_chunk(chunk, start)
    uploaded = handler.file_complete(5 * MB)
    assert uploaded.size == 5 * MB
    assert len(uploaded.read()) == 2 * MB
    uploaded.close()


def test_an_oversized_upload_gets_the_size_message(client, rita, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    settings.OUTHIRE_MAX_IMPORT_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # through the temporary-file handler
    candidate = candidate_create(first_name="Grace", by=rita)
    login(client, rita)
    huge = SimpleUploadedFile("cv.txt", b"python " * (3 * MB // 7))
    response = client.post(
        f"/candidates/{candidate.pk}/documents/", {"file": huge, "kind": "resume"}
    )
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert not Document.objects.exists()
