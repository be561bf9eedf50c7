"""NUL anywhere in a request is refused with a 400 before any view sees it.

PostgreSQL cannot store or compare text holding NUL ("A string literal cannot contain NUL"),
so a NUL that reaches a query is a 500 there; on SQLite it is stored and breaks what is made
of it later (feeds, exports).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from outhire.accounts.services import api_token_create
from outhire.candidates.models import Candidate
from outhire.lib.security import NullCharacterMiddleware
from outhire.testing import bearer

MESSAGE = "The request contains a NUL character, which is not allowed."


def _answer(request) -> int:
    middleware = NullCharacterMiddleware(lambda request: HttpResponse("reached the view"))
    return middleware(request).status_code


rf = RequestFactory()


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(rf.get("/r/abc\x00def/"), id="path"),
        pytest.param(rf.get("/jobs/", {"q": "a\x00b"}), id="query value"),
        pytest.param(rf.get("/jobs/", {"q\x00": "ab"}), id="query name"),
        pytest.param(rf.get("/jobs/", headers={"User-Agent": "curl\x00"}), id="header"),
        pytest.param(rf.get("/jobs/", headers={"Cookie": "sessionid=a\x00b"}), id="cookie"),
        pytest.param(rf.post("/login/", {"email": "a\x00@example.com"}), id="form field"),
        pytest.param(rf.post("/login/", {"email\x00": "a@example.com"}), id="form field name"),
        pytest.param(
            rf.post("/apply/", {"name": "Ada", "note": "x\x00"}),
            id="multipart field",
        ),
        pytest.param(
            rf.post("/api/v1/candidates", b'{"first_name": "A\\u0000"}', "application/json"),
            id="JSON escape",
        ),
        pytest.param(
            rf.post("/api/v1/candidates", b'{"first_name": "A\\u0000"}', "text/plain"),
            id="JSON sent as text/plain",
        ),
        pytest.param(
            rf.patch("/api/v1/candidates/1", b'{"first_name": "A\x00"}', "application/json"),
            id="raw NUL byte",
        ),
        pytest.param(
            rf.put("/api/v1/x", b'{"a": "\\\\\\u0000"}', "application/octet-stream"),
            id="escaped backslash then NUL escape",
        ),
    ],
)
def test_it_refuses_a_nul_character_anywhere(request_):
    assert _answer(request_) == 400


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(
            rf.post("/apply/", {"cv": SimpleUploadedFile("cv.pdf", b"%PDF\x00\x00\x01binary")}),
            id="binary file content",
        ),
        pytest.param(
            rf.post("/api/v1/candidates", b'{"first_name": "A\\\\u0000"}', "application/json"),
            id="the text backslash-u0000",
        ),
        pytest.param(rf.get("/jobs/", {"q": "caf\u00e9 \u2603"}), id="plain unicode"),
    ],
)
def test_it_lets_through_what_only_looks_like_nul(request_):
    assert _answer(request_) == 200


def test_it_answers_a_nul_in_a_page_path_with_400(client, db):
    response = client.get("/r/abc%00def/")
    assert response.status_code == 400


def test_it_answers_json_sent_as_text_plain_with_a_json_400(client, alice):
    _, secret = api_token_create(name="Alice's token", client=None, can_write=True, by=alice)
    response = client.post(
        "/api/v1/candidates",
        data=b'{"first_name": "Ada\\u0000", "last_name": "Lovelace"}',
        content_type="text/plain",
        headers=bearer(secret),
    )
    assert response.status_code == 400
    assert response.json() == {"message": MESSAGE, "code": "invalid"}
    assert not Candidate.objects.exists()


def test_it_answers_a_nul_in_a_form_post_with_400(client, db):
    response = client.post("/login/", {"email": "ada\x00@example.com", "password": "x"})
    assert response.status_code == 400
