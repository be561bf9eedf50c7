"""The client's logo at /careers/<slug>/logo: the careers pages, the job feeds' JSON-LD and the
monthly report show it from there (uploaded files are not served any other way)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "#1f4e79").save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_serves_the_logo_as_the_image_it_is(client, acme):
    acme.logo.save("acme.png", ContentFile(_png()))
    response = client.get("/careers/acme/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == _png()
    assert "public" in response["Cache-Control"]
    assert 'src="/careers/acme/logo"' in client.get("/careers/acme/").content.decode()


def test_it_answers_404_without_a_logo_or_for_anything_else(client, acme, globex):
    assert client.get("/careers/globex/logo").status_code == 404
    # A file that is not one of the logo types (written around the form) is not served.
    acme.logo.save("acme.png", ContentFile(b"<svg onload=alert(1)>"))
    assert client.get("/careers/acme/logo").status_code == 404
    acme.logo.save("acme.png", ContentFile(_png()))
    acme.is_active = False
    acme.save()
    assert client.get("/careers/acme/logo").status_code == 404
    assert client.get("/careers/nobody/logo").status_code == 404
