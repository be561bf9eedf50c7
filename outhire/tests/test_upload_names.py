"""An uploaded file's name longer than any column keeps it is refused with a 400, for every
upload (checked once, by UploadNameMiddleware)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from outhire.accounts.services import api_token_create
from outhire.candidates.models import ImportJob
from outhire.lib.security import MAX_UPLOAD_NAME, UploadNameMiddleware
from outhire.testing import bearer

LONG_NAME = "r" * 5000 + ".csv"
CSV = b"First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n"


def _answer(request) -> int:
    middleware = UploadNameMiddleware(lambda request: HttpResponse("reached the view"))
    return middleware(request).status_code


@pytest.mark.parametrize(
    ("name", "status"),
    [(LONG_NAME, 400), ("r" * (MAX_UPLOAD_NAME - 4) + ".pdf", 200), ("cv.pdf", 200)],
)
def test_it_refuses_only_a_name_too_long_to_keep(name, status):
    request = RequestFactory().post("/apply/", {"cv": SimpleUploadedFile(name, b"%PDF-1.4")})
    assert _answer(request) == status


def test_the_api_refuses_an_import_file_with_a_5000_character_name(client, alice):
    _, secret = api_token_create(name="Alice's token", client=None, can_write=True, by=alice)
    response = client.post(
        "/api/v1/candidates/imports",
        {"file": SimpleUploadedFile(LONG_NAME, CSV, content_type="text/csv")},
        headers=bearer(secret),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "longer than 200 characters" in response.json()["message"]
    assert not ImportJob.objects.exists()


def test_a_page_refuses_a_file_with_a_5000_character_name(client, alice):
    from outhire.testing import login

    login(client, alice)
    response = client.post(
        "/candidates/imports/new/",
        {"file": SimpleUploadedFile(LONG_NAME, CSV, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()
