"""No silent side effects: a move that would e-mail the candidate or skip stages asks first."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.models import Message, MessageTemplate, StageEvent
from outhire.requisitions.models import DispositionReason
from outhire.screening.models import ScreeningSettings
from outhire.testing import confirmed, login


@pytest.fixture
def with_email(requisition, rita):
    def make(first: str, *, stage=None):
        candidate = candidate_create(
            by=rita, first_name=first, last_name="Doe", emails=[f"{first.lower()}@mail.test"]
        )
        application = services.application_create(
            requisition=requisition, candidate=candidate, by=rita
        )
        if stage is not None:
            services.application_move(application=application, to_stage=stage, by=rita)
            application.refresh_from_db()
        return application

    return make


@pytest.fixture
def invite(acme):
    """The client's e-mail on a move to an interview stage."""
    return MessageTemplate.objects.create(
        client=acme,
        name="Interview invitation",
        subject="Interview for {{ job_title }}",
        body="Hi {{ candidate_first_name }}, {{ client_name }} would like to meet you.",
        trigger="stage",
        stage_kind="interview",
    )


def _move_url(application) -> str:
    return reverse("pipeline:application_move", args=[application.pk])


def _email(n: int = 0, *, send=True, subject=None, body=None, template=None) -> dict:
    data = {f"email-{n}-editable": "True", f"email-{n}-name": "Interview invitation"}
    if template is not None:
        data[f"email-{n}-template"] = str(template.pk)
    if send:
        data[f"email-{n}-send"] = "on"
    if subject is not None:
        data[f"email-{n}-subject"] = subject
    if body is not None:
        data[f"email-{n}-body"] = body
    return data


def test_a_move_to_the_next_stage_without_an_email_is_made_at_once(client, rita, with_email, stage):
    ada = with_email("Ada")
    login(client, rita)
    response = client.post(_move_url(ada), {"stage": stage("applied").pk, "version": ada.version})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.stage == stage("applied")


def test_an_email_is_shown_edited_and_sent_as_edited(
    client, rita, with_email, stage, invite, django_capture_on_commit_callbacks
):
    ada = with_email("Ada", stage=stage("submitted"))
    login(client, rita)
    form = {"stage": stage("interview").pk, "version": ada.version, "next": "/"}
    page = client.post(_move_url(ada), form)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Move Ada Doe to Interviews?" in text
    assert "Interview for Robotics Engineer" in text
    assert "Hi Ada, Acme Robotics would like to meet you." in text
    assert "This skips 1 stage:</strong> Assessment." in text
    assert "shares the candidate" not in text  # the client sees Ada already
    ada.refresh_from_db()
    assert ada.stage == stage("submitted") and not Message.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _move_url(ada),
            confirmed(
                {**form, **_email(subject="Let's meet", body="Dear Ada, see you Tuesday.",
                                  template=invite)},
                emails=1,
            ),
        )  # fmt: skip
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.stage == stage("interview")
    message = Message.objects.get()
    assert message.subject == "Let's meet" and message.body == "Dear Ada, see you Tuesday."
    assert message.template == invite and message.sent_by == rita
    assert [m.body for m in mail.outbox] == ["Dear Ada, see you Tuesday."]


def test_an_email_can_be_skipped_one_by_one_or_all_at_once(
    client, rita, with_email, stage, invite, django_capture_on_commit_callbacks
):
    ada, grace = with_email("Ada", stage=stage("submitted")), with_email("Grace")
    login(client, rita)
    services.application_move(application=grace, to_stage=stage("submitted"), by=rita)
    grace.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unticked = confirmed(
            {"stage": stage("interview").pk, "version": ada.version,
             **_email(send=False, subject="x", body="y")},
            emails=1,
        )  # fmt: skip
        assert client.post(_move_url(ada), unticked).status_code == 302
        skip_all = confirmed(
            {"stage": stage("interview").pk, "version": grace.version, "skip_emails": "1",
             **_email(subject="x", body="y")},
            emails=1,
        )  # fmt: skip
        assert client.post(_move_url(grace), skip_all).status_code == 302
    assert StageEvent.objects.filter(to_stage=stage("interview")).count() == 2
    assert not Message.objects.exists() and mail.outbox == []


