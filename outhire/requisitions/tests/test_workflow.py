from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from outhire.accounts.models import AuditEvent
from outhire.requisitions import services
from outhire.requisitions.models import (
    Approval,
    ApprovalRule,
    PipelineTemplate,
    Requisition,
    RequisitionEvent,
    TemplateStage,
)


@pytest.fixture
def draft(acme, rita, hank):
    return services.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 2, "hiring_manager": hank}
    )


def test_a_draft_gets_a_reference_and_a_first_event(draft, acme):
    assert draft.status == "draft" and draft.reference == f"ACME-{draft.pk:05d}"
    assert list(draft.events.values_list("to_status", flat=True)) == ["draft"]
    assert AuditEvent.objects.filter(action="requisition.created", client=acme).exists()


def test_the_approval_chain_is_followed_in_order(draft, acme, rita, hank, carla):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ApprovalRule.objects.create(client=acme, position=2, approver=carla)
    services.requisition_submit(requisition=draft, by=rita)
    assert draft.status == "pending_approval"
    with pytest.raises(ValidationError, match="earlier approver"):
        services.approval_decide(requisition=draft, by=carla, approve=True)
    with pytest.raises(PermissionDenied):
        services.approval_decide(requisition=draft, by=rita, approve=True)
    services.approval_decide(requisition=draft, by=hank, approve=True, comment="Budget ok")
    with pytest.raises(ValidationError, match="already given"):
        services.approval_decide(requisition=draft, by=hank, approve=True)
    assert draft.status == "pending_approval"
    services.approval_decide(requisition=draft, by=carla, approve=True)
    assert draft.status == "open" and draft.approved_at and draft.opened_at
    assert draft.opening_set.count() == 2
    assert [s.kind for s in draft.stages.all()][:2] == ["sourced", "applied"]
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.approval_decide(requisition=draft, by=carla, approve=True)


def test_sending_back_needs_a_reason_and_returns_to_draft(draft, acme, rita, hank):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    services.requisition_submit(requisition=draft, by=rita)
    with pytest.raises(ValidationError):
        services.approval_decide(requisition=draft, by=hank, approve=False)
    assert Approval.objects.get().decision == "pending"  # nothing written
    services.approval_decide(requisition=draft, by=hank, approve=False, comment="Band too low")
    assert draft.status == "draft"
    assert draft.events.last().reason == "Band too low"
    services.requisition_submit(requisition=draft, by=rita)  # a second round
    assert Approval.objects.filter(round=2, decision="pending").count() == 1


def test_opening_copies_the_clients_template(draft, acme, rita):
    template = PipelineTemplate.objects.create(client=acme, name="Lean", is_default=True)
    for n, (name, kind) in enumerate(
        [("New", "applied"), ("Client review", "submitted"), ("Hired", "hired")]
    ):
        TemplateStage.objects.create(
            client=acme, template=template, position=n, name=name, kind=kind
        )
    draft.pipeline_template = template
    draft.save()
    services.requisition_submit(requisition=draft, by=rita)
    assert [s.name for s in draft.stages.all()] == ["New", "Client review", "Hired"]
    TemplateStage.objects.filter(template=template).update(name="Renamed")
    assert draft.stages.first().name == "New"  # the requisition keeps its own copy


def test_bad_transitions_are_refused_with_nothing_written(draft, rita):
    events = RequisitionEvent.objects.count()
    with pytest.raises(ValidationError, match="cannot become on hold"):
        services.requisition_hold(requisition=draft, by=rita, reason="Budget freeze")
    with pytest.raises(ValidationError):
        services.requisition_cancel(requisition=draft, by=rita, reason=" ")
    assert RequisitionEvent.objects.count() == events
    services.requisition_cancel(requisition=draft, by=rita, reason="Role merged")
    assert draft.status == "cancelled" and draft.closed_at
    with pytest.raises(ValidationError):
        services.requisition_submit(requisition=draft, by=rita)


def test_a_stale_edit_is_refused(draft, rita):
    services.requisition_update(
        requisition=draft, fields={"title": "Senior Welder"}, by=rita, expected_version=1
    )
    with pytest.raises(services.StaleVersion) as caught:
        services.requisition_update(
            requisition=draft, fields={"title": "Junior Welder"}, by=rita, expected_version=1
        )
    assert caught.value.current.title == "Senior Welder"
    assert Requisition.objects.get().title == "Senior Welder"


def test_a_salary_band_upside_down_is_refused(acme, rita):
    with pytest.raises(ValidationError, match="below its bottom"):
        services.requisition_create(
            client=acme, by=rita, fields={"title": "X", "salary_min": 50000, "salary_max": 40000}
        )
    assert not Requisition.objects.exists()
