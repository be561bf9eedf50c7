from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from outhire.candidates.models import TimelineEvent
from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Message, MessageTemplate
from outhire.requisitions.models import DispositionReason
from outhire.testing import login


@pytest.fixture
def with_email(requisition, rita):
    def make(first: str, email: str | None = None):
        emails = [email or f"{first.lower()}@mail.test"] if email != "" else []
        candidate = candidate_create(by=rita, first_name=first, last_name="Doe", emails=emails)
        return services.application_create(requisition=requisition, candidate=candidate, by=rita)

    return make


@pytest.fixture
def screen_template(acme):
    return MessageTemplate.objects.create(
        client=acme,
        name="Phone screen invite",
        subject="{{ job_title }} at {{ client_name }}",
        body="Hi {{ candidate_first_name }}, {{ recruiter_name }} here. See {{ careers_url }}",
        trigger="stage",
        stage_kind="screen",
    )


def test_it_renders_merge_fields_and_escapes_them_in_html():
    values = {**messaging.MERGE_FIELDS, "candidate_first_name": "<b>Bo</b>"}
    assert messaging.render("Hi {{ candidate_first_name }}", values) == "Hi <b>Bo</b>"
    html = messaging.render("Hi {{ candidate_first_name }}\n\nBye", values, html=True)
    assert "&lt;b&gt;Bo&lt;/b&gt;" in html and "<p>Bye</p>" in html


def test_it_refuses_unknown_fields_tags_and_bad_syntax():
    assert messaging.template_errors("Hi {{ candidate_first_name|upper }}") == []
    assert messaging.template_errors("{{ candidate.email }}") == [
        "Unknown merge field {{ candidate.email }}."
    ]
    assert "Unknown merge field" in messaging.template_errors("{{ settings }}")[0]
    assert "syntax error" in messaging.template_errors("{% load static %}")[0]
    assert "syntax error" in messaging.template_errors("{% include 'base.html' %}")[0]
    assert "not closed" in messaging.template_errors("Hi {{ job_title ")[0]


def test_the_form_shows_errors_and_a_preview(client, acme, rita):
    login(client, rita)
    url = reverse("pipeline:message_templates", args=[acme.slug])
    response = client.post(
        url, {"name": "Bad", "subject": "Hi", "body": "{{ salary }}", "trigger": "manual"}
    )
    assert response.status_code == 200
    assert "Unknown merge field {{ salary }}" in response.content.decode()
    assert not MessageTemplate.objects.exists()
    response = client.post(
        url,
        {
            "name": "Good",
            "subject": "Hi",
            "body": "Dear {{ candidate_first_name }}",
            "trigger": "stage",
        },
    )
    assert "Choose the stage kind" in response.content.decode()
    response = client.post(
        url,
        {"name": "Good", "subject": "Hi", "body": "Dear {{ candidate_first_name }}",
         "trigger": "manual", "is_active": "on"},
    )  # fmt: skip
    template = MessageTemplate.objects.get()
    assert template.client == acme
    edit = client.get(reverse("pipeline:message_template_edit", args=[template.pk]))
    assert "Dear Alex" in edit.content.decode()


def test_client_readers_cannot_write_templates(client, acme, hank, gina, screen_template):
    login(client, hank)
    url = reverse("pipeline:message_templates", args=[acme.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "x"}).status_code == 403
    login(client, gina)
    assert client.get(url).status_code == 404
    edit = reverse("pipeline:message_template_edit", args=[screen_template.pk])
    assert client.get(edit).status_code == 404


def test_it_sends_on_a_configured_move_and_logs_it(
    with_email, stage, rita, screen_template, django_capture_on_commit_callbacks
):
    application = with_email("Ada")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, to_stage=stage("screen"), by=rita)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ada@mail.test"]
    assert sent.subject == "Robotics Engineer at Acme Robotics"
    assert "Hi Ada, Rita Recruiter here" in sent.body
    assert "Hi Ada" in sent.alternatives[0][0]
    message = Message.objects.get()
    assert message.status == "sent" and message.sent_at and message.template == screen_template
    event = TimelineEvent.objects.get(kind="message")
    assert event.client_id == application.client_id and "Robotics Engineer" in event.summary