def test_an_empty_email_to_send_is_a_form_error_and_nothing_moves(
    client, rita, with_email, stage, invite
):
    ada = with_email("Ada", stage=stage("submitted"))
    login(client, rita)
    data = confirmed(
        {"stage": stage("interview").pk, "version": ada.version, **_email(subject="", body="")},
        emails=1,
    )
    response = client.post(_move_url(ada), data)
    assert response.status_code == 400
    assert "Write it, or untick" in response.content.decode()
    ada.refresh_from_db()
    assert ada.stage == stage("submitted") and not Message.objects.exists()


def test_skipping_stages_asks_first_and_says_it_shares_the_candidate(
    client, rita, with_email, stage
):
    ada = with_email("Ada")
    login(client, rita)
    form = {"stage": stage("submitted").pk, "version": ada.version}
    page = client.post(_move_url(ada), form)
    text = page.content.decode()
    assert page.status_code == 200
    assert "This skips 2 stages:</strong> Applied, Phone screen." in text
    assert "This shares the candidate with Acme Robotics" in text
    ada.refresh_from_db()
    assert ada.stage == stage("sourced") and ada.reached_client_at is None
    assert client.post(_move_url(ada), confirmed(form)).status_code == 302
    ada.refresh_from_db()
    assert ada.stage == stage("submitted") and ada.reached_client_at is not None


def test_a_confirmation_made_stale_is_a_409(client, rita, with_email, stage):
    ada = with_email("Ada")
    login(client, rita)
    form = {"stage": stage("submitted").pk, "version": ada.version}
    assert client.post(_move_url(ada), form).status_code == 200
    services.application_move(application=ada, to_stage=stage("applied"), by=rita)
    response = client.post(_move_url(ada), confirmed(form))
    assert response.status_code == 409
    ada.refresh_from_db()
    assert ada.stage == stage("applied")


def test_the_preview_tells_the_board_whether_to_ask(client, rita, hank, with_email, stage, invite):
    ada = with_email("Ada")
    url = reverse("pipeline:application_move_preview", args=[ada.pk])
    login(client, rita)
    nothing = client.get(url, {"stage": stage("applied").pk, "version": ada.version})
    assert nothing.status_code == 204
    stale = client.get(url, {"stage": stage("submitted").pk, "version": ada.version + 1})
    assert stale.status_code == 204  # the move itself answers 409
    ask = client.get(url, {"stage": stage("interview").pk, "version": ada.version})
    text = ask.content.decode()
    assert ask.status_code == 200 and "<html" not in text
    assert 'id="move-confirm-heading"' in text and "Applied, Phone screen" in text
    assert "Hi Ada" in text and 'formmethod="dialog"' in text
    assert f'name="version" value="{ada.version}"' in text
    ada.refresh_from_db()
    assert ada.stage == stage("sourced") and not Message.objects.exists()
    login(client, hank)
    assert client.get(url, {"stage": stage("interview").pk}).status_code == 404


def test_a_rejection_shows_the_clients_rejection_email(
    client, rita, with_email, acme, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.create(
        client=acme, name="Sorry", subject="Your application",
        body="Dear {{ candidate_first_name }}, not this time.", trigger="rejected",
    )  # fmt: skip
    ada = with_email("Ada")
    reason = DispositionReason.objects.get(name="Failed assessment")
    url = reverse("pipeline:application_reject", args=[ada.pk])
    form = {"version": ada.version, "disposition": reason.pk}
    login(client, rita)
    page = client.post(url, form)
    assert page.status_code == 200 and "Reject Ada Doe?" in page.content.decode()
    assert "Dear Ada, not this time." in page.content.decode()
    ada.refresh_from_db()
    assert ada.status == "active"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            confirmed({**form, **_email(subject="Your application", body="Thank you.")}, emails=1),
        )
    assert done.status_code == 302
    ada.refresh_from_db()
    assert ada.status == "rejected"
    sent = [m.body for m in mail.outbox]
    assert "Thank you." in sent and not any("not this time" in body for body in sent)


