from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from outhire.accounts.tenancy import Access
from outhire.pipeline import services
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import DispositionReason
from outhire.requisitions.services import StaleVersion


def test_a_new_application_starts_at_sourced_with_an_event(make_application, requisition):
    application = make_application("Ada")
    assert application.stage.kind == "sourced" and application.status == "active"
    event = application.events.get()
    assert event.kind == "created" and event.to_kind == "sourced"
    with pytest.raises(ValidationError, match="already in the pipeline"):
        services.application_create(
            requisition=requisition, candidate=application.candidate, by=None
        )


def test_moves_are_recorded_and_a_stale_move_is_refused(make_application, stage, rita):
    application = make_application("Ada")
    seen = application.version
    services.application_move(
        application=application, to_stage=stage("screen"), by=rita, expected_version=seen
    )
    with pytest.raises(StaleVersion) as caught:
        services.application_move(
            application=application, to_stage=stage("submitted"), by=rita, expected_version=seen
        )
    assert caught.value.current.stage.kind == "screen"
    assert Application.objects.get().stage.kind == "screen"
    assert [e.to_kind for e in StageEvent.objects.all()] == ["sourced", "screen"]


def test_client_users_see_an_application_from_submitted_on(
    make_application, stage, rita, hank, gina
):
    application = make_application("Ada")
    assert not Application.objects.visible_to(Access(hank)).exists()
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    assert Application.objects.visible_to(Access(hank)).get() == application
    services.application_move(application=application, to_stage=stage("screen"), by=rita)
    assert Application.objects.visible_to(Access(hank)).exists()  # once shown, stays shown
    assert not Application.objects.visible_to(Access(gina)).exists()
    assert Application.objects.visible_to(Access(rita)).exists()


def test_reject_needs_a_reason_of_the_clients_list(make_application, rita, globex):
    application = make_application("Ada")
    other = DispositionReason.objects.create(client=globex, name="Globex reason")
    with pytest.raises(ValidationError):
        services.application_reject(application=application, by=rita, disposition=other)
    withdrawn_reason = DispositionReason.objects.get(name="No longer interested")
    with pytest.raises(ValidationError):
        services.application_reject(application=application, by=rita, disposition=withdrawn_reason)
    reason = DispositionReason.objects.get(name="Failed assessment")
    services.application_reject(application=application, by=rita, disposition=reason)
    assert application.status == "rejected" and application.disposition == reason
    assert application.events.last().disposition == reason


def test_a_closed_application_cannot_move_until_reopened(make_application, stage, rita):
    application = make_application("Ada")
    reason = DispositionReason.objects.get(name="No longer interested")
    services.application_reject(
        application=application, by=rita, disposition=reason, withdrawn=True
    )
    with pytest.raises(ValidationError, match="withdrawn: reopen it first"):
        services.application_move(application=application, to_stage=stage("screen"), by=rita)
    services.application_reopen(application=application, by=rita, reason="Changed their mind")
    services.application_move(application=application, to_stage=stage("screen"), by=rita)
    assert [e.kind for e in application.events.all()] == [
        "created",
        "withdrawn",
        "reopened",
        "moved",
    ]


def test_hires_fill_openings_and_then_the_requisition(make_application, stage, rita, requisition):
    first, second, third = (make_application(n) for n in ("Ada", "Grace", "Linus"))
    services.application_move(application=first, to_stage=stage("hired"), by=rita)
    requisition.refresh_from_db()
    assert first.status == "hired" and requisition.status == "open"
    assert requisition.opening_set.filter(filled_by=first).exists()
    services.application_move(application=second, to_stage=stage("hired"), by=rita)
    requisition.refresh_from_db()
    assert requisition.status == "filled" and requisition.closed_at
    with pytest.raises(ValidationError, match="filled"):
        services.application_move(application=third, to_stage=stage("hired"), by=rita)
    # A hire falls through: the opening is free again and the requisition reopens.
    services.application_reopen(application=second, by=rita, reason="Declined at the last minute")
    requisition.refresh_from_db()
    assert requisition.status == "open" and second.stage.kind == "offer"
    assert requisition.opening_set.filter(filled_at__isnull=True).count() == 1


def test_bulk_reject_reports_each_refusal(make_application, rita):
    a, b = make_application("Ada"), make_application("Grace")
    reason = DispositionReason.objects.get(name="Failed assessment")
    services.application_reject(application=b, by=rita, disposition=reason)
    result = services.applications_bulk(applications=[a, b], by=rita, disposition=reason)
    assert [x.pk for x in result.done] == [a.pk]
    assert result.refused[0][0].pk == b.pk and "already rejected" in result.refused[0][1]


def test_a_backdated_move_dates_the_timeline_and_never_rewinds_activity(
    make_application, stage, rita
):
    from datetime import timedelta

    from django.utils import timezone

    application = make_application("Ada")
    candidate = application.candidate
    candidate.refresh_from_db()
    latest = candidate.last_activity_at
    past = timezone.now() - timedelta(days=90)
    services.application_move(application=application, to_stage=stage("screen"), by=rita, at=past)
    event = candidate.timeline.filter(kind="stage").get()
    assert event.at == past and event.client_id == application.client_id
    candidate.refresh_from_db()
    assert candidate.last_activity_at == latest
