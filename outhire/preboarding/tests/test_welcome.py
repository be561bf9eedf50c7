"""The new hire's page through their signed link: no account, no JavaScript, their items only;
uploads read on the hostile-file-safe path and bounded by size."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.candidates.models import Document
from outhire.candidates.tests.hostile_files import hostile_file
from outhire.preboarding import services, tokens
from outhire.preboarding.models import Item, Kind, Party
from outhire.preboarding.tests.factories import make_hire
from outhire.tests.test_isolation_sweep import forge


@pytest.fixture
def hire(acme, rita, hank):
    return make_hire(acme, rita, hank)


@pytest.fixture
def url(hire):
    return f"/welcome/{tokens.welcome_token(hire.preboarding)}/"


def _item(hire, **lookup) -> Item:
    return Item.objects.filter(checklist__hire=hire, **lookup).order_by("id").first()


def test_a_forged_link_is_404(client, hire, url):
    assert client.get(f"/welcome/{forge(url.split('/')[2])}/").status_code == 404
    assert client.get("/welcome/nonsense/").status_code == 404


def test_the_page_shows_the_new_hires_items_and_what_is_ready(client, hire, rita, url):
    first_day = _item(hire, kind=Kind.FIRST_DAY)
    first_day.checklist = hire.preboarding
    services.item_complete(item=first_day, by=rita, details="09:00, reception, ask for Jo")
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "09:00, reception, ask for Jo" in page
    assert "Upload a proof of identity" in page
    # The other parties' items are theirs: not listed as the new hire's.
    assert "Welcome call with the new hire" not in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]


def test_the_new_hire_uploads_a_document_and_confirms_a_task(client, hire, url):
    item = _item(hire, kind=Kind.DOCUMENT)
    field = f"item-{item.pk}-file"
    refused = client.post(
        url,
        {"item": item.pk, field: SimpleUploadedFile("id.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50)},
    )
    assert refused.status_code == 400 and b"This is an image, not a document." in refused.content
    assert b"error-summary" in refused.content
    ok = client.post(url, {"item": item.pk, field: SimpleUploadedFile("id.txt", b"Passport scan")})
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.is_done and item.document.kind == Document.Kind.OTHER
    assert item.document.candidate_id == hire.application.candidate_id
    task = _item(hire, party=Party.NEW_HIRE, kind=Kind.TASK)
    assert client.post(url, {"item": task.pk}).status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.done_by is None
    # Another party's item cannot be done from here.
    provider = _item(hire, party=Party.PROVIDER)
    client.post(url, {"item": provider.pk})
    provider.refresh_from_db()
    assert not provider.is_done


def test_an_upload_over_the_limit_is_refused_by_its_size(client, hire, url, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    item = _item(hire, kind=Kind.DOCUMENT)
    big = SimpleUploadedFile("id.txt", b"a" * (1024 * 1024 + 1))
    response = client.post(url, {"item": item.pk, f"item-{item.pk}-file": big})
    assert response.status_code == 400 and b"larger than the 1 MB limit" in response.content


@pytest.mark.parametrize("name", ["docx-zip-bomb.docx", "pdf-truncated.pdf"])
def test_hostile_files_are_refused_clearly(client, hire, url, name, settings):
    settings.OUTHIRE_READ_MEMORY_MB = 256
    data = hostile_file(name)
    item = _item(hire, kind=Kind.DOCUMENT)
    response = client.post(
        url, {"item": item.pk, f"item-{item.pk}-file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400 and b"error-summary" in response.content
    assert not Document.objects.filter(candidate=hire.application.candidate).exists()