def test_a_bulk_move_edits_the_template_each_candidate_gets_their_own(
    client, rita, with_email, stage, invite, requisition, django_capture_on_commit_callbacks
):
    ada = with_email("Ada", stage=stage("submitted"))
    grace = with_email("Grace", stage=stage("submitted"))
    bo = with_email("Bo")  # sourced: skips five stages
    url = reverse("pipeline:board_bulk", args=[requisition.pk])
    form = {"applications": [ada.pk, grace.pk, bo.pk], "action": "move",
            "stage": stage("interview").pk}  # fmt: skip
    login(client, rita)
    page = client.post(url, form)
    text = page.content.decode()
    assert page.status_code == 200 and "Move 3 applications to Interviews?" in text
    assert "{{ candidate_first_name }}" in text  # the text to edit keeps its merge fields
    assert "3 of them skip stages" in text and "Ada Doe: Assessment" in text
    assert "Bo Doe: Applied, Phone screen, Submitted to hiring manager, Assessment" in text
    assert "This shares the candidates with Acme Robotics" in text  # Bo is not shared yet
    bad = client.post(
        url, confirmed({**form, **_email(subject="Hi", body="{{ salary }}")}, emails=1)
    )
    assert bad.status_code == 400 and "Unknown merge field {{ salary }}" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        body = "Hello {{ candidate_first_name }}, see you soon."
        done = client.post(url, confirmed({**form, **_email(subject="Hi", body=body)}, emails=1))
    assert done.status_code == 302
    assert sorted(m.body for m in mail.outbox) == [
        "Hello Ada, see you soon.",
        "Hello Bo, see you soon.",
        "Hello Grace, see you soon.",
    ]


def test_the_portal_shows_the_email_to_send_or_hold_but_not_to_edit(
    client, hank, rita, with_email, stage, invite, acme, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.filter(pk=invite.pk).update(stage_kind="assessment")
    ada = with_email("Ada", stage=stage("submitted"))
    ScreeningSettings.objects.create(client=acme, blind_review=True, blind_until_kind="interview")
    url = reverse("pipeline:portal_advance", args=[ada.pk])
    login(client, hank)
    page = client.post(url, {"version": ada.version})
    text = page.content.decode()
    main = text.split("<main")[1]
    assert page.status_code == 200 and f"Move Candidate #{ada.pk} to Assessment?" in main
    assert "Hi [hidden], Acme Robotics would like to meet you." in main
    assert "Ada" not in main and "<textarea" not in main
    shown = {"version": ada.version, "email-0-template": str(invite.pk), "email-0-send": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, confirmed(shown, emails=1))
    assert done.status_code == 302
    ada.refresh_from_db()
    assert ada.stage == stage("assessment")
    # Sent as the template renders it, the name in.
    assert [m.body for m in mail.outbox] == ["Hi Ada, Acme Robotics would like to meet you."]
    assert "Moved on to Assessment." in client.get(done["Location"]).content.decode()


def test_the_api_sends_the_clients_emails_as_before(
    client, rita, with_email, stage, invite, django_capture_on_commit_callbacks
):
    from outhire.accounts.services import api_token_create

    ada = with_email("Ada", stage=stage("submitted"))
    _, secret = api_token_create(name="t", client=None, can_write=True, by=rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/applications/{ada.pk}/move",
            {"stage_id": stage("interview").pk, "version": ada.version},
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
    assert response.status_code == 200
    assert [m.body for m in mail.outbox] == ["Hi Ada, Acme Robotics would like to meet you."]
