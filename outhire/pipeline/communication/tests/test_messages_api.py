"""E-mails to the candidate through the JSON API: a client's template or a written message,
and replies logged; provider staff of the client only, like the Messages page."""

from __future__ import annotations

from django.core import mail

from outhire.candidates.services import candidate_update
from outhire.pipeline.models import Message, MessageTemplate
from outhire.testing import bearer

URL = "/api/v1/applications/{}/messages"


def _application(make_application, rita):
    application = make_application("Ada", "Lovelace")
    candidate_update(
        candidate=application.candidate, fields={}, emails=["ada@example.test"], by=rita
    )
    return application


def test_staff_send_a_template_and_a_written_message_and_read_them_back(
    client, make_application, rita, acme, token_for, django_capture_on_commit_callbacks
):
    application = _application(make_application, rita)
    template = MessageTemplate.objects.create(
        client=acme, name="Hello", subject="Hello {{ candidate_first_name }}", body="Hi there."
    )
    headers = bearer(token_for(rita))
    url = URL.format(application.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url, {"template_id": template.pk}, content_type="application/json", headers=headers
        )
        written = client.post(
            url,
            {"subject": "Next week", "body": "Are you free on Tuesday?"},
            content_type="application/json",
            headers=headers,
        )
    assert sent.status_code == 201 and sent.json()["subject"] == "Hello Ada"
    assert written.status_code == 201 and written.json()["template_id"] is None
    assert {m.subject for m in mail.outbox} == {"Hello Ada", "Next week"}
    reply = client.post(
        url + "/replies",
        {"subject": "Re: Next week", "body": "Yes, Tuesday works."},
        content_type="application/json",
        headers=headers,
    )
    assert reply.status_code == 201 and reply.json()["direction"] == "inbound"
    listed = client.get(url, headers=headers).json()
    assert [m["subject"] for m in listed["items"]] == ["Hello Ada", "Next week", "Re: Next week"]
    assert listed["items"][0]["sent_by"] == "Rita Recruiter"


def test_bad_requests_say_what_is_wrong(client, make_application, rita, acme, globex, token_for):
    application = _application(make_application, rita)
    headers = bearer(token_for(rita))
    url = URL.format(application.pk)
    other = MessageTemplate.objects.create(client=globex, name="X", subject="X", body="X")
    for body, field in [
        ({}, "body"),
        ({"template_id": other.pk}, "template_id"),
        ({"template_id": other.pk, "subject": "S", "body": "B"}, "template_id"),
    ]:
        response = client.post(url, body, content_type="application/json", headers=headers)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"].endswith(field)
    assert not Message.objects.exists()


def test_the_clients_people_do_not_read_or_send(
    client, make_application, rita, carla, sam, acme, token_for
):
    application = _application(make_application, rita)
    url = URL.format(application.pk)
    carla_headers = bearer(token_for(carla, acme))
    assert client.get(url, headers=carla_headers).status_code in (403, 404)
    sam_headers = bearer(token_for(sam))
    assert client.get(url, headers=sam_headers).status_code == 404
