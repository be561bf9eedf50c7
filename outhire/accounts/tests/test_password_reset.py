from __future__ import annotations

import re

from django.core import mail

from outhire.accounts.models import AuditEvent
from outhire.testing import PASSWORD

NEW = "a fresh passphrase 42"


def _request(client, email, capture):
    with capture(execute=True):
        return client.post("/password-reset/", {"email": email})


def test_it_mails_a_link_and_sets_a_new_password(client, carla, django_capture_on_commit_callbacks):
    response = _request(client, "carla@acme.test", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    response = client.get(path)
    assert response.status_code == 302 and response.url.endswith("/set/"), "token leaves the URL"
    response = client.post(response.url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    carla.refresh_from_db()
    assert carla.check_password(NEW)
    assert AuditEvent.objects.filter(action="password.reset", actor=carla).exists()
    # The link is single-use: the token was bound to the old password.
    assert client.get(path).status_code == 400


def test_it_answers_the_same_for_unknown_addresses(client, db, django_capture_on_commit_callbacks):
    response = _request(client, "nobody@acme.test", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert b"If an account uses that address" in response.content
    assert mail.outbox == []


def test_a_forged_token_is_refused(client, carla):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(carla.pk))
    assert client.get(f"/password-reset/{uid}/abc-123/").status_code == 400
    assert client.get("/password-reset/!!!/abc-123/").status_code == 400
    assert (
        client.post(f"/password-reset/{uid}/set/", {"password1": NEW, "password2": NEW}).status_code
        == 400
    )
    carla.refresh_from_db()
    assert carla.check_password(PASSWORD)


def test_a_bad_email_is_a_form_error(client, db):
    response = client.post("/password-reset/", {"email": "not-an-email"})
    assert response.status_code == 400
    assert b"valid email" in response.content.lower()