def test_it_does_not_send_into_sourced_without_email_or_when_backdated(
    with_email, stage, rita, acme, screen_template, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.create(
        client=acme, name="S", subject="s", body="b", trigger="stage", stage_kind="sourced"
    )
    no_email = with_email("Bo", email="")
    other = with_email("Cy")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=no_email, to_stage=stage("screen"), by=rita)
        services.application_move(application=other, to_stage=stage("applied"), by=rita)
        services.application_move(application=other, to_stage=stage("sourced"), by=rita)
        services.application_move(
            application=other,
            to_stage=stage("screen"),
            by=rita,
            at=other.created_at.replace(year=2020),
        )
    assert mail.outbox == [] and not Message.objects.exists()


def test_rejection_and_bulk_moves_send(
    with_email, stage, rita, acme, screen_template, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.create(
        client=acme, name="No", subject="Your application", body="Sorry", trigger="rejected"
    )
    first, second = with_email("Ada"), with_email("Bo")
    with django_capture_on_commit_callbacks(execute=True):
        services.applications_bulk(applications=[first, second], to_stage=stage("screen"), by=rita)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@mail.test", "bo@mail.test"]
    reason = DispositionReason.objects.get(name="Failed assessment")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(application=first, by=rita, disposition=reason)
    assert mail.outbox[-1].subject == "Your application"
    assert Message.objects.count() == 3


def test_a_failure_is_recorded(
    with_email, stage, rita, screen_template, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "outhire.pipeline.communication.tests.test_messaging.BrokenBackend"
    application = with_email("Ada")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, to_stage=stage("screen"), by=rita)
    message = Message.objects.get()
    assert message.status == "failed"
    assert "ConnectionRefusedError" in message.error


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_manual_send_and_logged_reply_appear_on_the_timeline(
    client, with_email, rita, screen_template, django_capture_on_commit_callbacks
):
    application = with_email("Ada")
    login(client, rita)
    url = reverse("pipeline:application_messages", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send", "template": screen_template.pk})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    response = client.post(url, {"action": "log", "subject": "Re: hi", "body": "Yes please"})
    assert response.status_code == 302
    reply = Message.objects.get(direction="inbound")
    assert reply.status == "logged" and reply.sent_by == rita
    summaries = list(
        TimelineEvent.objects.filter(kind="message").values_list("summary", "client_id")
    )
    assert len(summaries) == 2 and all(c == application.client_id for _, c in summaries)
    page = client.get(url).content.decode()
    assert "Yes please" in page and "Robotics Engineer at Acme Robotics" in page


def test_manual_send_refused_without_email(client, with_email, rita, screen_template):
    application = with_email("Bo", email="")
    login(client, rita)
    url = reverse("pipeline:application_messages", args=[application.pk])
    response = client.post(url, {"action": "send", "template": screen_template.pk}, follow=True)
    assert "no e-mail address" in response.content.decode()
    assert not Message.objects.exists()


def test_messages_are_for_provider_staff_only(client, with_email, stage, rita, hank, gina):
    application = with_email("Ada")
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    url = reverse("pipeline:application_messages", args=[application.pk])
    for user in (hank, gina):
        login(client, user)
        assert client.get(url).status_code == 404


def test_an_application_from_the_careers_site_is_thanked(
    requisition, rita, acme, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.create(
        client=acme,
        name="Thanks",
        subject="Thanks, {{ candidate_first_name }}",
        body="We got it.",
        trigger="stage",
        stage_kind="applied",
    )
    candidate = candidate_create(by=rita, first_name="Ada", emails=["ada@mail.test"])
    sourced = candidate_create(by=rita, first_name="Bo", emails=["bo@mail.test"])
    with django_capture_on_commit_callbacks(execute=True):
        services.application_create(
            requisition=requisition, candidate=candidate, by=None, source="careers_site"
        )
        services.application_create(requisition=requisition, candidate=sourced, by=rita)
    assert [m.subject for m in mail.outbox] == ["Thanks, Ada"]


def test_inactive_templates_and_reopening_send_nothing(
    with_email, stage, rita, acme, screen_template, django_capture_on_commit_callbacks
):
    screen_template.is_active = False
    screen_template.save()
    MessageTemplate.objects.create(
        client=acme, name="No", subject="Sorry", body="Sorry", trigger="rejected"
    )
    application = with_email("Ada")
    reason = DispositionReason.objects.get(name="Failed assessment")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, to_stage=stage("screen"), by=rita)
        services.application_reject(application=application, by=rita, disposition=reason)
        services.application_reopen(application=application, by=rita)
    # The client's candidate survey (analytics) may follow a rejection; no other message.
    assert [m.subject for m in mail.outbox if "how was your experience" not in m.subject] == [
        "Sorry"
    ]
