"""Restriction (GDPR Art. 18) and objection (Art. 21) stop processing: no ranking or AI
comparison, no campaigns, no moves or messages, no updates by imports; banners say so."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from outhire.accounts import services as account_services
from outhire.candidates.imports import uploads
from outhire.candidates.models import Candidate, Consent, ImportJob
from outhire.candidates.services import (
    candidate_create,
    consent_record,
    pool_add,
    pool_save,
    profile_entry_add,
)
from outhire.community import services as community
from outhire.community.models import Delivery
from outhire.pipeline import services as pipeline
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Message, MessageTemplate
from outhire.privacy.services import candidate_processing_flag
from outhire.requisitions.models import DispositionReason
from outhire.screening import ranking
from outhire.testing import confirmed, login


@pytest.fixture
def person(rita):
    """person("Pia", restricted=True): a Python developer of the talent network, consenting."""

    def make(first: str, *, restricted=False, objected=False, email=""):
        candidate = candidate_create(
            by=rita,
            first_name=first,
            last_name="Doe",
            current_title="Python Developer",
            summary="Python and Django web services developer",
            emails=[email] if email else [],
        )
        for skill in ("Python", "Django"):
            profile_entry_add(candidate=candidate, fields={"kind": "skill", "name": skill}, by=rita)
        consent_record(
            candidate=candidate,
            purpose=Consent.Purpose.TALENT_POOL,
            method=Consent.Method.VERBAL,
            by=rita,
        )
        for flag, on in (("restriction", restricted), ("objection", objected)):
            if on:
                candidate_processing_flag(candidate=candidate, flag=flag, stop=True, by=rita)
        candidate.refresh_from_db()
        return candidate

    return make


def _stop(candidate, by, flag="restriction"):
    candidate_processing_flag(candidate=candidate, flag=flag, stop=True, by=by)
    candidate.refresh_from_db()


def test_one_check_says_why_for_each_flag(person):
    assert not person("Ann").processing_stopped
    restricted = person("Rae", restricted=True)
    with pytest.raises(ValidationError) as refused:
        restricted.check_processing_allowed("moving them to another stage")
    assert refused.value.code == "processing_stopped"
    assert refused.value.messages[0].startswith(
        "Processing of this person's data is restricted (GDPR Art. 18) since"
    )
    objected = person("Obi", objected=True)
    with pytest.raises(ValidationError) as refused:
        objected.check_processing_allowed("messaging them")
    assert "objected to the processing of their data (GDPR Art. 21)" in refused.value.messages[0]
    assert set(Candidate.objects.processing_allowed().values_list("first_name", flat=True)) == {
        "Ann"
    }


def test_they_are_neither_ranked_nor_compared_by_ai(person, requisition, rita):
    pia = person("Pia")
    rae = person("Rae", restricted=True)
    obi = person("Obi", objected=True)
    for candidate in (pia, rae, obi):
        pipeline.application_create(requisition=requisition, candidate=candidate, by=None)
    ranked = {row.candidate.first_name for row in ranking.rank_applicants(requisition)}
    assert ranked == {"Pia"}
    matches = {row.candidate.first_name for row in ranking.best_matches(requisition)}
    assert "Rae" not in matches and "Obi" not in matches
    similar = {row.candidate.first_name for row in ranking.similar_candidates(pia)}
    assert "Rae" not in similar and "Obi" not in similar
    with pytest.raises(ValidationError, match="comparing them with others by AI"):
        ranking.similar_candidates(rae)


def test_the_similar_page_of_a_restricted_person_says_why(client, person, rita):
    rae = person("Rae", restricted=True)
    person("Pia")
    login(client, rita)
    page = client.get(reverse("screening:similar_candidates", args=[rae.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "comparing them with others by AI is not allowed" in text
    assert "Pia Doe" not in text


def test_campaigns_skip_them_with_a_reason(acme, rita, person, django_capture_on_commit_callbacks):
    pool = pool_save(fields={"name": "Pythonistas"}, by=rita)
    willing = person("Wil", email="wil@example.test")
    held = person("Rae", email="rae@example.test")
    for candidate in (willing, held):
        pool_add(pool=pool, candidate=candidate, by=rita)
        consent_record(candidate=candidate, purpose="marketing", method="email", by=rita)
    _stop(held, rita, "objection")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = community.campaign_start(
            segment=community.Segment(pool=pool),
            subject="New roles",
            body="We are hiring.",
            by=rita,
        )
    campaign.refresh_from_db()
    assert (campaign.sent, campaign.skipped) == (1, 1)
    assert [m.to for m in mail.outbox] == [["wil@example.test"]]
    skipped = Delivery.objects.get(campaign=campaign, candidate=held)
    assert skipped.status == Delivery.Status.SKIPPED
    assert skipped.reason == "processing restricted or objected to (GDPR Art. 18/21)"


def test_services_refuse_moves_messages_and_sourcing(person, requisition, stage, rita):
    rae = person("Rae", email="rae@example.test")
    application = pipeline.application_create(requisition=requisition, candidate=rae, by=rita)
    _stop(rae, rita)
    with pytest.raises(ValidationError, match="moving them to another stage is not allowed"):
        pipeline.application_move(application=application, to_stage=stage("screen"), by=rita)
    with pytest.raises(ValidationError, match="moving them to another stage"):
        pipeline.application_move(application=application, to_stage=stage("hired"), by=rita)
    with pytest.raises(ValidationError, match="messaging them is not allowed"):
        messaging.message_custom(application=application, body="Hello", by=rita)
    template = MessageTemplate.objects.create(
        client_id=requisition.client_id, name="Hello", subject="Hello", body="Hello"
    )
    with pytest.raises(ValidationError, match="messaging them"):
        messaging.message_send(application=application, template=template, by=rita)
    draft = messaging.Draft(None, "Hi", "Hello", "Body")
    with pytest.raises(ValidationError, match="messaging them"):
        messaging.draft_send(application=application, draft=draft, by=rita)
    assert messaging.move_drafts(application, kind="moved", to_kind="screen") == []
    other = person("Obi", objected=True)
    with pytest.raises(ValidationError, match="adding them to a pipeline is not allowed"):
        pipeline.application_create(requisition=requisition, candidate=other, by=rita)
    result = pipeline.applications_bulk(
        applications=[application], by=rita, to_stage=stage("screen")
    )
    assert result.done == [] and "is not allowed" in result.refused[0][1]
    assert not Message.objects.exists()
    application.refresh_from_db()
    assert application.stage.kind == "sourced" and application.version == 1


def test_closing_their_application_is_allowed_but_sends_nothing(
    person, requisition, rita, django_capture_on_commit_callbacks
):
    rae = person("Rae", email="rae@example.test")
    application = pipeline.application_create(requisition=requisition, candidate=rae, by=rita)
    _stop(rae, rita, "objection")
    reason = DispositionReason.objects.get(client=requisition.client, name="No longer interested")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_reject(
            application=application, by=rita, disposition=reason, withdrawn=True
        )
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert not Message.objects.filter(application=application).exists()
    assert mail.outbox == []


def test_the_board_and_the_api_refuse_a_move_with_the_reason(
    client, person, requisition, stage, rita
):
    rae = person("Rae")
    application = pipeline.application_create(requisition=requisition, candidate=rae, by=rita)
    _stop(rae, rita)
    login(client, rita)
    response = client.post(
        reverse("pipeline:application_move", args=[application.pk]),
        confirmed({"stage": stage("screen").pk, "version": application.version}),
        follow=True,
    )
    assert response.status_code < 500
    assert "moving them to another stage is not allowed" in response.content.decode()
    page = client.get(reverse("pipeline:application_detail", args=[application.pk]))
    assert "Processing stopped." in page.content.decode()
    _, secret = account_services.api_token_create(
        name="Rita's token", client=None, can_write=True, by=rita
    )
    api = client.post(
        f"/api/v1/applications/{application.pk}/move",
        json.dumps({"stage_id": stage("screen").pk, "version": application.version}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert 400 <= api.status_code < 500
    assert "moving them to another stage is not allowed" in api.json()["message"]
    application.refresh_from_db()
    assert application.version == 1


def test_imports_do_not_update_them(rita, person, django_capture_on_commit_callbacks):
    rae = person("Rae", email="rae@example.test", restricted=True)
    ann = person("Ann", email="ann@example.test")
    data = (
        b"First Name,Last Name,Email,Location\n"
        b"Rae,Doe,rae@example.test,Lisbon\n"
        b"Ann,Doe,ann@example.test,Porto\n"
    )
    job = uploads.import_create(
        by=rita, data=data, file_name="people.csv", resumes=None, resumes_name="", source_system=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        uploads.import_start(job=job, by=rita, dry_run=False, mapping=None)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.updated, job.skipped) == (1, 1)
    rae.refresh_from_db()
    ann.refresh_from_db()
    assert rae.location == "" and ann.location == "Porto"
    assert any(
        "restricted or objected to the processing" in error["reason"] for error in job.errors
    )
